import { XMLParser } from 'fast-xml-parser';

import { AppError } from '@shared/ipc/errors';
import { clearBooks } from '@shared/platforms/clearbooks';
import { apiFailure } from './http-errors';
import type { ApiKeyAdapter } from './types';

/** The SOAP namespace; the service answers at the same address (https://www.clearbooks.co.uk/support/api/docs/soap/). */
const NAMESPACE = 'https://secure.clearbooks.co.uk/api/accounting/soap/';
const REQUEST_TIMEOUT_MS = 20_000;

function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The read-only call that proves an API key works: `listAccountCodes`, no
 * parameters (clearbooks/clearbooks-soap-php `demo/ListAccountCodes.php`).
 *
 * The key travels as a child element of `authenticate`, in no namespace, as in
 * Clear Books' per-method request examples (e.g.
 * https://www.clearbooks.co.uk/support/api/docs/soap/get-entity-id-external-id/:
 * `<authenticate xmlns="…/api/accounting/soap/"><apiKey xmlns="">KEY</apiKey></authenticate>`)
 * and the official PHP SDK's `SoapHeader(…, 'authenticate', ['apiKey' => …])`.
 * The overview page shows an attribute form (`<cb:authenticate apiKey="…"/>`) instead.
 */
export function listAccountCodesEnvelope(apiKey: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="${NAMESPACE}">`,
    `<soap:Header><ns1:authenticate><apiKey>${escapeXml(apiKey)}</apiKey></ns1:authenticate></soap:Header>`,
    '<soap:Body><ns1:listAccountCodes/></soap:Body>',
    '</soap:Envelope>',
  ].join('');
}

/**
 * Verifies a Clear Books API key with `listAccountCodes`. A "Login Failed"
 * fault ("Login Failed : no api key set" without a key, "Login Failed" with a
 * wrong one: fixtures of widefix/clearbooks `spec/fixtures/response/`) means the
 * key was rejected; the fault text itself is never shown.
 */
export async function verifyClearBooksKey(
  soapUrl: string,
  apiKey: string,
  fetchImpl: typeof fetch,
): Promise<void> {
  let response: Response;
  try {
    response = await fetchImpl(soapUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: `${NAMESPACE}#listAccountCodes` },
      body: listAccountCodesEnvelope(apiKey),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    throw new AppError('PROVIDER_UNAVAILABLE');
  }
  const text = await response.text();
  const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, processEntities: false });
  let body: Record<string, unknown> | undefined;
  try {
    body = (parser.parse(text) as { Envelope?: { Body?: Record<string, unknown> } }).Envelope?.Body;
  } catch {
    body = undefined;
  }
  const fault = body?.['Fault'] as { faultstring?: unknown } | undefined;
  const faultText = typeof fault?.faultstring === 'string' ? fault.faultstring : '';
  if (fault && /login failed/i.test(faultText)) throw new AppError('API_KEY_REJECTED');
  // Throttled or unavailable, even when a gateway wraps it in a SOAP fault: wait and try again.
  if (response.status === 429 || response.status >= 502) throw apiFailure(response);
  if (fault) throw new AppError('PROVIDER_ERROR');
  if (!response.ok) throw apiFailure(response);
  if (!body) throw new AppError('PROVIDER_ERROR');
}

export const clearBooksAdapter: ApiKeyAdapter = {
  platform: clearBooks.id,
  // Clear Books serves UK businesses only.
  region: clearBooks.regions[0]?.id ?? null,
  verify: (endpoints, apiKey, fetchImpl) =>
    verifyClearBooksKey(endpoints.clearbooks.soapUrl, apiKey, fetchImpl),
};
