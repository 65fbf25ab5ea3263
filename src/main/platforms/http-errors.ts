import { AppError } from '@shared/ipc/errors';

/** Longest Retry-After honoured as such; a longer one is capped (a day). */
const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/**
 * The HTTP-date forms (RFC 9110 §5.6.7): IMF-fixdate and the obsolete RFC 850 form, both in GMT,
 * and asctime (GMT, though it does not say so). Date.parse alone is too lenient: it reads "1.5"
 * (fractional seconds, not allowed) as a day in 2001, which would mean "retry now".
 */
const GMT_DATE = /^[A-Za-z]{3,9}, \d{2}[ -][A-Za-z]{3}[ -]\d{2}(?:\d{2})? \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * Milliseconds a `Retry-After` header asks to wait: delta-seconds or an
 * HTTP-date (RFC 9110 §10.2.3). Undefined when absent or unreadable.
 */
export function retryAfterMs(
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    const at = GMT_DATE.test(value)
      ? Date.parse(value)
      : ASCTIME_DATE.test(value)
        ? Date.parse(`${value} GMT`)
        : NaN;
    if (Number.isNaN(at)) return undefined;
    ms = Math.max(0, at - now);
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/** An AppError that remembers how long the provider asked to wait. */
export function withRetryAfter<E extends AppError>(error: E, ms: number | undefined): E {
  if (ms !== undefined) error.retryAfterMs = ms;
  return error;
}

/**
 * The failure for a provider API reply that is not 2xx: 429 is throttling
 * (with its Retry-After), 5xx the provider being unavailable, anything else an
 * answer the app cannot use. The body is never shown.
 */
export function apiFailure(response: Response): AppError {
  if (response.status === 429)
    return withRetryAfter(new AppError('RATE_LIMITED'), retryAfterMs(response.headers.get('retry-after')));
  if (response.status >= 500)
    return withRetryAfter(
      new AppError('PROVIDER_UNAVAILABLE'),
      retryAfterMs(response.headers.get('retry-after')),
    );
  return new AppError('PROVIDER_ERROR', `Provider API answered ${response.status}`);
}

/** GETs a provider API resource as JSON; a non-2xx reply becomes apiFailure's error. */
export async function getJson<T>(
  fetchImpl: typeof fetch,
  url: string,
  headers: Record<string, string>,
): Promise<T> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { Accept: 'application/json', ...headers },
      signal: AbortSignal.timeout(20_000),
    });
  } catch {
    throw new AppError('PROVIDER_UNAVAILABLE');
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw apiFailure(response);
  }
  try {
    return (await response.json()) as T;
  } catch {
    throw new AppError('PROVIDER_ERROR', 'Provider API answered something that is not JSON');
  }
}
