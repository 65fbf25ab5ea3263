/**
 * A logger that cannot leak secrets: every line goes through `redact`, which
 * masks secret-looking keys and query parameters and keeps each entry on one line.
 */
export interface Logger {
  info(message: string, context?: unknown): void;
  warn(message: string, context?: unknown): void;
  error(message: string, context?: unknown): void;
}

/**
 * Secret keys, compared without case, `_` or `-`: `refresh_token`, `refreshToken` (the keychain
 * item's own field) and `Refresh-Token` are one key. A key that only contains one of these words
 * (`tokenExpiresAt`, `errorCode`) is metadata and stays readable.
 */
const SECRET_KEYS = new Set([
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'clientsecret',
  'code',
  'codeverifier',
  'password',
  'apikey',
  'authorization',
  'cookie',
  'secret',
  'token',
  'signingsecret',
  'subscriptionkey',
  'state',
]);
const isSecretKey = (key: string) => SECRET_KEYS.has(key.replace(/[_-]/g, '').toLowerCase());
const SECRET_QUERY =
  /([?&](?:code|state|token|access_token|refresh_token|client_secret|code_verifier)=)[^&#\s]*/gi;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[…]';
  if (typeof value === 'string') return value.replace(SECRET_QUERY, '$1[redacted]');
  if (value instanceof Error)
    return { name: value.name, message: redact(value.message), code: (value as { code?: unknown }).code };
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, isSecretKey(k) ? '[redacted]' : redact(v, depth + 1)]),
    );
  }
  return value;
}

/** One line per entry: control characters are escaped so a value cannot forge another entry. */
export function formatLogLine(level: string, message: string, context?: unknown): string {
  const payload = context === undefined ? '' : ` ${JSON.stringify(redact(context))}`;
  const line = `${level.toUpperCase()} ${String(redact(message))}${payload}`;
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return line.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function createLogger(write: (line: string) => void): Logger {
  return {
    info: (m, c) => write(formatLogLine('info', m, c)),
    warn: (m, c) => write(formatLogLine('warn', m, c)),
    error: (m, c) => write(formatLogLine('error', m, c)),
  };
}

export const consoleLogger = createLogger((line) => console.log(line));
