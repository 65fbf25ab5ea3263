import * as oauth from 'oauth4webapi';

import { AppError, type ErrorCode } from '@shared/ipc/errors';
import { retryAfterMs, withRetryAfter } from '../../platforms/http-errors';

/** Provider text is shown only as escaped, truncated text labelled as the provider's. */
export const MAX_PROVIDER_TEXT = 200;

export class ProviderError extends AppError {
  constructor(
    code: ErrorCode,
    /** What the provider said (error_description), cleaned and truncated; may be absent. */
    readonly providerText?: string,
  ) {
    super(code);
  }
}

export function cleanProviderText(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  // eslint-disable-next-line no-control-regex -- control characters never reach the screen
  const text = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return text.length > MAX_PROVIDER_TEXT ? `${text.slice(0, MAX_PROVIDER_TEXT - 1)}…` : text || undefined;
}

/** RFC 6749 error codes (authorization and token endpoints) to the app's codes. */
export function codeForOAuthError(error: string | undefined, status?: number): ErrorCode {
  // Throttling, whatever the body names: the person is told to wait (and when, if the provider said).
  if (status === 429) return 'RATE_LIMITED';
  switch (error) {
    case 'access_denied':
      return 'ACCESS_DENIED';
    case 'invalid_scope':
      return 'INVALID_SCOPE';
    case 'invalid_grant':
    case 'invalid_code':
      return 'INVALID_GRANT';
    // The app's registration: a wrong client ID or secret, or an app whose type may not use this flow.
    case 'invalid_client':
    case 'unauthorized_client':
    case 'unsupported_response_type':
      return 'CLIENT_REJECTED';
    case 'invalid_request':
      return 'REQUEST_REFUSED';
    case 'server_error':
    case 'temporarily_unavailable':
      return 'PROVIDER_UNAVAILABLE';
  }
  if (status !== undefined && status >= 500) return 'PROVIDER_UNAVAILABLE';
  return 'PROVIDER_ERROR';
}

function fromResponse(code: ErrorCode, text: unknown, response: Response | undefined): ProviderError {
  return withRetryAfter(
    new ProviderError(code, cleanProviderText(text)),
    retryAfterMs(response?.headers.get('retry-after')),
  );
}

/** The challenge that names an OAuth error, if any (RFC 6750 §3: `error`, `error_description`). */
function namedChallenge(error: oauth.WWWAuthenticateChallengeError) {
  return error.cause.find((c) => typeof c.parameters.error === 'string');
}

/**
 * Turns whatever oauth4webapi or fetch threw into a ProviderError. A token
 * error that arrives with a `WWW-Authenticate` challenge (Doorkeeper-style
 * servers send one with every 400/401) is read like a body error: its `error`
 * decides, so `invalid_grant` means "sign in again", not "provider unavailable".
 */
export function toProviderError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof oauth.AuthorizationResponseError) {
    return new ProviderError(codeForOAuthError(error.error), cleanProviderText(error.error_description));
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const challenge = namedChallenge(error);
    return fromResponse(
      codeForOAuthError(challenge?.parameters.error, error.status),
      challenge?.parameters.error_description,
      error.response,
    );
  }
  if (error instanceof oauth.ResponseBodyError) {
    return fromResponse(
      codeForOAuthError(error.error, error.status),
      error.error_description,
      error.response,
    );
  }
  if (error instanceof oauth.OperationProcessingError) {
    const response = error.cause instanceof Response ? error.cause : undefined;
    const status = response?.status ?? (error.cause as { status?: number } | undefined)?.status;
    return fromResponse(codeForOAuthError(undefined, status), undefined, response);
  }
  // Network failures, timeouts, TLS errors.
  return new ProviderError('PROVIDER_UNAVAILABLE');
}

/**
 * Like toProviderError, for token-endpoint failures: a challenge that names no
 * error leaves the body unread, so the body's `error` is read from it.
 */
export async function toTokenEndpointError(error: unknown): Promise<AppError> {
  if (error instanceof oauth.WWWAuthenticateChallengeError && !namedChallenge(error)) {
    const body = (await error.response
      .clone()
      .json()
      .catch(() => undefined)) as { error?: unknown; error_description?: unknown } | undefined;
    if (typeof body?.error === 'string')
      return fromResponse(
        codeForOAuthError(body.error, error.status),
        body.error_description,
        error.response,
      );
  }
  return toProviderError(error);
}
