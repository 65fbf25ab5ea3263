/** The database was written by a newer Integration Desk: it is left untouched. */
export class DatabaseFromFutureError extends Error {
  constructor(
    readonly fileVersion: number,
    readonly supportedVersion: number,
  ) {
    super(`Database schema version ${fileVersion} is newer than this app supports (${supportedVersion})`);
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
