import type { TFunction } from 'i18next';

import { ERROR_CODES, type IpcError } from '@shared/ipc/errors';
import type { ConnectFlow } from '@shared/ipc/schemas';
import { formatWhen } from '../format';
import i18n from './index';

/**
 * When the provider said when to try again (Retry-After), the sentence names
 * that time in the UI language (`retryAt.<CODE>`, or `retryAt.other`).
 */
function retryAtText(t: TFunction, code: string, retryAt: string): string {
  return t([`retryAt.${code}`, 'retryAt.other'], { time: formatWhen(retryAt, i18n.language) });
}

/** The sentence for an error code; a code this build does not know reads as INTERNAL. */
export function errorText(t: TFunction, error: IpcError): string {
  if (error.retryAt) return retryAtText(t, error.code, error.retryAt);
  return t([`errors.${error.code}`, 'errors.INTERNAL']);
}

/**
 * Codes main stores as text (a connection's lastError, a flow's errorCode): every
 * error code, plus what only reconciliation records. Anything else gets no key of its own.
 */
const STORED_CODES: ReadonlySet<string> = new Set([...ERROR_CODES, 'SECRET_MISSING']);

export function isKnownCode(code: string): boolean {
  return STORED_CODES.has(code);
}

/** The sentence for a code main stored as text, or `fallbackKey`'s sentence when it is not one this build knows. */
export function storedCodeText(t: TFunction, code: string | null | undefined, fallbackKey: string): string {
  return code && isKnownCode(code) ? t(`errors.${code}`) : t(fallbackKey);
}

/**
 * Like storedCodeText, with the platform's own sentence first where its catalog has one
 * (`wizard.<platform>.errors.<CODE>`: FreshBooks says a refused account is a Classic one).
 */
export function platformCodeText(
  t: TFunction,
  platform: string,
  code: string | null | undefined,
  fallbackKey: string,
): string {
  return code && isKnownCode(code)
    ? t([`wizard.${platform}.errors.${code}`, `errors.${code}`])
    : t(fallbackKey);
}

/** The sentence for a sign-in that ended without a link; the flow's status says why when main gave no code. */
export function flowEndText(t: TFunction, flow: ConnectFlow): string {
  const fallback =
    flow.status === 'cancelled'
      ? 'errors.FLOW_CANCELLED'
      : flow.status === 'timedOut'
        ? 'errors.FLOW_TIMED_OUT'
        : 'errors.INTERNAL';
  if (flow.retryAt && flow.errorCode && isKnownCode(flow.errorCode))
    return retryAtText(t, flow.errorCode, flow.retryAt);
  return platformCodeText(t, flow.platform, flow.errorCode, fallback);
}
