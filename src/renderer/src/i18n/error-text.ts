import type { TFunction } from 'i18next';

import type { IpcError } from '../../../shared/ipc/errors';

/** The sentence for an error code; a code this build does not know reads as INTERNAL. */
export function errorText(t: TFunction, error: IpcError): string {
  return t([`errors.${error.code}`, 'errors.INTERNAL']);
}
