import { describe, expect, it } from 'vitest';

import { verifyClearBooksKey } from '../../src/main/platforms/clearbooks';
import { DEFAULT_ENDPOINTS, isAcceptableEndpoint } from '../../src/main/platforms/endpoints';
import { freshBooksAdapter } from '../../src/main/platforms/freshbooks';
import { apiFailure, getJson, retryAfterMs } from '../../src/main/platforms/http-errors';
import { API_KEY_ADAPTER, oauthAdapter } from '../../src/main/platforms/index';
import { sageAdapter } from '../../src/main/platforms/sage';
import { ZOHO_DATA_CENTRES } from '../../src/shared/platforms/zoho-data-centres';
import type { ConnectionServer } from '../../src/main/platforms/types';
import { ZOHO_THROTTLE_WINDOW_SECONDS, zohoBooksAdapter } from '../../src/main/platforms/zohobooks';

// What each provider's replies mean to the app: which companies are offered, which failure the
// person is told about, and where the access token is (and is not) sent. The replies are the
// providers' documented shapes, answered by a stand-in fetch that records every request.

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
}

function provider(...replies: Array<Response | (() => Response) | Error>) {
  const sent: Sent[] = [];
  const fetchImpl = (async (input: string | URL | Request, init: RequestInit = {}) => {
    sent.push({
      url: input instanceof Request ? input.url : input.toString(),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
    });
    const next = replies.shift() ?? new Response('no more replies', { status: 599 });
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next() : next;
  }) as typeof fetch;
  return { sent, fetchImpl };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const server = (apiBase: string): ConnectionServer => ({
  region: null,
  tokenEndpoint: 'https://provider.test/token',
  revocationEndpoint: null,
  apiBase,
});

describe('Sage businesses', () => {
  it('are read page after page under the API root, each with its name, and the token only goes there', async () => {
    const { sent, fetchImpl } = provider(
      json({
        $items: [
          { id: 'b-1', displayed_as: 'Acme Trading Ltd' },
          { id: '', displayed_as: 'No id' },
          { displayed_as: 'Missing id' },
          { id: 42, displayed_as: 'Numeric id' },
          { id: 'b-2' },
        ],
        $next: '/businesses?page=2',
      }),
      json({ $items: [{ id: 'b-3', displayed_as: 'Page two' }], $next: null }),
    );
    const companies = await sageAdapter.companies(server('https://sage.test/v3.1'), 'at-1', fetchImpl);
    expect(companies).toEqual([
      { externalId: 'b-1', label: 'Acme Trading Ltd' },
      { externalId: 'b-2', label: 'b-2' },
      { externalId: 'b-3', label: 'Page two' },
    ]);
    expect(sent.map((s) => s.url)).toEqual([
      'https://sage.test/v3.1/businesses',
      'https://sage.test/v3.1/businesses?page=2',
    ]);
    for (const s of sent) {
      expect(s.headers.get('authorization')).toBe('Bearer at-1');
      expect(s.headers.get('accept')).toBe('application/json');
    }
  });

  it('never follow a next page to another host, which would receive the access token', async () => {
    const { sent, fetchImpl } = provider(
      json({ $items: [{ id: 'b-1', displayed_as: 'Acme' }], $next: 'https://attacker.test/businesses' }),
    );
    expect(await sageAdapter.companies(server('https://sage.test/v3.1'), 'at-1', fetchImpl)).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });

  it('stop after 25 pages however many the provider links', async () => {
    const page = () => json({ $items: [{ id: `b-${Math.random()}` }], $next: '/businesses?page=n' });
    const { sent, fetchImpl } = provider(...Array.from({ length: 30 }, () => page));
    expect(await sageAdapter.companies(server('https://sage.test/v3.1'), 'at', fetchImpl)).toHaveLength(25);
    expect(sent).toHaveLength(25);
  });

  it('none at all is "account not supported"', async () => {
    const { fetchImpl } = provider(json({ $items: [] }));
    await expect(sageAdapter.companies(server('https://sage.test'), 'at', fetchImpl)).rejects.toMatchObject({
      code: 'ACCOUNT_NOT_SUPPORTED',
    });
    const { fetchImpl: empty } = provider(json({}));
    await expect(sageAdapter.companies(server('https://sage.test'), 'at', empty)).rejects.toMatchObject({
      code: 'ACCOUNT_NOT_SUPPORTED',
    });
  });

  it('the country Sage names in the callback is kept only when it is a two-letter code', () => {
    const from = (query: string) =>
      sageAdapter.serverFromCallback(DEFAULT_ENDPOINTS, new URLSearchParams(query)).region;
    expect(from('country=gb')).toBe('GB');
    expect(from('country=CA')).toBe('CA');
    for (const bad of ['', 'country=', 'country=GBR', 'country=g1', 'country=x%0Ay', 'country=ie%20'])
      expect(from(bad), bad).toBeNull();
    expect(sageAdapter.serverFromCallback(DEFAULT_ENDPOINTS, new URLSearchParams())).toMatchObject({
      tokenEndpoint: DEFAULT_ENDPOINTS.sage.tokenUrl,
      revocationEndpoint: DEFAULT_ENDPOINTS.sage.revokeUrl,
      apiBase: DEFAULT_ENDPOINTS.sage.apiBase,
    });
  });

  it('refresh tokens lapse after 31 unused days', () => {
    expect(sageAdapter.refreshTokenLifetimeSeconds).toBe(31 * 24 * 3600);
  });
});

describe('FreshBooks businesses', () => {
  it('are the memberships with an account id, once each, named when a name is given', async () => {
    const { sent, fetchImpl } = provider(
      json({
        response: {
          business_memberships: [
            { business: { account_id: 'ACC1', name: 'Acme Design' } },
            { business: { account_id: 'ACC1', name: 'Acme Design again' } },
            { business: { account_id: 'ACC2' } },
            { business: { account_id: '', name: 'Empty' } },
            { business: { account_id: 7, name: 'Number' } },
            { business: null },
            {},
          ],
        },
      }),
    );
    expect(await freshBooksAdapter.companies(server('https://fb.test'), 'at-2', fetchImpl)).toEqual([
      { externalId: 'ACC1', label: 'Acme Design' },
      { externalId: 'ACC2', label: 'ACC2' },
    ]);
    expect(sent[0]!.url).toBe('https://fb.test/auth/api/v1/users/me');
    expect(sent[0]!.headers.get('authorization')).toBe('Bearer at-2');
  });

  it('a Classic identity with no business is "account not supported"', async () => {
    for (const body of [{ response: { business_memberships: [] } }, { response: {} }, {}]) {
      const { fetchImpl } = provider(json(body));
      await expect(
        freshBooksAdapter.companies(server('https://fb.test'), 'at', fetchImpl),
      ).rejects.toMatchObject({ code: 'ACCOUNT_NOT_SUPPORTED' });
    }
  });

  it('exchanges codes and revokes at the configured endpoints, and has no data centres', () => {
    expect(freshBooksAdapter.serverFromCallback(DEFAULT_ENDPOINTS, new URLSearchParams('region=eu'))).toEqual(
      {
        region: null,
        tokenEndpoint: 'https://api.freshbooks.com/auth/oauth/token',
        revocationEndpoint: 'https://api.freshbooks.com/auth/oauth/revoke',
        apiBase: 'https://api.freshbooks.com',
      },
    );
    expect(freshBooksAdapter.issuer(DEFAULT_ENDPOINTS)).toBe('https://auth.freshbooks.com');
    expect(freshBooksAdapter.refreshTokenLifetimeSeconds).toBeNull();
  });
});

describe('Zoho Books', () => {
  it('organisations: the default first, numeric ids as text, each once, named when a name is given', async () => {
    const { sent, fetchImpl } = provider(
      json({
        organizations: [
          { organization_id: '111', name: 'Acme Canada' },
          { organization_id: 222, name: 'Acme Global', is_default_org: true },
          { organization_id: '111', name: 'Acme Canada again' },
          { organization_id: '333' },
          { organization_id: '', name: 'Empty' },
          { name: 'No id' },
          { organization_id: '444', name: 'Acme UK', is_default_org: 'yes' },
        ],
      }),
    );
    expect(
      await zohoBooksAdapter.companies(server('https://www.zohoapis.eu/books/v3'), 'at-3', fetchImpl),
    ).toEqual([
      { externalId: '222', label: 'Acme Global' },
      { externalId: '111', label: 'Acme Canada' },
      { externalId: '333', label: '333' },
      { externalId: '444', label: 'Acme UK' },
    ]);
    expect(sent[0]!.url).toBe('https://www.zohoapis.eu/books/v3/organizations');
    expect(sent[0]!.headers.get('authorization')).toBe('Zoho-oauthtoken at-3');
  });

  it('a user with no Books organisation is "account not supported"', async () => {
    for (const body of [{ organizations: [] }, {}]) {
      const { fetchImpl } = provider(json(body));
      await expect(
        zohoBooksAdapter.companies(server('https://z.test'), 'at', fetchImpl),
      ).rejects.toMatchObject({
        code: 'ACCOUNT_NOT_SUPPORTED',
      });
    }
  });

  it('the owner is the signed-in user by e-mail, in lower case, asked about that organisation', async () => {
    const owner = zohoBooksAdapter.owner!;
    const company = { externalId: '111&x=1', label: 'Acme' };
    const { sent, fetchImpl } = provider(json({ user: { email: 'Jane.Doe@Example.com' } }));
    expect(await owner(server('https://z.test/books/v3'), 'at-4', company, fetchImpl)).toBe(
      'zoho-user:jane.doe@example.com',
    );
    expect(sent[0]!.url).toBe('https://z.test/books/v3/users/me?organization_id=111%26x%3D1');
    expect(sent[0]!.headers.get('authorization')).toBe('Zoho-oauthtoken at-4');
    for (const body of [{ user: { email: 'no-at-sign' } }, { user: { email: 5 } }, { user: {} }, {}]) {
      const { fetchImpl: other } = provider(json(body));
      expect(await owner(server('https://z.test'), 'at', company, other), JSON.stringify(body)).toBeNull();
    }
  });

  it('the API domain of the token reply must be a known one, and the API is under /books/v3 there', () => {
    const start = server('');
    expect(
      zohoBooksAdapter.serverFromTokens!(DEFAULT_ENDPOINTS, start, {
        access_token: 'a',
        token_type: 'bearer',
        api_domain: 'https://www.zohoapis.eu',
      }),
    ).toEqual({ ...start, apiBase: 'https://www.zohoapis.eu/books/v3' });
    for (const apiDomain of ['https://www.zohoapis.eu.attacker.test', '', 42, undefined])
      expect(
        () =>
          zohoBooksAdapter.serverFromTokens!(DEFAULT_ENDPOINTS, start, {
            access_token: 'a',
            token_type: 'bearer',
            api_domain: apiDomain,
          }),
        String(apiDomain),
      ).toThrow(expect.objectContaining({ code: 'PROVIDER_ERROR' }));
  });

  it('the callback’s accounts server must be a known one; none means the default data centre', () => {
    const from = (query: string) =>
      zohoBooksAdapter.serverFromCallback(DEFAULT_ENDPOINTS, new URLSearchParams(query));
    expect(from('accounts-server=https%3A%2F%2Faccounts.zoho.eu')).toEqual({
      region: 'eu',
      tokenEndpoint: 'https://accounts.zoho.eu/oauth/v2/token',
      revocationEndpoint: 'https://accounts.zoho.eu/oauth/v2/token/revoke',
      apiBase: '',
    });
    expect(from('').region).toBe(DEFAULT_ENDPOINTS.zohobooks.defaultDataCentre);
    expect(from('').tokenEndpoint).toBe(
      `${DEFAULT_ENDPOINTS.zohobooks.accountsServers[DEFAULT_ENDPOINTS.zohobooks.defaultDataCentre]}/oauth/v2/token`,
    );
    for (const bad of ['accounts-server=https%3A%2F%2Faccounts.attacker.test', 'accounts-server='])
      expect(() => from(bad), bad).toThrow(expect.objectContaining({ code: 'CALLBACK_REJECTED' }));
    // A default data centre missing from the list is refused rather than guessed at.
    const broken = {
      ...DEFAULT_ENDPOINTS,
      zohobooks: { ...DEFAULT_ENDPOINTS.zohobooks, defaultDataCentre: 'nowhere' },
    };
    expect(() => zohoBooksAdapter.serverFromCallback(broken, new URLSearchParams())).toThrow(
      expect.objectContaining({ code: 'CALLBACK_REJECTED' }),
    );
  });

  it('token errors sent with HTTP 200 become OAuth errors, and "Access Denied" throttling a 429', async () => {
    const normalise = zohoBooksAdapter.normaliseTokenResponse!;
    const tokens = await normalise(json({ access_token: 'a', token_type: 'bearer' }));
    expect(tokens.status).toBe(200);
    expect(tokens.headers.get('content-type')).toBe('application/json');
    expect(await tokens.json()).toEqual({ access_token: 'a', token_type: 'bearer' });

    const invalid = await normalise(json({ error: 'invalid_code' }));
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toBe('application/json');
    expect(await invalid.json()).toEqual({ error: 'invalid_code' });

    const throttled = await normalise(json({ error: 'Access Denied', error_description: 'too many' }));
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe(String(ZOHO_THROTTLE_WINDOW_SECONDS));
    expect(ZOHO_THROTTLE_WINDOW_SECONDS).toBe(600);
    expect((await throttled.json()) as unknown).toMatchObject({ error: 'Access Denied' });
    const told = await normalise(json({ error: 'access denied' }, 200, { 'retry-after': '30' }));
    expect([told.status, told.headers.get('retry-after')]).toEqual([429, '30']);

    // Anything else Zoho answers is passed on untouched.
    const failed = json({ error: 'Access Denied' }, 500);
    expect(await normalise(failed)).toBe(failed);
    const notJson = await normalise(new Response('<html>maintenance</html>', { status: 200 }));
    expect([notJson.status, await notJson.text()]).toEqual([200, '<html>maintenance</html>']);
    const partly = await normalise(json({ error: 'Access Denied, try later' }));
    expect(partly.status).toBe(400);
    expect((await normalise(json({ error: 'No access denied' }))).status).toBe(400);
  });

  it('asks for offline access with consent, so every sign-in returns a refresh token', () => {
    expect(zohoBooksAdapter.extraAuthorizeParams({})).toEqual({ access_type: 'offline', prompt: 'consent' });
    expect(zohoBooksAdapter.scopeSeparator).toBe(',');
  });
});

describe('provider API failures', () => {
  it('429 is throttling with its wait, 5xx the provider unavailable, the rest an answer the app cannot use', () => {
    const at = (status: number, headers: Record<string, string> = {}) =>
      apiFailure(new Response(null, { status, headers }));
    expect(at(429, { 'retry-after': '7' })).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 7000 });
    expect(at(429).retryAfterMs).toBeUndefined();
    expect(at(500)).toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect(at(503, { 'retry-after': '2' })).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      retryAfterMs: 2000,
    });
    expect(at(499)).toMatchObject({ code: 'PROVIDER_ERROR', message: 'Provider API answered 499' });
    expect(at(401).retryAfterMs).toBeUndefined();
  });

  it('a request that cannot be sent, an error reply, or a reply that is not JSON each has its code', async () => {
    const get = (reply: Response | Error) => getJson(provider(reply).fetchImpl, 'https://p.test/x', {});
    await expect(get(new TypeError('fetch failed'))).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    await expect(get(new Response('{}', { status: 404 }))).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
    await expect(get(new Response('{}', { status: 502 }))).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
    await expect(get(new Response(null, { status: 503 }))).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
    await expect(get(new Response('<html/>', { status: 200 }))).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      message: 'Provider API answered something that is not JSON',
    });
    await expect(get(json({ ok: 1 }))).resolves.toEqual({ ok: 1 });
  });
});

