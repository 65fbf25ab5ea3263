import { describe, expect, it } from 'vitest';

import { retryAfterMs } from '../../src/main/platforms/http-errors';
import {
  BASE_DELAY_MS,
  MAX_RETRY_WAIT_MS,
  MAX_TRANSIENT_RETRIES,
  retryDecision,
} from '../../src/main/services/oauth/retry-policy';
import { AppError } from '../../src/shared/ipc/errors';

const failure = (code: ConstructorParameters<typeof AppError>[0], retryAfter?: number) => {
  const error = new AppError(code);
  if (retryAfter !== undefined) error.retryAfterMs = retryAfter;
  return error;
};

describe('the refresh retry policy', () => {
  it('retries "provider unavailable" a bounded number of times, with jitter between two bounds', () => {
    const low = retryDecision(0, failure('PROVIDER_UNAVAILABLE'), () => 0);
    const high = retryDecision(0, failure('PROVIDER_UNAVAILABLE'), () => 0.999);
    expect(low).toEqual({ retry: true, delayMs: BASE_DELAY_MS / 2 });
    expect(high.retry && high.delayMs).toBeGreaterThan(BASE_DELAY_MS * 0.99);
    // Jitter spreads the wait over the upper half of each step, never past it.
    expect(high.retry && high.delayMs).toBeLessThanOrEqual(BASE_DELAY_MS);
    const secondHigh = retryDecision(1, failure('PROVIDER_UNAVAILABLE'), () => 0.999);
    expect(secondHigh.retry && secondHigh.delayMs).toBeLessThanOrEqual(BASE_DELAY_MS * 2);
    const second = retryDecision(1, failure('PROVIDER_UNAVAILABLE'), () => 0);
    expect(second).toEqual({ retry: true, delayMs: BASE_DELAY_MS });
    expect(retryDecision(MAX_TRANSIENT_RETRIES, failure('PROVIDER_UNAVAILABLE'))).toEqual({ retry: false });
    // Two connections failing at once do not retry in step.
    const delays = new Set(
      Array.from({ length: 20 }, () => {
        const d = retryDecision(1, failure('PROVIDER_UNAVAILABLE'));
        return d.retry ? d.delayMs : -1;
      }),
    );
    expect(delays.size).toBeGreaterThan(1);
  });

  it('never retries before Retry-After, and not at all past what the app will wait', () => {
    expect(retryDecision(0, failure('RATE_LIMITED', 5_000), () => 0)).toEqual({
      retry: true,
      delayMs: 5_000,
    });
    expect(retryDecision(0, failure('PROVIDER_UNAVAILABLE', 3_000), () => 0)).toEqual({
      retry: true,
      delayMs: 3_000,
    });
    // Exactly the longest the app waits on its own is still waited out; a millisecond more is not.
    expect(retryDecision(0, failure('RATE_LIMITED', MAX_RETRY_WAIT_MS), () => 0)).toEqual({
      retry: true,
      delayMs: MAX_RETRY_WAIT_MS,
    });
    expect(retryDecision(0, failure('RATE_LIMITED', MAX_RETRY_WAIT_MS + 1))).toEqual({ retry: false });
  });

  it('throttling without Retry-After, invalid_grant and other failures are not retried', () => {
    expect(retryDecision(0, failure('RATE_LIMITED'))).toEqual({ retry: false });
    expect(retryDecision(0, failure('INVALID_GRANT'))).toEqual({ retry: false });
    expect(retryDecision(0, failure('PROVIDER_ERROR'))).toEqual({ retry: false });
    expect(retryDecision(0, new Error('boom'))).toEqual({ retry: false });
  });

  it('reads Retry-After as seconds or as an HTTP date (RFC 9110 §10.2.3)', () => {
    const now = Date.parse('2026-12-02T10:00:00.000Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Wed, 02 Dec 2026 10:01:30 GMT', now)).toBe(90_000);
    expect(retryAfterMs('Wed, 02 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    // The obsolete forms RFC 9110 still asks recipients to read, asctime being in GMT too.
    expect(retryAfterMs('Wednesday, 02-Dec-26 10:00:45 GMT', now)).toBe(45_000);
    expect(retryAfterMs('Wed Dec  2 10:00:05 2026', now)).toBe(5_000);
    expect(retryAfterMs('Tue Nov 10 10:00:00 2026', now)).toBe(0);
    // Fractional or negative seconds, and other dates, are not what the header allows: unreadable,
    // never "now" (Date.parse reads "1.5" as a day in 2001).
    for (const bad of [
      '1.5',
      '-3',
      '2.0',
      '2 minutes',
      '2026-12-02T10:01:00Z',
      'Wed, 02 Dec 2026 10:01:30',
      'Wed, 02 Dec 2026 10:01:30 GMT+1',
      'Wed, 2 Dec 2026 10:01:30 GMT',
      'Wed Dec 2 10:00:05 2026',
      'x Wed, 02 Dec 2026 10:01:30 GMT',
      'x Wed Dec  2 10:00:05 2026',
      'Wed Dec  2 10:00:05 2026 1',
    ])
      expect(retryAfterMs(bad, now), bad).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('99999999', now)).toBe(24 * 3600 * 1000);
  });
});
