/**
 * Fake Clear Books SOAP 1.1 API on http://127.0.0.1:<port>/api/accounting/soap/.
 *
 * Published sources it follows:
 * - https://www.clearbooks.co.uk/support/api/docs/soap/ : the service address
 *   and namespace `https://secure.clearbooks.co.uk/api/accounting/soap/`, and the
 *   key as an attribute, `<cb:authenticate apiKey="…"/>`;
 * - the per-method request examples, e.g.
 *   https://www.clearbooks.co.uk/support/api/docs/soap/get-entity-id-external-id/ :
 *   `<authenticate xmlns="…/api/accounting/soap/"><apiKey xmlns="">KEY</apiKey></authenticate>`,
 *   as the official PHP SDK sends it (clearbooks/clearbooks-soap-php `src/Clearbooks/Soap/1/0.php`);
 * - `listAccountCodes` and its `AccountCode` attributes
 *   (clearbooks-soap-php `demo/ListAccountCodes.php`);
 * - the faults "Login Failed : no api key set" and "Login Failed" (fixtures of
 *   widefix/clearbooks `spec/fixtures/response/no_api_key_fault.xml`, `wrong_api_key_fault.xml`).
 *
 * It refuses what the service refuses: an envelope that is not XML ("Bad
 * Request"), and an `authenticate` header outside the accounting namespace (the
 * older `/api/soap/` one, or none), which carries no key the service can read.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

import type { ProviderEndpoints } from '../../src/main/platforms/endpoints';
import type { CannedResponse } from './oauth-fake';
import {
  escapeHtml,
  startLoopbackServer,
  type FakeRequest,
  type FakeResponse,
  type RecordedRequest,
} from './server';

export const CLEARBOOKS_SOAP_PATH = '/api/accounting/soap/';
const NS = 'https://secure.clearbooks.co.uk/api/accounting/soap/';
const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';

export interface AccountCode {
  id: string;
  account_name: string;
  group_name: string;
  default_vat_rate: string;
  show_sales: boolean;
  show_purchases: boolean;
}

export interface ClearBooksFakeOptions {
  /** API keys that log in. Default ['test-api-key']. */
  apiKeys?: string[];
  accountCodes?: AccountCode[];
  latencyMs?: number;
}

export interface ClearBooksFake {
  endpoints: ProviderEndpoints['clearbooks'];
  origin: string;
  requests: RecordedRequest[];
  /** Mutable. */
  apiKeys: Set<string>;
  /** Mutable; try hostile names. */
  accountCodes: AccountCode[];
  behaviour: {
    latencyMs: number;
    /** Replies for the next SOAP requests (FIFO), e.g. 503; a string body is sent as text/xml. */
    responses: CannedResponse[];
  };
  /** The SOAP operation of each recorded request, e.g. ['listAccountCodes']. */
  operations(): string[];
  close(): Promise<void>;
}

/** Some of the demo's account codes; one name carries an ampersand so clients must unescape. */
export const DEFAULT_ACCOUNT_CODES: AccountCode[] = [
  {
    id: '1001001',
    account_name: 'Revenue',
    group_name: 'Revenue',
    default_vat_rate: '',
    show_sales: true,
    show_purchases: false,
  },
  {
    id: '4001001',
    account_name: 'Salaries',
    group_name: 'Administrative expenses',
    default_vat_rate: '0.00:Out',
    show_sales: false,
    show_purchases: true,
  },
  {
    id: '7001002',
    account_name: 'Plant & equipment',
    group_name: 'Non current assets',
    default_vat_rate: '',
    show_sales: false,
    show_purchases: true,
  },
  {
    id: '7502001',
    account_name: 'Bank Account 1',
    group_name: 'Current assets',
    default_vat_rate: '0.00:Out',
    show_sales: false,
    show_purchases: false,
  },
];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
});

type XmlNode = Record<string, unknown>;
type Scope = Record<string, string>;

/** The namespace declarations of an element, on top of its ancestors'. */
function scopeOf(node: unknown, outer: Scope): Scope {
  if (typeof node !== 'object' || node === null) return outer;
  const scope = { ...outer };
  for (const [key, value] of Object.entries(node as XmlNode)) {
    if (key === '@_xmlns') scope[''] = String(value);
    else if (key.startsWith('@_xmlns:')) scope[key.slice('@_xmlns:'.length)] = String(value);
  }
  return scope;
}

/** The children of `node` whose local name is `local`, each with its namespace URI. */
function childrenNamed(node: unknown, local: string, outer: Scope): Array<{ value: unknown; uri: string }> {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node as XmlNode)
    .filter(([key]) => !key.startsWith('@_') && key !== '#text')
    .flatMap(([key, value]) => {
      const [prefix, name] = key.includes(':') ? key.split(':', 2) : ['', key];
      if (name !== local) return [];
      const values = Array.isArray(value) ? (value as unknown[]) : [value];
      return values.map((v) => ({ value: v, uri: scopeOf(v, outer)[prefix ?? ''] ?? '' }));
    });
}

const textOf = (node: unknown): string | undefined =>
  typeof node === 'string'
    ? node
    : typeof node === 'object' && node !== null && typeof (node as XmlNode)['#text'] === 'string'
      ? ((node as XmlNode)['#text'] as string)
      : undefined;

interface ParsedCall {
  /** undefined: no authenticate header or no key in it. */
  apiKey: string | undefined;
  operation: string | undefined;
}

