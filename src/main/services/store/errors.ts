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
    options?: { cause?: unknown },
  ) {
    super(`Cannot open the database (${reason}): ${path}`, options);
    this.name = 'DatabaseOpenError';
  }
}

/** The database was written by a newer Integration Desk: it is left untouched. */
export class DatabaseFromFutureError extends DatabaseOpenError {
  constructor(
    readonly fileVersion: number,
    readonly supportedVersion: number,
    path = '',
  ) {
    super('newer', path);
    this.message = `Database schema version ${fileVersion} is newer than this app supports (${supportedVersion})`;
    this.name = 'DatabaseFromFutureError';
  }
}

/** SQLite said the file is not a database or is damaged. Only these codes start recovery. */
const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' && [...CORRUPTION_CODES].some((c) => code === c || code.startsWith(`${c}_`))
  );
}

export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
