import { afterEach, describe, expect, it, vi } from 'vitest';

import { consoleLogger, createLogger, formatLogLine, redact } from '../../src/main/services/log';

// What a log line says, exactly: a secret is gone whole, everything else is kept as it was, and
// nothing a provider sends can break a line in two. Read as the support person (or whoever gets
// the diagnostics file) would.

afterEach(() => vi.restoreAllMocks());

const SECRET_KEYS = [
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'Refresh-Token',
  'id_token',
  'idToken',
  'client_secret',
  'clientSecret',
  'code',
  'code_verifier',
  'codeVerifier',
  'password',
  'apiKey',
  'api_key',
  'Authorization',
  'cookie',
  'secret',
  'token',
  'signingSecret',
  'subscriptionKey',
  'state',
];

describe('log lines', () => {
  it('masks the value of every secret key, in any case, snake_case or camelCase, and only those keys', () => {
    for (const key of SECRET_KEYS)
      for (const spelt of [key, key.toUpperCase()])
        expect(redact({ [spelt]: 'S3CRET', kept: 1 })).toEqual({ [spelt]: '[redacted]', kept: 1 });
    // Keys that merely contain a secret word are metadata, and stay readable.
    const metadata = {
      errorCode: 'invalid_grant',
      codeChallengeMethod: 'S256',
      tokenExpiresAt: '2026-12-06T10:00:00.000Z',
      stateOfFlow: 'waiting',
      secretSetAt: '2026-12-01T00:00:00.000Z',
    };
    expect(redact(metadata)).toEqual(metadata);
  });

  it('logs an Error as its name, message and code, never its stack, with secret query parameters removed', () => {
    const error = Object.assign(new Error('GET /oauth/sage/callback?code=SPL-7f3a&state=q9Zk failed'), {
      code: 'ECONNRESET',
    });
    expect(redact({ error })).toEqual({
      error: {
        name: 'Error',
        message: 'GET /oauth/sage/callback?code=[redacted]&state=[redacted] failed',
        code: 'ECONNRESET',
      },
    });
    const line = formatLogLine('error', 'Callback failed', error);
    expect(line).toContain('"name":"Error"');
    expect(line).not.toContain(error.stack!.split('\n')[1]!.trim());
    expect(line).not.toContain('SPL-7f3a');
  });

  it('keeps numbers, booleans, null and lists as they are, masking inside lists', () => {
    expect(redact({ port: 47_318, linked: true, lastError: null, scopes: ['a', 'b'] })).toEqual({
      port: 47_318,
      linked: true,
      lastError: null,
      scopes: ['a', 'b'],
    });
    expect(redact([{ apiKey: 'K' }, 'x', 3])).toEqual([{ apiKey: '[redacted]' }, 'x', 3]);
  });

  it('cuts a long list at 50 entries and a deep value at 8 levels, so a line stays bounded', () => {
    const list = Array.from({ length: 60 }, (_, i) => i);
    expect(redact({ list })).toEqual({ list: list.slice(0, 50) });
    // Eight levels below the top are kept whole; the ninth is cut.
    let deep: unknown = 'bottom';
    for (let i = 0; i < 9; i++) deep = { next: deep };
    let shown = redact(deep) as { next: unknown };
    for (let i = 0; i < 8; i++) shown = shown.next as { next: unknown };
    expect(shown).toEqual({ next: '[…]' });
    // Lists count as levels too.
    let nested: unknown = 'bottom';
    for (let i = 0; i < 9; i++) nested = [nested];
    expect(JSON.stringify(redact(nested))).toBe('[[[[[[[[["[…]"]]]]]]]]]');
  });

  it('logs a value that refers to itself instead of failing', () => {
    const context: Record<string, unknown> = { name: 'loop' };
    context['self'] = context;
    expect(() => formatLogLine('warn', 'odd context', context)).not.toThrow();
    expect(formatLogLine('warn', 'odd context', context)).toContain('"self":{"name":"loop","self":');
  });

  it('removes a secret query parameter whole, wherever it is in the address and in any case', () => {
    expect(
      redact(
        'GET /cb?CODE=1000.abc.def&state=x-y_z&location=eu#frag?token=t0k&other=1 then ?client_secret=cs',
      ),
    ).toBe(
      'GET /cb?CODE=[redacted]&state=[redacted]&location=eu#frag?token=[redacted]&other=1 then ?client_secret=[redacted]',
    );
  });

  it('writes one line per entry: the level, the message, then the context; no context, nothing after the message', () => {
    expect(formatLogLine('info', 'started')).toBe('INFO started');
    expect(formatLogLine('warn', 'slow', { ms: 12 })).toBe('WARN slow {"ms":12}');
    expect(formatLogLine('info', 'linked', { name: 'Acme\n[ERROR] fake\r\u0007\u007f' })).toBe(
      'INFO linked {"name":"Acme\\n[ERROR] fake\\r\\u0007\\u007f"}',
    );
    // A control character in the message itself is shown, escaped, on the same line.
    expect(formatLogLine('error', 'bad\nline')).toBe('ERROR bad\\u000aline');
  });

  it('the console logger writes those lines to the console', () => {
    const written = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    consoleLogger.error('failed', { code: 'C' });
    expect(written).toHaveBeenCalledWith('ERROR failed {"code":"[redacted]"}');
    const lines: string[] = [];
    const log = createLogger((line) => lines.push(line));
    log.info('a');
    log.warn('b');
    log.error('c');
    expect(lines).toEqual(['INFO a', 'WARN b', 'ERROR c']);
  });
});