describe('Retry-After', () => {
  it('is whole seconds, spaces around allowed; anything else with digits in it is unreadable', () => {
    expect(retryAfterMs(' 120 ')).toBe(120_000);
    for (const bad of ['12abc', 'abc12'])
      expect(retryAfterMs(bad, Date.parse('2026-12-06T00:00:00Z')), bad).toBeUndefined();
  });
});

describe('production endpoints', () => {
  it('are https on each provider’s own domain, and the Zoho default is the US data centre', () => {
    const on = (url: string, domain: string) => {
      const parsed = new URL(url);
      expect(parsed.protocol, url).toBe('https:');
      expect(parsed.hostname === domain || parsed.hostname.endsWith(`.${domain}`), url).toBe(true);
    };
    const { sage, freshbooks, clearbooks, zohobooks } = DEFAULT_ENDPOINTS;
    for (const url of [sage.tokenUrl, sage.revokeUrl, sage.apiBase]) on(url, 'accounting.sage.com');
    on(sage.authorizeUrl, 'sageone.com');
    for (const url of [
      freshbooks.authorizeUrl,
      freshbooks.tokenUrl,
      freshbooks.revokeUrl,
      freshbooks.apiBase,
    ])
      on(url, 'freshbooks.com');
    on(clearbooks.soapUrl, 'clearbooks.co.uk');
    expect(new URL(sage.tokenUrl).pathname).toBe('/token');
    expect(new URL(sage.revokeUrl).pathname).toBe('/revoke');
    expect(new URL(sage.apiBase).pathname).toBe('/v3.1');
    expect(new URL(freshbooks.revokeUrl).pathname).toBe('/auth/oauth/revoke');
    expect(new URL(clearbooks.soapUrl).pathname).toBe('/api/accounting/soap/');
    expect(zohobooks.defaultDataCentre).toBe('us');
    expect(zohobooks.authorizeUrl).toBe('https://accounts.zoho.com/oauth/v2/auth');
    expect(zohobooks.accountsServers).toEqual(
      Object.fromEntries(ZOHO_DATA_CENTRES.map((dc) => [dc.id, dc.accountsServer])),
    );
    expect(zohobooks.apiDomains).toEqual(ZOHO_DATA_CENTRES.map((dc) => dc.apiDomain));
    expect(Object.keys(zohobooks.accountsServers).length).toBeGreaterThan(1);
  });

  it('plain http is never accepted, even on 127.0.0.1, for anything but http', () => {
    for (const bad of ['ftp://127.0.0.1/x', 'ws://127.0.0.1:9/x', 'file://127.0.0.1/etc/passwd'])
      expect(isAcceptableEndpoint(bad), bad).toBe(false);
  });

  it('a provider that advertises the iss parameter (RFC 9207) is taken at its word, and only then', () => {
    for (const adapter of [zohoBooksAdapter, sageAdapter, freshBooksAdapter]) {
      const key = adapter.platform;
      const advertised = {
        ...DEFAULT_ENDPOINTS,
        [key]: { ...DEFAULT_ENDPOINTS[key], issParameterSupported: true },
      };
      expect(adapter.issParameterSupported(advertised), key).toBe(true);
      expect(adapter.issParameterSupported(DEFAULT_ENDPOINTS), key).toBe(false);
    }
  });
});

