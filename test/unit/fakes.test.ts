/**
 * The fake providers in test/fakes behave as the published sources each names
 * at its top, and refuse what the real provider refuses. No app code involved:
 * plain HTTP from the test.
 */
import { createHash, randomBytes } from 'node:crypto';

import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';

import { isAcceptableEndpoint } from '../../src/main/platforms/endpoints';
import {
  request,
  startAllFakes,
  startFakeClearBooks,
  startFakeFreshBooks,
  startFakeSage,
  startFakeZoho,
  ZOHO_THROTTLED,
  type FreshBooksFake,
} from '../fakes';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});
async function started<T extends { close(): Promise<void> }>(fake: Promise<T>): Promise<T> {
  const f = await fake;
  cleanups.push(() => f.close());
  return f;
}

const REDIRECT = 'http://127.0.0.1:53682/oauth/callback';
const HOSTILE_STATE = 'st@te <x>&y=1#frag ü';

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

async function postForm(
  url: string,
  params: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('Zoho fake', () => {
  const zohoAuthorize = (base: string, challenge: string, extra: Record<string, string> = {}): string =>
    authorizeUrl(base, {
      client_id: '1000.FAKEZOHOCLIENT0000000000000001',
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'ZohoBooks.settings.READ,ZohoBooks.contacts.READ',
      state: HOSTILE_STATE,
      access_type: 'offline',
      prompt: 'consent',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    });

  it('happy path: consent page → code + location → token → organizations', async () => {
    const zoho = await started(startFakeZoho({ behaviour: { accountName: '<img src=x onerror=alert(1)>' } }));
    const { verifier, challenge } = pkce();
    const { redirectTo } = await zoho.consent(zohoAuthorize(zoho.endpoints.authorizeUrl, challenge));
    expect(zoho.requests.filter((r) => r.path === '/oauth/v2/auth').map((r) => r.method)).toEqual([
      'GET',
      'POST',
    ]);

    const cb = new URL(redirectTo);
    expect(cb.origin + cb.pathname).toBe(REDIRECT);
    expect(cb.searchParams.get('state')).toBe(HOSTILE_STATE);
    expect(cb.searchParams.get('location')).toBe('us');
    expect(cb.searchParams.get('accounts-server')).toBe(zoho.accountsOrigins.us);

    const token = await postForm(`${cb.searchParams.get('accounts-server')}/oauth/v2/token`, {
      client_id: zoho.app.clientId,
      client_secret: zoho.app.clientSecret,
      grant_type: 'authorization_code',
      code: cb.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({
      access_token: expect.stringMatching(/^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/),
      refresh_token: expect.stringMatching(/^1000\./),
      api_domain: zoho.apiOrigins.us,
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'ZohoBooks.settings.READ ZohoBooks.contacts.READ',
    });
    expect(zoho.endpoints.apiDomains).toContain(token.body.api_domain);

    const orgs = await fetch(`${String(token.body.api_domain)}/books/v3/organizations`, {
      headers: { authorization: `Zoho-oauthtoken ${String(token.body.access_token)}` },
    });
    expect(orgs.status).toBe(200);
    const body = (await orgs.json()) as {
      code: number;
      organizations: { organization_id: string; name: string; is_default_org: boolean }[];
    };
    expect(body.code).toBe(0);
    expect(body.organizations[0]).toMatchObject({
      name: '<img src=x onerror=alert(1)>',
      is_default_org: true,
    });
    expect(body.organizations[0]?.organization_id).toMatch(/^\d+$/);

    const bad = await fetch(`${zoho.apiOrigins.us}/books/v3/organizations`, {
      headers: { authorization: 'Zoho-oauthtoken nope' },
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ code: 14, message: 'Invalid OAuth token' });
    expect(zoho.tokenRequests('authorization_code')).toHaveLength(1);
  });

  it('routes the user to their data centre; the wrong DC answers invalid_code in a 200 body', async () => {
    const zoho = await started(startFakeZoho({ userDataCentre: 'eu', behaviour: { autoApprove: true } }));
    const { verifier, challenge } = pkce();
    const { redirectTo } = await zoho.consent(zohoAuthorize(zoho.endpoints.authorizeUrl, challenge));
    expect(zoho.requests.map((r) => `${r.server} ${r.method}`)).toEqual(['zoho-us-accounts GET']); // auto-approve: one GET
    const cb = new URL(redirectTo).searchParams;
    expect(cb.get('location')).toBe('eu');
    expect(cb.get('accounts-server')).toBe(zoho.accountsOrigins.eu);
    const exchange = {
      client_id: zoho.app.clientId,
      client_secret: zoho.app.clientSecret,
      grant_type: 'authorization_code',
      code: cb.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    };
    expect(await postForm(`${zoho.accountsOrigins.us}/oauth/v2/token`, exchange)).toEqual({
      status: 200,
      body: { error: 'invalid_code' },
    });
    const ok = await postForm(`${zoho.accountsOrigins.eu}/oauth/v2/token`, exchange);
    expect(ok.body.api_domain).toBe(zoho.apiOrigins.eu);
    // Tokens only work in their own DC.
    const auth = { authorization: `Zoho-oauthtoken ${String(ok.body.access_token)}` };
    expect((await fetch(`${zoho.apiOrigins.us}/books/v3/organizations`, { headers: auth })).status).toBe(401);
    expect((await fetch(`${zoho.apiOrigins.eu}/books/v3/organizations`, { headers: auth })).status).toBe(200);
    // Single use.
    expect((await postForm(`${zoho.accountsOrigins.eu}/oauth/v2/token`, exchange)).body).toEqual({
      error: 'invalid_code',
    });
  });

  it('checks redirect_uri exactly, PKCE, scope; refresh is not rotated; 21st refresh token deletes the oldest; revoke', async () => {
    const zoho = await started(startFakeZoho({ behaviour: { autoApprove: true } }));
    const { verifier, challenge } = pkce();
    await expect(
      zoho.consent(
        zohoAuthorize(zoho.endpoints.authorizeUrl, challenge, { redirect_uri: REDIRECT.toUpperCase() }),
      ),
    ).rejects.toThrow(/Invalid Redirect Uri/);
    const badScope = await zoho.consent(
      zohoAuthorize(zoho.endpoints.authorizeUrl, challenge, { scope: 'ZohoBooks settings' }),
    );
    expect(Object.fromEntries(new URL(badScope.redirectTo).searchParams)).toEqual({
      error: 'invalid_scope',
      state: HOSTILE_STATE,
    });

    const exchange = async (code_verifier = verifier): Promise<Record<string, unknown>> => {
      const { redirectTo } = await zoho.consent(zohoAuthorize(zoho.endpoints.authorizeUrl, challenge));
      return (
        await postForm(`${zoho.accountsOrigins.us}/oauth/v2/token`, {
          client_id: zoho.app.clientId,
          client_secret: zoho.app.clientSecret,
          grant_type: 'authorization_code',
          code: new URL(redirectTo).searchParams.get('code') ?? '',
          redirect_uri: REDIRECT,
          code_verifier,
        })
      ).body;
    };
    expect(await exchange('wrong-verifier')).toEqual({ error: 'invalid_code' });

    const first = await exchange();
    const refreshed = await postForm(`${zoho.accountsOrigins.us}/oauth/v2/token`, {
      client_id: zoho.app.clientId,
      client_secret: zoho.app.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: String(first.refresh_token),
    });
    expect(refreshed.body.access_token).toMatch(/^1000\./);
    expect(refreshed.body).not.toHaveProperty('refresh_token');
    expect(zoho.isLive(String(first.refresh_token))).toBe(true);

    for (let i = 0; i < 19; i++) await exchange();
    expect(zoho.liveRefreshTokens()).toHaveLength(20);
    await exchange(); // the 21st
    expect(zoho.liveRefreshTokens()).toHaveLength(20);
    expect(zoho.isLive(String(first.refresh_token))).toBe(false);
    expect(zoho.isLive(String(refreshed.body.access_token))).toBe(false); // its access tokens went with it

    const [live] = zoho.liveRefreshTokens();
    const revoke = (token: string): Promise<Response> =>
      fetch(`${zoho.accountsOrigins.us}/oauth/v2/token/revoke?token=${encodeURIComponent(token)}`, {
        method: 'POST',
      });
    const ok = await revoke(live ?? '');
    expect([ok.status, await ok.json()]).toEqual([200, { status: 'success' }]);
    expect((await revoke(live ?? '')).status).toBe(400);
    expect(zoho.revokeRequests()).toHaveLength(2);
  });

  it('refuses what Zoho refuses: no PKCE for a mobile/desktop client, a wrong secret, a reused code', async () => {
    const zoho = await started(
      startFakeZoho({ clientType: 'mobileOrDesktop', behaviour: { autoApprove: true } }),
    );
    const noPkce = authorizeUrl(zoho.endpoints.authorizeUrl, {
      client_id: zoho.app.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'ZohoBooks.settings.READ',
      state: 's',
      access_type: 'offline',
    });
    expect(Object.fromEntries(new URL((await zoho.consent(noPkce)).redirectTo).searchParams)).toEqual({
      error: 'invalid_request',
      state: 's',
    });
    const { verifier, challenge } = pkce();
    const { redirectTo } = await zoho.consent(zohoAuthorize(zoho.endpoints.authorizeUrl, challenge));
    const exchange = {
      client_id: zoho.app.clientId,
      client_secret: zoho.app.clientSecret,
      grant_type: 'authorization_code',
      code: new URL(redirectTo).searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    };
    expect(
      await postForm(`${zoho.accountsOrigins.us}/oauth/v2/token`, { ...exchange, client_secret: 'nope' }),
    ).toEqual({
      status: 200,
      body: { error: 'invalid_client' },
    });
    expect((await postForm(`${zoho.accountsOrigins.us}/oauth/v2/token`, exchange)).body).toHaveProperty(
      'refresh_token',
    );
    expect((await postForm(`${zoho.accountsOrigins.us}/oauth/v2/token`, exchange)).body).toEqual({
      error: 'invalid_code',
    });
    zoho.behaviour.tokenResponses.push(ZOHO_THROTTLED);
    expect(await postForm(`${zoho.accountsOrigins.us}/oauth/v2/token`, exchange)).toEqual({
      status: 200,
      body: expect.objectContaining({ error: 'Access Denied' }),
    });
  });

  it('names the signed-in user on /users/me, counts the 20-token cap per user, and lists several organisations', async () => {
    const zoho = await started(startFakeZoho({ behaviour: { autoApprove: true } }));
    const { verifier, challenge } = pkce();
    const tokenFor = async (user: string) => {
      zoho.behaviour.user = user;
      const { redirectTo } = await zoho.consent(zohoAuthorize(zoho.endpoints.authorizeUrl, challenge));
      return (
        await postForm(`${zoho.accountsOrigins.us}/oauth/v2/token`, {
          client_id: zoho.app.clientId,
          client_secret: zoho.app.clientSecret,
          grant_type: 'authorization_code',
          code: new URL(redirectTo).searchParams.get('code') ?? '',
          redirect_uri: REDIRECT,
          code_verifier: verifier,
        })
      ).body;
    };
    const other = await tokenFor('other@example.test');
    for (let i = 0; i < 21; i++) await tokenFor('owner@example.test');
    expect(zoho.liveRefreshTokens('owner@example.test')).toHaveLength(20);
    expect(zoho.isLive(String(other.refresh_token))).toBe(true); // another user's token is not touched

    zoho.organizations.us = [
      { organization_id: '1', name: 'One', is_default_org: false },
      { organization_id: '2', name: 'Two', is_default_org: true },
    ];
    const auth = { authorization: `Zoho-oauthtoken ${String(other.access_token)}` };
    const orgs = (await (
      await fetch(`${zoho.apiOrigins.us}/books/v3/organizations`, { headers: auth })
    ).json()) as {
      organizations: { organization_id: string }[];
    };
    expect(orgs.organizations.map((o) => o.organization_id)).toEqual(['1', '2']);
    const me = await fetch(`${zoho.apiOrigins.us}/books/v3/users/me?organization_id=2`, { headers: auth });
    expect(await me.json()).toMatchObject({ code: 0, user: { email: 'other@example.test' } });
    const unknown = await fetch(`${zoho.apiOrigins.us}/books/v3/users/me?organization_id=9`, {
      headers: auth,
    });
    expect(unknown.status).toBe(400);
  });

  it('behaviour: deny, iss, canned token response', async () => {
    const zoho = await started(
      startFakeZoho({ behaviour: { authorize: 'deny', iss: 'https://evil.example' } }),
    );
    const { challenge } = pkce();
    const denied = await zoho.consent(zohoAuthorize(zoho.endpoints.authorizeUrl, challenge));
    expect(Object.fromEntries(new URL(denied.redirectTo).searchParams)).toEqual({
      error: 'access_denied',
      state: HOSTILE_STATE,
      iss: 'https://evil.example',
    });
    zoho.behaviour.tokenResponses.push({
      status: 429,
      headers: { 'retry-after': '7' },
      body: { error: 'Access Denied' },
    });
    const res = await fetch(`${zoho.accountsOrigins.us}/oauth/v2/token`, { method: 'POST' });
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, '7']);
    expect((await postForm(`${zoho.accountsOrigins.us}/oauth/v2/token`, {})).body).toEqual({
      error: 'invalid_client',
    });
  });
});

describe('Sage fake', () => {
  it('happy path, rotation invalidates the old refresh token, revoke', async () => {
    const sage = await started(startFakeSage());
    const { verifier, challenge } = pkce();
    const url = authorizeUrl(sage.endpoints.authorizeUrl, {
      client_id: sage.app.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'readonly',
      filter: 'apiv3.1',
      state: HOSTILE_STATE,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const { redirectTo } = await sage.consent(url);
    expect(redirectTo).toMatch(/[?&]code=GB%2F[0-9a-f]+/);
    const cb = new URL(redirectTo).searchParams;
    expect([cb.get('country'), cb.get('state')]).toEqual(['GB', HOSTILE_STATE]);

    const exchange = {
      client_id: sage.app.clientId,
      grant_type: 'authorization_code',
      code: cb.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    };
    // client_secret is required even with PKCE; client authentication fails before the code is spent.
    expect(await postForm(sage.endpoints.tokenUrl, exchange)).toEqual({
      status: 401,
      body: { error: 'invalid_client' },
    });
    const first = await postForm(sage.endpoints.tokenUrl, {
      ...exchange,
      client_secret: sage.app.clientSecret,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      token_type: 'bearer',
      expires_in: 300,
      refresh_token_expires_in: 2678400,
      scope: 'readonly',
      requested_by_id: sage.userId,
    });

    const biz = await fetch(`${sage.endpoints.apiBase}/businesses`, {
      headers: { authorization: `Bearer ${String(first.body.access_token)}` },
    });
    expect(await biz.json()).toMatchObject({
      $total: 1,
      $items: [{ id: sage.businessId, $path: `/businesses/${sage.businessId}` }],
    });
    const noAuth = await fetch(`${sage.endpoints.apiBase}/businesses`);
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toEqual([expect.objectContaining({ $severity: 'error', $source: '' })]);

    const refresh = (refresh_token: unknown): ReturnType<typeof postForm> =>
      postForm(sage.endpoints.tokenUrl, {
        client_id: sage.app.clientId,
        client_secret: sage.app.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: String(refresh_token),
      });
    const second = await refresh(first.body.refresh_token);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    expect(await refresh(first.body.refresh_token)).toEqual({
      status: 400,
      body: { error: 'invalid_grant' },
    });

    const revoked = await postForm(sage.endpoints.revokeUrl, {
      client_id: sage.app.clientId,
      client_secret: sage.app.clientSecret,
      token: String(second.body.refresh_token),
    });
    expect(revoked).toEqual({ status: 200, body: { success: 'ok' } });
    expect((await refresh(second.body.refresh_token)).body).toEqual({ error: 'invalid_grant' });
    expect(sage.tokenRequests('refresh_token')).toHaveLength(3);
  });

  it('refuses a wrong client secret, a reused code and a redirect URI it does not know; pages businesses', async () => {
    const sage = await started(startFakeSage({ behaviour: { autoApprove: true } }));
    const base = {
      client_id: sage.app.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      filter: 'apiv3.1',
      state: 's',
    };
    await expect(
      sage.consent(authorizeUrl(sage.endpoints.authorizeUrl, { ...base, redirect_uri: `${REDIRECT}/` })),
    ).rejects.toThrow(/Invalid Redirect Uri/);
    const { redirectTo } = await sage.consent(authorizeUrl(sage.endpoints.authorizeUrl, base));
    const exchange = {
      client_id: sage.app.clientId,
      client_secret: sage.app.clientSecret,
      grant_type: 'authorization_code',
      code: new URL(redirectTo).searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
    };
    expect(await postForm(sage.endpoints.tokenUrl, { ...exchange, client_secret: 'wrong' })).toEqual({
      status: 401,
      body: { error: 'invalid_client' },
    });
    const ok = await postForm(sage.endpoints.tokenUrl, exchange);
    expect(ok.status).toBe(200);
    expect(await postForm(sage.endpoints.tokenUrl, exchange)).toEqual({
      status: 400,
      body: { error: 'invalid_grant' },
    });

    sage.businesses = Array.from({ length: 25 }, (_, i) => ({
      id: String(i).padStart(32, '0'),
      displayed_as: `B${i}`,
    }));
    const auth = { authorization: `Bearer ${String(ok.body.access_token)}` };
    const first = (await (await fetch(`${sage.endpoints.apiBase}/businesses`, { headers: auth })).json()) as {
      $total: number;
      $next: string | null;
      $items: unknown[];
    };
    expect([first.$total, first.$items.length, first.$next]).toEqual([25, 20, '/businesses?page=2']);
    const second = (await (
      await fetch(`${sage.endpoints.apiBase}${first.$next}`, { headers: auth })
    ).json()) as {
      $next: string | null;
      $items: unknown[];
    };
    expect([second.$items.length, second.$next]).toEqual([5, null]);
  });

  it('codes live 60 s; bad scope and missing filter are refused', async () => {
    const sage = await started(startFakeSage({ behaviour: { autoApprove: true } }));
    const base = { client_id: sage.app.clientId, response_type: 'code', redirect_uri: REDIRECT, state: 's1' };
    const badScope = await sage.consent(
      authorizeUrl(sage.endpoints.authorizeUrl, { ...base, filter: 'apiv3.1', scope: 'write' }),
    );
    expect(Object.fromEntries(new URL(badScope.redirectTo).searchParams)).toEqual({
      error: 'invalid_scope',
      state: 's1',
    });
    await expect(sage.consent(authorizeUrl(sage.endpoints.authorizeUrl, base))).rejects.toThrow(
      /filter=apiv3\.1/,
    );

    const { redirectTo } = await sage.consent(
      authorizeUrl(sage.endpoints.authorizeUrl, { ...base, country: 'ie' }),
    );
    expect(new URL(redirectTo).searchParams.get('country')).toBe('IE');
    sage.advanceClock(61_000);
    const late = await postForm(sage.endpoints.tokenUrl, {
      client_id: sage.app.clientId,
      client_secret: sage.app.clientSecret,
      grant_type: 'authorization_code',
      code: new URL(redirectTo).searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
    });
    expect(late).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe('FreshBooks fake', () => {
  const FB_REDIRECT = 'https://127.0.0.1:53682/oauth/callback';

  async function fbJson(
    fb: FreshBooksFake,
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ) {
    const res = await request(`${fb.origin}${path}`, { ...init, ca: fb.ca });
    return { status: res.status, body: JSON.parse(res.text) as Record<string, unknown> };
  }

  it('is HTTPS only, with a certificate clients must trust explicitly', async () => {
    const fb = await started(startFakeFreshBooks());
    expect(fb.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(fb.ca).toContain('BEGIN CERTIFICATE');
    await expect(fetch(`${fb.origin}/auth/api/v1/users/me`)).rejects.toThrow(); // self-signed: untrusted
    await expect(request(`${fb.origin}/auth/api/v1/users/me`)).rejects.toThrow();
    await expect(request(`${fb.origin.replace('https:', 'http:')}/auth/api/v1/users/me`)).rejects.toThrow();
    expect(await fbJson(fb, '/auth/api/v1/users/me')).toEqual({
      status: 401,
      body: {
        error: 'unauthenticated',
        error_description: 'This action requires authentication to continue.',
      },
    });
    await expect(startFakeFreshBooks({ app: { redirectUris: ['http://127.0.0.1:1/cb'] } })).rejects.toThrow(
      /https/,
    );
    await expect(
      startFakeFreshBooks({ app: { redirectUris: ['https://127.0.0.1:1/cb?x=1'] } }),
    ).rejects.toThrow(/query/);
  });

  it("answers tokens in the official SDK fixture's shape, id_token included", async () => {
    const fb = await started(startFakeFreshBooks({ behaviour: { autoApprove: true } }));
    const { redirectTo } = await fb.consent(
      authorizeUrl(fb.endpoints.authorizeUrl, {
        client_id: fb.app.clientId,
        response_type: 'code',
        redirect_uri: FB_REDIRECT,
        state: 's',
      }),
    );
    const token = await fbJson(fb, '/auth/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: fb.app.clientId,
        client_secret: fb.app.clientSecret,
        redirect_uri: FB_REDIRECT,
        grant_type: 'authorization_code',
        code: new URL(redirectTo).searchParams.get('code'),
      }),
    });
    // freshbooks/freshbooks-python-sdk tests/fixtures/auth_token_response.json: these seven keys.
    expect(Object.keys(token.body).sort()).toEqual(
      ['access_token', 'created_at', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type'].sort(),
    );
    expect(typeof token.body.id_token).toBe('string');
  });

  it('refuses a wrong secret, a reused code and a foreign redirect, with a Doorkeeper WWW-Authenticate challenge', async () => {
    const fb = await started(startFakeFreshBooks({ behaviour: { autoApprove: true } }));
    await expect(
      fb.consent(
        authorizeUrl(fb.endpoints.authorizeUrl, {
          client_id: fb.app.clientId,
          response_type: 'code',
          redirect_uri: 'https://127.0.0.1:53682/other',
        }),
      ),
    ).rejects.toThrow(/Invalid Redirect Uri/);
    const { redirectTo } = await fb.consent(
      authorizeUrl(fb.endpoints.authorizeUrl, {
        client_id: fb.app.clientId,
        response_type: 'code',
        redirect_uri: FB_REDIRECT,
      }),
    );
    const post = (body: Record<string, unknown>) =>
      request(fb.endpoints.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_id: fb.app.clientId,
          client_secret: fb.app.clientSecret,
          redirect_uri: FB_REDIRECT,
          grant_type: 'authorization_code',
          code: new URL(redirectTo).searchParams.get('code'),
          ...body,
        }),
        ca: fb.ca,
      });
    const wrongSecret = await post({ client_secret: 'wrong' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.headers['www-authenticate']).toMatch(
      /^Bearer realm="Doorkeeper", error="invalid_client"/,
    );
    expect((await post({})).status).toBe(200);
    const reused = await post({});
    expect(reused.status).toBe(400);
    expect(reused.headers['www-authenticate']).toMatch(/error="invalid_grant"/);
    expect(JSON.parse(reused.text)).toMatchObject({ error: 'invalid_grant' });
  });

  it('happy path with JSON token requests, single-use refresh tokens, Classic accounts', async () => {
    const fb = await started(startFakeFreshBooks({ behaviour: { accountName: 'Bob "the" <Builder>' } }));
    const { redirectTo } = await fb.consent(
      authorizeUrl(fb.endpoints.authorizeUrl, {
        client_id: fb.app.clientId,
        response_type: 'code',
        redirect_uri: FB_REDIRECT,
        scope: 'user:profile:read user:clients:read',
        state: HOSTILE_STATE,
      }),
    );
    const cb = new URL(redirectTo);
    expect(cb.origin + cb.pathname).toBe(FB_REDIRECT);
    expect(cb.searchParams.get('state')).toBe(HOSTILE_STATE);

    const tokenCall = (body: Record<string, string>) =>
      fbJson(fb, '/auth/oauth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_id: fb.app.clientId,
          client_secret: fb.app.clientSecret,
          redirect_uri: FB_REDIRECT,
          ...body,
        }),
      });
    const first = await tokenCall({
      grant_type: 'authorization_code',
      code: cb.searchParams.get('code') ?? '',
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 43200,
      scope: 'user:profile:read user:clients:read',
    });
    expect(Math.abs(Number(first.body.created_at) - Date.now() / 1000)).toBeLessThan(5);

    const me = await fbJson(fb, '/auth/api/v1/users/me', {
      headers: { authorization: `Bearer ${String(first.body.access_token)}` },
    });
    expect(me.body).toMatchObject({
      response: {
        business_memberships: [
          {
            role: 'owner',
            business: { id: fb.businessId, account_id: 'ABC123', name: 'Bob "the" <Builder>' },
          },
        ],
      },
    });
    fb.classic = true;
    const classic = await fbJson(fb, '/auth/api/v1/users/me', {
      headers: { authorization: `Bearer ${String(first.body.access_token)}` },
    });
    expect(classic.body).toMatchObject({ response: { business_memberships: [] } });

    const second = await tokenCall({
      grant_type: 'refresh_token',
      refresh_token: String(first.body.refresh_token),
    });
    expect(second.status).toBe(200);
    const reused = await tokenCall({
      grant_type: 'refresh_token',
      refresh_token: String(first.body.refresh_token),
    });
    expect(reused).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: expect.any(String) },
    });

    const revoke = await fbJson(fb, '/auth/oauth/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: fb.app.clientId,
        client_secret: fb.app.clientSecret,
        token: String(second.body.refresh_token),
      }),
    });
    expect(revoke.status).toBe(200);
    expect(fb.isLive(String(second.body.refresh_token))).toBe(false);

    fb.behaviour.revokeResponses.push({
      status: 503,
      headers: { 'retry-after': '30' },
      body: { error: 'unavailable' },
    });
    const busy = await request(`${fb.endpoints.revokeUrl}`, { method: 'POST', ca: fb.ca });
    expect([busy.status, busy.headers['retry-after']]).toEqual([503, '30']);
  });
});

