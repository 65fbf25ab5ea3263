/** Why the app database could not be opened; each names the path it is about. */
export type DatabaseOpenFailure =
  | 'readOnlyFolder'
  | 'readOnlyFile'
  | 'unreadableFile'
  | 'notAFolder'
  | 'notAFile'
  | 'busy'
  | 'foreign'
  | 'newer'
  | 'corrupt';

/** The database could not be opened and nothing was changed; `reason` and `path` say why and where. */
export class DatabaseOpenError extends Error {
  constructor(
    readonly reason: DatabaseOpenFailure,
    readonly path: string,
  ) {
    super(`Cannot open the database (${reason}): ${path}`);
    this.name = 'DatabaseOpenError';
  }
}

/** The database was written by a newer Integration Desk: it is left untouched. */
export class DatabaseFromFutureError extends DatabaseOpenError {
  constructor(
    readonly fileVersion: number,
    readonly supportedVersion: number,
    path: string,
  ) {
    super('newer', path);
    this.message = `Database schema version ${fileVersion} is newer than this app supports (${supportedVersion})`;
    this.name = 'DatabaseFromFutureError';
  }
}

/**
 * Whether SQLite's code for `error` is one of `families` or an extended code of one
 * (`SQLITE_READONLY_DBMOVED` is a `SQLITE_READONLY`): https://www.sqlite.org/rescode.html
 */
function inFamily(error: unknown, families: readonly string[]): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && families.some((f) => code === f || code.startsWith(`${f}_`));
}

/** SQLite said the file is not a database or is damaged. Only these codes start recovery. */
export function isCorruptionError(error: unknown): boolean {
  return inFamily(error, ['SQLITE_CORRUPT', 'SQLITE_NOTADB']);
}

export function isBusyError(error: unknown): boolean {
  return inFamily(error, ['SQLITE_BUSY', 'SQLITE_LOCKED']);
}

/**
 * A read-only connection found a hot rollback journal beside the file: another program's write was
 * cut short. This app keeps its files in WAL mode and never leaves one.
 */
export function isHotJournalError(error: unknown): boolean {
  return inFamily(error, ['SQLITE_READONLY_ROLLBACK']);
}

/** SQLite could not write the file, or open it or a file beside it (its -wal, its -shm). */
export function isReadOnlyError(error: unknown): boolean {
  return inFamily(error, ['SQLITE_READONLY', 'SQLITE_CANTOPEN']);
}