function parseCall(xml: string): ParsedCall {
  if (XMLValidator.validate(xml) !== true) throw new Error('not XML');
  const doc = parser.parse(xml) as unknown;
  const [envelope] = childrenNamed(doc, 'Envelope', {}).filter((e) => e.uri === SOAP_ENV);
  if (!envelope) throw new Error('not a SOAP 1.1 envelope');
  const envScope = scopeOf(envelope.value, {});
  const [header] = childrenNamed(envelope.value, 'Header', envScope).filter((h) => h.uri === SOAP_ENV);
  const headerScope = scopeOf(header?.value, envScope);
  // Only an `authenticate` in the accounting namespace carries a key; the key is either an
  // attribute (overview page) or an unqualified child element (per-method examples, PHP SDK).
  const auth = childrenNamed(header?.value, 'authenticate', headerScope).find((a) => a.uri === NS);
  let apiKey: string | undefined;
  if (auth && typeof auth.value === 'object' && auth.value !== null) {
    const attribute = (auth.value as XmlNode)['@_apiKey'];
    const authScope = scopeOf(auth.value, headerScope);
    const child = childrenNamed(auth.value, 'apiKey', authScope).find((c) => c.uri === '');
    apiKey = typeof attribute === 'string' ? attribute : textOf(child?.value);
  }
  const [body] = childrenNamed(envelope.value, 'Body', envScope).filter((b) => b.uri === SOAP_ENV);
  const operation = Object.keys((body?.value as XmlNode | undefined) ?? {})
    .filter((k) => !k.startsWith('@_') && k !== '#text')
    .map((k) => (k.includes(':') ? k.split(':')[1] : k))[0];
  return { apiKey: apiKey === '' ? undefined : apiKey, operation };
}

const envelope = (header: string, body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENV}" xmlns:ns1="${NS}">` +
  `${header ? `<SOAP-ENV:Header>${header}</SOAP-ENV:Header>` : ''}<SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;

const xmlReply = (status: number, body: string): FakeResponse => ({
  status,
  body,
  headers: { 'content-type': 'text/xml; charset=utf-8' },
});

/** HTTP 500 (SOAP 1.1 faults), faultcode Receiver. */
export const soapFault = (faultstring: string, faultcode = 'Receiver'): FakeResponse =>
  xmlReply(
    500,
    envelope(
      '',
      `<SOAP-ENV:Fault><faultcode>${escapeHtml(faultcode)}</faultcode><faultstring>${escapeHtml(faultstring)}</faultstring></SOAP-ENV:Fault>`,
    ),
  );

export async function startFakeClearBooks(options: ClearBooksFakeOptions = {}): Promise<ClearBooksFake> {
  const requests: RecordedRequest[] = [];

  const handle = (req: FakeRequest): FakeResponse => {
    const canned = fake.behaviour.responses[0];
    if (canned) {
      if (!canned.sticky) fake.behaviour.responses.shift();
      const headers =
        typeof canned.body === 'string'
          ? { 'content-type': 'text/xml; charset=utf-8', ...canned.headers }
          : canned.headers;
      return { status: canned.status, body: canned.body, ...(headers ? { headers } : {}) };
    }
    if (req.path !== CLEARBOOKS_SOAP_PATH)
      return { status: 404, body: 'Not found', headers: { 'content-type': 'text/plain' } };
    if (req.method !== 'POST')
      return {
        status: 405,
        body: 'Method not allowed',
        headers: { 'content-type': 'text/plain', allow: 'POST' },
      };
    let call: ParsedCall;
    try {
      call = parseCall(typeof req.body === 'string' ? req.body : '');
    } catch {
      return soapFault('Bad Request', 'Sender');
    }
    if (call.apiKey === undefined) return soapFault('Login Failed : no api key set');
    if (!fake.apiKeys.has(call.apiKey)) return soapFault('Login Failed');
    if (call.operation !== 'listAccountCodes') {
      // What PHP's SoapServer answers for an unknown operation.
      return soapFault(`Procedure '${call.operation ?? ''}' not present`, 'Server');
    }
    const items = fake.accountCodes
      .map(
        (c) =>
          `<ns1:AccountCode id="${escapeHtml(c.id)}" account_name="${escapeHtml(c.account_name)}" group_name="${escapeHtml(c.group_name)}"` +
          ` default_vat_rate="${escapeHtml(c.default_vat_rate)}" show_sales="${c.show_sales}" show_purchases="${c.show_purchases}"/>`,
      )
      .join('');
    return xmlReply(
      200,
      envelope(
        '<ns1:authenticate>true</ns1:authenticate>',
        `<ns1:listAccountCodesResponse><accountCodes>${items}</accountCodes></ns1:listAccountCodesResponse>`,
      ),
    );
  };

  const server = await startLoopbackServer({
    label: 'clearbooks',
    record: requests,
    latencyMs: () => fake.behaviour.latencyMs,
    handler: handle,
  });

  const fake: ClearBooksFake = {
    requests,
    apiKeys: new Set(options.apiKeys ?? ['test-api-key']),
    accountCodes: [...(options.accountCodes ?? DEFAULT_ACCOUNT_CODES)],
    behaviour: { latencyMs: options.latencyMs ?? 0, responses: [] },
    endpoints: { soapUrl: `${server.origin}${CLEARBOOKS_SOAP_PATH}` },
    origin: server.origin,
    operations: () =>
      requests.map((r) => {
        try {
          return parseCall(typeof r.body === 'string' ? r.body : '').operation ?? '';
        } catch {
          return '';
        }
      }),
    close: () => server.close(),
  };
  return fake;
}