describe('Clear Books fake', () => {
  const envelope = (header: string): string =>
    `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="https://secure.clearbooks.co.uk/api/accounting/soap/">` +
    `<SOAP-ENV:Header>${header}</SOAP-ENV:Header><SOAP-ENV:Body><ns1:listAccountCodes/></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
  const soap = (url: string, header: string): Promise<Response> =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: 'listAccountCodes' },
      body: envelope(header),
    });
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    parseTagValue: false,
  });

  it('lists account codes for a valid key in either header form; faults otherwise', async () => {
    const cb = await started(startFakeClearBooks({ apiKeys: ['k-123'] }));
    expect(cb.endpoints.soapUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/accounting\/soap\/$/);

    for (const header of [
      '<ns1:authenticate><apiKey>k-123</apiKey></ns1:authenticate>',
      '<ns1:authenticate apiKey="k-123"/>',
    ]) {
      const res = await soap(cb.endpoints.soapUrl, header);
      expect(res.status).toBe(200);
      const doc = parser.parse(await res.text()) as {
        Envelope: {
          Header: { authenticate: string };
          Body: { listAccountCodesResponse: { accountCodes: { AccountCode: Record<string, string>[] } } };
        };
      };
      expect(doc.Envelope.Header.authenticate).toBe('true');
      const codes = doc.Envelope.Body.listAccountCodesResponse.accountCodes.AccountCode;
      expect(codes.length).toBeGreaterThan(1);
      expect(Object.keys(codes[0] ?? {}).sort()).toEqual([
        'account_name',
        'default_vat_rate',
        'group_name',
        'id',
        'show_purchases',
        'show_sales',
      ]);
    }

    const wrong = await soap(
      cb.endpoints.soapUrl,
      '<ns1:authenticate><apiKey>nope</apiKey></ns1:authenticate>',
    );
    expect(wrong.status).toBe(500);
    const fault = (parser.parse(await wrong.text()) as { Envelope: { Body: { Fault: unknown } } }).Envelope
      .Body.Fault;
    expect(fault).toEqual({ faultcode: 'Receiver', faultstring: 'Login Failed' });

    // The per-method examples' form: authenticate in the accounting namespace by default, apiKey in none.
    const perMethod = await soap(
      cb.endpoints.soapUrl,
      '<authenticate xmlns="https://secure.clearbooks.co.uk/api/accounting/soap/"><apiKey xmlns="">k-123</apiKey></authenticate>',
    );
    expect(perMethod.status).toBe(200);

    const missing = await soap(cb.endpoints.soapUrl, '');
    expect(missing.status).toBe(500);
    expect(await missing.text()).toContain('<faultstring>Login Failed : no api key set</faultstring>');
    expect(cb.operations()).toEqual([
      'listAccountCodes',
      'listAccountCodes',
      'listAccountCodes',
      'listAccountCodes',
      'listAccountCodes',
    ]);
  });

  it('refuses a malformed header: authenticate outside the accounting namespace, or an envelope that is not XML', async () => {
    const cb = await started(startFakeClearBooks({ apiKeys: ['k-123'] }));
    // The older API's namespace: the accounting service reads no key from it.
    const oldNamespace = await soap(
      cb.endpoints.soapUrl,
      '<authenticate xmlns="https://secure.clearbooks.co.uk/api/soap/"><apiKey>k-123</apiKey></authenticate>',
    );
    expect(oldNamespace.status).toBe(500);
    expect(await oldNamespace.text()).toContain('<faultstring>Login Failed : no api key set</faultstring>');
    const noNamespace = await soap(cb.endpoints.soapUrl, '<authenticate apiKey="k-123"/>');
    expect(await noNamespace.text()).toContain('Login Failed : no api key set');
    const notXml = await fetch(cb.endpoints.soapUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: '<Envelope><Header><authenticate apiKey="k-123"></Header>',
    });
    expect(notXml.status).toBe(500);
    expect(await notXml.text()).toContain('<faultcode>Sender</faultcode>');
  });
});

describe('startAllFakes', () => {
  it('gives a complete ProviderEndpoints on 127.0.0.1, and closes everything', async () => {
    const all = await startAllFakes();
    const urls = [
      all.endpoints.zohobooks.authorizeUrl,
      ...Object.values(all.endpoints.zohobooks.accountsServers),
      ...all.endpoints.zohobooks.apiDomains,
      ...Object.values(all.endpoints.sage),
      ...Object.values(all.endpoints.freshbooks),
      all.endpoints.clearbooks.soapUrl,
    ];
    expect(urls).toHaveLength(14);
    for (const url of urls) {
      expect(new URL(url).hostname).toBe('127.0.0.1');
      expect(isAcceptableEndpoint(url)).toBe(true);
    }
    await all.close();
    await expect(fetch(all.endpoints.sage.tokenUrl, { method: 'POST' })).rejects.toThrow();
  });
});
