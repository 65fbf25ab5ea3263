import * as oauth from 'oauth4webapi';

import { AppError, type ErrorCode } from '@shared/ipc/errors';

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
  switch (error) {
    case 'access_denied':
      return 'ACCESS_DENIED';
    case 'invalid_scope':
      return 'INVALID_SCOPE';
    case 'invalid_grant':
    case 'invalid_code':
      return 'INVALID_GRANT';
    case 'server_error':
    case 'temporarily_unavailable':
      return 'PROVIDER_UNAVAILABLE';
  }
  if (status === 429) return 'RATE_LIMITED';
  if (status !== undefined && status >= 500) return 'PROVIDER_UNAVAILABLE';
  return 'PROVIDER_ERROR';
}

/** Turns whatever oauth4webapi or fetch threw into a ProviderError. */
export function toProviderError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof oauth.AuthorizationResponseError) {
    return new ProviderError(codeForOAuthError(error.error), cleanProviderText(error.error_description));
  }
  if (error instanceof oauth.ResponseBodyError) {
    return new ProviderError(
      codeForOAuthError(error.error, error.status),
      cleanProviderText(error.error_description),
    );
  }
  if (error instanceof oauth.OperationProcessingError) {
    const status = (error.cause as { status?: number } | undefined)?.status;
    return new ProviderError(codeForOAuthError(undefined, status));
  }
  // Network failures, timeouts, TLS errors.
  return new ProviderError('PROVIDER_UNAVAILABLE');
}