describe('Clear Books key check (SOAP listAccountCodes)', () => {
  const fault = (text: string, status = 500) =>
    new Response(
      `<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Server</faultcode><faultstring>${text}</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>`,
      { status, headers: { 'content-type': 'text/xml' } },
    );
  const ok = () =>
    new Response(
      '<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><ns1:listAccountCodesResponse xmlns:ns1="x"><return/></ns1:listAccountCodesResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>',
      { status: 200, headers: { 'content-type': 'text/xml' } },
    );
  const check = (reply: Response | Error) =>
    verifyClearBooksKey('https://cb.test/soap/', 'key-1', provider(reply).fetchImpl);

  it('posts the key in the authenticate header to the SOAP address, as a SOAP 1.1 call', async () => {
    const { sent, fetchImpl } = provider(ok());
    await verifyClearBooksKey('https://cb.test/soap/', 'k<&>"\'', fetchImpl);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ url: 'https://cb.test/soap/', method: 'POST' });
    expect(sent[0]!.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(sent[0]!.headers.get('soapaction')).toBe(
      'https://secure.clearbooks.co.uk/api/accounting/soap/#listAccountCodes',
    );
    // The request Clear Books documents, byte for byte, with the key escaped.
    expect(sent[0]!.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>' +
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="https://secure.clearbooks.co.uk/api/accounting/soap/">' +
        '<soap:Header><ns1:authenticate><apiKey>k&#60;&#38;&#62;&#34;&#39;</apiKey></ns1:authenticate></soap:Header>' +
        '<soap:Body><ns1:listAccountCodes/></soap:Body>' +
        '</soap:Envelope>',
    );
  });

  it('a working key passes; each failure has its own code and never the fault text', async () => {
    await expect(check(ok())).resolves.toBeUndefined();
    await expect(check(fault('Login Failed : no api key set'))).rejects.toMatchObject({
      code: 'API_KEY_REJECTED',
    });
    await expect(check(fault('login failed', 200))).rejects.toMatchObject({ code: 'API_KEY_REJECTED' });
    await expect(check(new Error('offline'))).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    await expect(
      check(new Response('', { status: 429, headers: { 'retry-after': '9' } })),
    ).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 9000,
    });
    // A gateway's fault while the service is down is "unavailable", not a rejected key or a broken reply.
    await expect(check(fault('Service Unavailable', 503))).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
    await expect(check(fault('Bad Gateway', 502))).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    const other = await check(fault('Internal error: table accounts', 500)).catch((error: unknown) => error);
    expect(other).toMatchObject({ code: 'PROVIDER_ERROR' });
    expect((other as Error).message).not.toContain('table accounts');
    await expect(check(new Response('', { status: 401 }))).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
    // Throttling is throttling even inside a SOAP fault; a server error without one is "unavailable".
    await expect(check(fault('Too Many Requests', 429))).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(check(new Response('', { status: 500 }))).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
    // A well-formed answer with an error status is not taken as the key working.
    const answered = await ok().text();
    await expect(check(new Response(answered, { status: 400 }))).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
    });
    // Entities the reply declares for itself are not expanded: a fault cannot spell "Login Failed" that way.
    await expect(
      check(
        new Response(
          '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY lf "Login Failed">]><e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><e:Fault><faultstring>&lf;</faultstring></e:Fault></e:Body></e:Envelope>',
          { status: 500 },
        ),
      ),
    ).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
    await expect(check(new Response('<html>login</html>', { status: 200 }))).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
    });
    await expect(check(new Response('not xml <<', { status: 200 }))).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
    });
  });
});

describe('which adapter serves a platform', () => {
  it('each OAuth platform has its own; Clear Books is the API-key one; nothing else has any', () => {
    for (const platform of ['zohobooks', 'sage', 'freshbooks'] as const)
      expect(oauthAdapter(platform)?.platform).toBe(platform);
    expect(oauthAdapter('clearbooks')).toBeUndefined();
    for (const name of ['toString', '__proto__', 'constructor', 'xero'])
      expect(oauthAdapter(name as never), name).toBeUndefined();
    expect(API_KEY_ADAPTER.platform).toBe('clearbooks');
    expect(API_KEY_ADAPTER.region).toBe('uk');
  });

  it('Clear Books keys are checked at the configured SOAP address', async () => {
    const { sent, fetchImpl } = provider(new Error('offline'));
    const endpoints = { ...DEFAULT_ENDPOINTS, clearbooks: { soapUrl: 'https://cb.test/soap/' } };
    await expect(API_KEY_ADAPTER.verify(endpoints, 'k', fetchImpl)).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
    expect(sent.map((s) => s.url)).toEqual(['https://cb.test/soap/']);
  });
});
