/**
 * The generic OAuth engine (OAuthFlows + token client) against a real,
 * certified authorization server: panva's oidc-provider on 127.0.0.1, with PKCE
 * required, rotating refresh tokens, revocation (RFC 7009) and `iss` on every
 * authorization response (RFC 9207, advertised in its metadata). For each case,
 * the number of token requests that reached the server is asserted (0 for every
 * bad callback) and printed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import * as oauth from 'oauth4webapi';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { ProviderEndpoints } from '../../src/main/platforms/endpoints';
import type { ConnectionServer, OAuthAdapter } from '../../src/main/platforms/types';
import { createLogger } from '../../src/main/services/log';
import { OAuthFlows, type LinkedTokens } from '../../src/main/services/oauth/flows';
import {
  refreshTokens,
  revokeToken,
  type TokenClientContext,
} from '../../src/main/services/oauth/token-client';
import { request } from '../fakes';
import { freePort } from './support/ports';

const CLIENT = {
  clientId: 'integration-desk-conformance',
  clientSecret: 'a-client-secret-for-tests',
  options: {},
};
const PLATFORM = 'zohobooks'; // any plain-http loopback platform: the adapter below stands in for it

let server: Server;
let provider: Provider;
let issuer: string;
let metadata: oauth.AuthorizationServer;
let port: number;
let tokenRequests = 0;
/** What the "person" does on the provider's pages: allow, or deny. */
let decision: 'allow' | 'deny' = 'allow';
const figures: Array<{ case: string; tokenRequests: number }> = [];

/** A tiny resource route beside the provider: the companies the access token's user reaches. */
async function companies(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  const found = token ? await provider.AccessToken.find(token) : undefined;
  res.writeHead(found ? 200 : 401, { 'content-type': 'application/json' });
  res.end(JSON.stringify(found ? [{ id: 'acme', name: 'Acme Trading Ltd' }] : { error: 'invalid_token' }));
}

beforeAll(async () => {
  port = await freePort();
  const providerPort = await freePort();
  issuer = `http://127.0.0.1:${providerPort}`;
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
        redirect_uris: [`http://127.0.0.1:${port}/oauth/${PLATFORM}/callback`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
        application_type: 'native',
      },
    ],
    features: { revocation: { enabled: true }, devInteractions: { enabled: false } },
    pkce: { required: () => true },
    // Every code exchange returns a refresh token, and every refresh rotates it.
    issueRefreshToken: async () => true,
    rotateRefreshToken: () => true,
    scopes: ['openid', 'offline_access', 'books.read'],
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    cookies: { keys: ['conformance-cookie-key'] },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      Grant: 3600,
      Interaction: 600,
      RefreshToken: 86_400,
      Session: 3600,
    },
  });
  const handle = provider.callback();
  server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', issuer).pathname;
      if (req.method === 'POST' && path === '/token') tokenRequests++;
      if (path === '/api/companies') return companies(req, res);
      if (path.startsWith('/interaction/')) {
        // The person signs in and allows (or denies) at once.
        const details = await provider.interactionDetails(req, res);
        if (decision === 'deny') {
          await provider.interactionFinished(req, res, {
            error: 'access_denied',
            error_description: 'The person refused',
          });
          return;
        }
        const grant = new provider.Grant({
          accountId: 'user-1',
          clientId: String(details.params['client_id']),
        });
        grant.addOIDCScope(String(details.params['scope']));
        const grantId = await grant.save();
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: 'user-1' }, consent: { grantId } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      await handle(req, res);
    })();
  });
  await new Promise<void>((ok) => server.listen(providerPort, '127.0.0.1', ok));
  const discovery = await oauth.discoveryRequest(new URL(issuer), { [oauth.allowInsecureRequests]: true });
  metadata = await oauth.processDiscoveryResponse(new URL(issuer), discovery);
});

afterAll(async () => {
  console.log(
    `Token requests reaching oidc-provider per case:\n${figures.map((f) => `  ${f.tokenRequests}  ${f.case}`).join('\n')}`,
  );
  server.closeAllConnections();
  await new Promise<void>((ok) => server.close(() => ok()));
});

