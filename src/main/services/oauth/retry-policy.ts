import { AppError } from '@shared/ipc/errors';

/**
 * When a token refresh that failed for a passing reason is tried again.
 *
 * - Only "provider unavailable" and "rate limited" are worth another try; an
 *   `invalid_grant` never is (RFC 9700 §4.14: sign in again).
 * - The provider's Retry-After (RFC 9110 §10.2.3) is a floor: never sooner. One
 *   longer than the app will wait ends the retries, and the person is told when
 *   to try again instead.
 * - Being throttled without a Retry-After is not retried at once: Zoho counts
 *   every token request against its per-minute limits
 *   (https://help.zoho.com/portal/en/community/topic/kaizen-43-tokens-and-limitations).
 * - Waits grow exponentially with "equal jitter" (half fixed, half random), so
 *   many connections failing together do not retry in step
 *   (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 */
export const MAX_TRANSIENT_RETRIES = 2;
export const BASE_DELAY_MS = 500;
/** The longest the app waits on its own before a retry; beyond it, the person decides. */
export const MAX_RETRY_WAIT_MS = 30_000;

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/** Whether (and after how long) to try again after the `attempt`-th failure (0-based). */
export function retryDecision(
  attempt: number,
  error: unknown,
  random: () => number = Math.random,
): RetryDecision {
  if (!(error instanceof AppError) || attempt >= MAX_TRANSIENT_RETRIES) return { retry: false };
  const asked = error.retryAfterMs;
  if (asked !== undefined && asked > MAX_RETRY_WAIT_MS) return { retry: false };
  if (error.code === 'RATE_LIMITED' && asked === undefined) return { retry: false };
  if (error.code !== 'RATE_LIMITED' && error.code !== 'PROVIDER_UNAVAILABLE') return { retry: false };
  const exponential = BASE_DELAY_MS * 2 ** attempt;
  const jittered = Math.round(exponential / 2 + random() * (exponential / 2));
  return { retry: true, delayMs: Math.min(MAX_RETRY_WAIT_MS, Math.max(asked ?? 0, jittered)) };
}
