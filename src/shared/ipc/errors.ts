/**
 * Error codes that may cross the IPC bridge. A code is all the renderer gets:
 * it turns `errors.<code>` into a sentence in the user's language. Never a
 * stack trace, a path, SQL or a secret.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'FORBIDDEN_SENDER',
  'NOT_CONFIGURED',
  'NOT_FOUND',
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_ERROR',
  'SECRET_TOO_LARGE',
  'EMPTY_SECRET',
  'DB_BUSY',
  'LINK_NOT_ALLOWED',
  'PORT_IN_USE',
  'FLOW_NOT_FOUND',
  'FLOW_IN_PROGRESS',
  'FLOW_TIMED_OUT',
  'FLOW_CANCELLED',
  'CALLBACK_REJECTED',
  'ACCESS_DENIED',
  'INVALID_SCOPE',
  'INVALID_GRANT',
  'CLIENT_REJECTED',
  'REQUEST_REFUSED',
  'RATE_LIMITED',
  'PROVIDER_UNAVAILABLE',
  'PROVIDER_ERROR',
  'API_KEY_REJECTED',
  'API_KEY_ALREADY_LINKED',
  'ACCOUNT_NOT_SUPPORTED',
  'COMPANY_NOT_FOUND',
  'CREDENTIALS_RETIRED',
  'REVOKE_FAILED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Whether a value is one of the codes main sends (the preload drops any other as INTERNAL). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return (ERROR_CODES as readonly unknown[]).includes(value);
}

export interface IpcError {
  code: ErrorCode;
  messageKey: `errors.${ErrorCode}`;
  /** When the provider said to try again (RATE_LIMITED with Retry-After), as an ISO instant. */
  retryAt?: string;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export function ipcError(code: ErrorCode, retryAt?: string): IpcError {
  return { code, messageKey: `errors.${code}`, ...(retryAt ? { retryAt } : {}) };
}

/** An ISO instant as main writes it (`Date.prototype.toISOString`), and nothing else. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Thrown by services for an expected failure the user can act on. The message
 * is for developers only and never leaves the main process.
 */
export class AppError extends Error {
  /** How long the provider asked to wait before trying again (Retry-After), in milliseconds. */
  retryAfterMs?: number;

  constructor(
    readonly code: ErrorCode,
    message: string = code,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