/** The adapter the engine runs with here: everything read from the server's own metadata. */
function conformanceAdapter(): OAuthAdapter {
  return {
    platform: PLATFORM,
    authorizeUrl: () => metadata.authorization_endpoint!,
    issuer: () => metadata.issuer,
    issParameterSupported: () => metadata.authorization_response_iss_parameter_supported === true,
    scopes: () => ['books.read'],
    scopeSeparator: ' ',
    extraAuthorizeParams: () => ({}),
    serverFromCallback: () => ({
      region: null,
      tokenEndpoint: metadata.token_endpoint!,
      revocationEndpoint: metadata.revocation_endpoint ?? null,
      apiBase: issuer,
    }),
    async companies(server: ConnectionServer, accessToken: string, fetchImpl: typeof fetch) {
      const res = await fetchImpl(`${server.apiBase}/api/companies`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const list = (await res.json()) as Array<{ id: string; name: string }>;
      return list.map((c) => ({ externalId: c.id, label: c.name }));
    },
    refreshTokenLifetimeSeconds: null,
    revocation: 'form',
  };
}

let flows: OAuthFlows;
let opened: string[];
let stored: LinkedTokens[];

beforeEach(() => {
  decision = 'allow';
  opened = [];
  stored = [];
  flows = new OAuthFlows({
    endpoints: {} as ProviderEndpoints,
    adapterFor: () => conformanceAdapter(),
    openExternal: async (url) => void opened.push(url),
    fetchImpl: fetch,
    clock: () => new Date(),
    log: createLogger(() => undefined),
    port: () => port,
    redirectHost: () => '127.0.0.1',
    timeoutMs: () => 60_000,
    tls: () => Promise.reject(new Error('no https here')),
    audit: { record: () => undefined },
    store: async (linked) => {
      stored.push(linked);
      return { connectionId: `conn-${stored.length}`, warnings: [] };
    },
  });
  return () => flows.closeAll();
});

/** The browser: follows the provider's redirects (with its cookies) until it is sent to the loopback. */
async function browse(authorizeUrl: string): Promise<URL> {
  const jar = new Map<string, string>();
  let location = authorizeUrl;
  for (let hop = 0; hop < 8; hop++) {
    const res = await fetch(location, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    await res.body?.cancel();
    const next = res.headers.get('location');
    if (!next) throw new Error(`the provider answered ${res.status} without a redirect`);
    location = new URL(next, location).href;
    if (location.startsWith(`http://127.0.0.1:${port}/`)) return new URL(location);
  }
  throw new Error('too many redirects');
}

async function startAndSignIn() {
  const flow = await flows.start(PLATFORM, CLIENT);
  const callback = await browse(opened.at(-1)!);
  return { flow, callback };
}

/** Delivers a callback to the app's listener (optionally with another Host header). */
const deliver = (url: URL, host?: string) =>
  request(url.href, host ? { headers: { host } } : {}).then((r) => r.status);

/** Runs one case and records how many token requests reached the server during it. */
async function measure(name: string, run: () => Promise<void>): Promise<number> {
  const before = tokenRequests;
  await run();
  const count = tokenRequests - before;
  figures.push({ case: name, tokenRequests: count });
  return count;
}

function context(linked: LinkedTokens): TokenClientContext {
  return {
    adapter: conformanceAdapter(),
    server: linked.server,
    issuer: linked.server.issuer!,
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    fetchImpl: fetch,
  };
}

describe('against oidc-provider (PKCE required, rotation, revocation, RFC 9207 iss)', () => {
  it('the server advertises iss in authorization responses', () => {
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    expect(metadata.code_challenge_methods_supported).toContain('S256');
  });

  it('links with PKCE: one token request; the tokens are stored with the server’s issuer', async () => {
    const count = await measure('link with PKCE (S256)', async () => {
      const { flow, callback } = await startAndSignIn();
      expect(callback.searchParams.get('iss')).toBe(issuer);
      expect(await deliver(callback)).toBe(200);
      expect(flows.view(flow.flowId)).toMatchObject({ status: 'linked', connectionId: 'conn-1' });
    });
    expect(count).toBe(1);
    expect(stored[0]).toMatchObject({
      account: { externalId: 'acme', label: 'Acme Trading Ltd' },
      server: { issuer },
      tokens: { token_type: 'bearer', refresh_token: expect.any(String) },
    });
  });

  it('refresh rotates the refresh token; the old one is then refused', async () => {
    const { callback } = await startAndSignIn();
    await deliver(callback);
    const ctx = context(stored[0]!);
    const first = stored[0]!.tokens.refresh_token!;
    let second = '';
    const count = await measure('refresh with rotation (twice)', async () => {
      second = (await refreshTokens(ctx, first)).refresh_token!;
      expect(second).not.toBe(first);
      const third = (await refreshTokens(ctx, second)).refresh_token!;
      expect(third).not.toBe(second);
    });
    expect(count).toBe(2);
    await expect(refreshTokens(ctx, first)).rejects.toMatchObject({ code: 'INVALID_GRANT' });
  });

  it('revokes (RFC 7009): the refresh token no longer works', async () => {
    const { callback } = await startAndSignIn();
    await deliver(callback);
    const ctx = context(stored[0]!);
    const token = stored[0]!.tokens.refresh_token!;
    expect(await revokeToken(ctx, token)).toBe('revoked');
    await expect(refreshTokens(ctx, token)).rejects.toMatchObject({ code: 'INVALID_GRANT' });
  });

  const refusals: Array<[string, (callback: URL) => Promise<number>]> = [
    ['a tampered state', (u) => (u.searchParams.set('state', 'A'.repeat(43)), deliver(u))],
    ['a missing state', (u) => (u.searchParams.delete('state'), deliver(u))],
    ['a wrong path', (u) => ((u.pathname = '/oauth/sage/callback'), deliver(u))],
    ['a wrong Host header', (u) => deliver(u, `evil.example:${port}`)],
    ['a wrong iss', (u) => (u.searchParams.set('iss', `${issuer}/`), deliver(u))],
    // Near misses: issuers are compared as text (RFC 9207 §2.4), not as addresses.
    [
      'an iss in other letters',
      (u) => (u.searchParams.set('iss', issuer.replace('http:', 'HTTP:')), deliver(u)),
    ],
    [
      'an iss naming the same server otherwise',
      (u) => (u.searchParams.set('iss', issuer.replace('127.0.0.1', 'localhost')), deliver(u)),
    ],
    ['a missing iss (the server advertises it)', (u) => (u.searchParams.delete('iss'), deliver(u))],
  ];
  it.each(refusals)('refuses %s: no token request, and the flow keeps waiting', async (name, tamper) => {
    const { flow, callback } = await startAndSignIn();
    const count = await measure(`refused: ${name}`, async () => {
      expect(await tamper(new URL(callback))).not.toBe(200);
    });
    expect(count).toBe(0);
    expect(flows.view(flow.flowId).status).toBe('waiting');
    // The genuine callback still completes it.
    expect(await deliver(callback)).toBe(200);
    expect(flows.view(flow.flowId).status).toBe('linked');
  });

  it('a reused state (the same callback again) makes no second token request', async () => {
    const { callback } = await startAndSignIn();
    await deliver(callback);
    const count = await measure('refused: a reused state', async () => {
      expect(await deliver(callback).catch(() => 0)).not.toBe(200);
    });
    expect(count).toBe(0);
  });

  it('a double callback (concurrent) makes exactly one token request', async () => {
    const { callback } = await startAndSignIn();
    const count = await measure('double callback, concurrent (one allowed)', async () => {
      const statuses = await Promise.all([deliver(callback), deliver(callback).catch(() => 0)]);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    });
    expect(count).toBe(1);
    expect(stored).toHaveLength(1);
  });

  it('error=access_denied from the server ends the flow with no token request', async () => {
    decision = 'deny';
    const { flow, callback } = await startAndSignIn();
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const count = await measure('refused: error=access_denied', async () => {
      expect(await deliver(callback)).toBe(400);
    });
    expect(count).toBe(0);
    expect(flows.view(flow.flowId)).toMatchObject({ status: 'failed', errorCode: 'ACCESS_DENIED' });
  });

  it('a code swapped between two flows: refused by the flow binding, or by PKCE at the server', async () => {
    const a = await startAndSignIn();
    const b = await startAndSignIn();
    // B's whole callback pasted into A: the state names B, so A refuses it before any request.
    const pasted = await measure('refused: flow B’s callback pasted into flow A', async () => {
      await expect(flows.completeFromUrl(a.flow.flowId, b.callback.href)).rejects.toMatchObject({
        code: 'CALLBACK_REJECTED',
      });
    });
    expect(pasted).toBe(0);
    // B's code injected into A's callback (A's state): only the server can tell, by PKCE (RFC 7636 §4.6).
    const injected = new URL(a.callback);
    injected.searchParams.set('code', b.callback.searchParams.get('code')!);
    const swapped = await measure(
      'code of flow B injected into flow A (refused by PKCE at the server)',
      async () => {
        expect(await deliver(injected)).toBe(400);
      },
    );
    expect(swapped).toBe(1);
    expect(flows.view(a.flow.flowId)).toMatchObject({ status: 'failed', errorCode: 'INVALID_GRANT' });
    expect(stored).toEqual([]);
  });
});
