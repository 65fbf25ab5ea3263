/**
 * Fake FreshBooks: HTTPS only, on 127.0.0.1 with a fresh self-signed
 * certificate; `ca` is its PEM for clients that must trust it (node:https `ca`,
 * Playwright `ignoreHTTPSErrors`).
 *
 * Published sources it follows:
 * - https://www.freshbooks.com/api/authentication : https-only redirect URIs
 *   without a query string, space-separated `user:<object>:<read|write>` scopes
 *   (https://www.freshbooks.com/api/scopes), single-use refresh tokens;
 * - https://www.freshbooks.com/api/get-authenticated-on-the-freshbooks-api :
 *   5-minute codes, 12-hour access tokens;
 * - the official SDK's fixtures (freshbooks/freshbooks-python-sdk
 *   `tests/fixtures/auth_token_response.json`: the token reply's shape, an
 *   `id_token` included; `auth_me_response.json`: /users/me with its business
 *   memberships; `auth_me_response__no_auth.json`: the 401);
 * - token errors as Doorkeeper answers them (the token reply has Doorkeeper's
 *   shape): `{"error","error_description"}` with a `WWW-Authenticate` challenge
 *   on every 400/401 (doorkeeper-gem/doorkeeper `lib/doorkeeper/oauth/error_response.rb`).
 */
import { generate } from 'selfsigned';

import type { ProviderEndpoints } from '../../src/main/platforms/endpoints';
import {
  defaultBehaviour,
  doorkeeperChallenge,
  hex,
  OAuthCore,
  type Dialect,
  type FakeBehaviour,
  type OAuthFakeBase,
  type RegisteredApp,
} from './oauth-fake';
import {
  errorPage,
  json,
  startLoopbackServer,
  type FakeRequest,
  type FakeResponse,
  type RecordedRequest,
} from './server';

export interface FreshBooksFakeOptions {
  app?: Partial<RegisteredApp>;
  /** Scopes registered on the app; a token requested without `scope` gets all of them. */
  appScopes?: string[];
  /** Start as a FreshBooks Classic identity (see `classic` below). */
  classic?: boolean;
  behaviour?: Partial<FakeBehaviour>;
}

export interface FreshBooksFake extends OAuthFakeBase {
  endpoints: ProviderEndpoints['freshbooks'];
  origin: string;
  /** PEM of the self-signed server certificate. */
  ca: string;
  accountId: string;
  businessId: number;
  /**
   * Mutable: the user's business memberships (new-platform businesses). By
   * default one, named `behaviour.accountName`; set several to make the app ask which.
   */
  businesses: Array<{ id: number; account_id: string; name: string; role?: string }> | null;
  /**
   * Mutable. FreshBooks does not document how a Classic account looks on the
   * new API. Representation chosen here: /users/me answers 200 for the
   * identity but with `business_memberships: []` and empty `permissions` /
   * `subscription_statuses` — no new-platform business and so no
   * `account_id`: nothing the accounting API could be called with.
   */
  classic: boolean;
  apiRequests(): RecordedRequest[];
  close(): Promise<void>;
}

export const FRESHBOOKS_DEFAULT_APP: RegisteredApp = {
  clientId: 'c'.repeat(64), // the shape of the tutorial's client ID: 64 lowercase hex
  clientSecret: 'fake-freshbooks-client-secret',
  redirectUris: ['https://127.0.0.1:53682/oauth/callback'],
};

const FRESHBOOKS_SCOPE = /^user:[a-z_]+:(read|write)$/;

/** Redirect URIs must be https and cannot contain a query string. */
export function isFreshBooksRedirectUri(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' && url.search === '' && !uri.includes('?');
  } catch {
    return false;
  }
}

export async function startFakeFreshBooks(options: FreshBooksFakeOptions = {}): Promise<FreshBooksFake> {
  const app = { ...FRESHBOOKS_DEFAULT_APP, ...options.app };
  const bad = app.redirectUris.filter((u) => !isFreshBooksRedirectUri(u));
  if (bad.length > 0) {
    // The developer console would refuse to save these.
    throw new Error(`FreshBooks redirect URIs must be https without a query string: ${bad.join(', ')}`);
  }
  const appScopes = options.appScopes ?? ['user:profile:read', 'user:clients:read', 'user:invoices:read'];
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  const accountId = 'ABC123'; // the SDK fixture's value
  const businessId = 77128;

  const dialect: Dialect = {
    provider: 'FreshBooks',
    paths: { authorize: '/oauth/authorize', token: '/auth/oauth/token', revoke: '/auth/oauth/revoke' },
    codeTtlSec: 300, // 5 minutes
    accessTtlSec: 43_200, // 12 hours
    refreshTtlSec: null, // never expires…
    rotateRefresh: true, // …but single use
    tokenAcceptsJson: true, // form or JSON
    newCode: () => hex(32), // 64 hex in the tutorial
    newToken: () => hex(32),
    parseScope: (raw) => (raw ? raw.split(' ').filter(Boolean) : [...appScopes]), // space-separated
    checkAuthorize: (p) => {
      if (!isFreshBooksRedirectUri(p.redirect_uri ?? '')) {
        return { page: 'Redirect URIs must use HTTPS and cannot contain query-string parameters.' };
      }
      const requested = (p.scope ?? '').split(' ').filter(Boolean);
      if (!requested.every((s) => FRESHBOOKS_SCOPE.test(s) && appScopes.includes(s)))
        return { error: 'invalid_scope' };
      return undefined;
    },
    redirectParams: () => ({}),
    // The SDK fixture's shape, field for field, `id_token` included (an opaque value, not a JWT).
    tokenBody: ({ access, refresh, now }) => ({
      access_token: access.token,
      ...(refresh ? { refresh_token: refresh.token } : {}),
      token_type: 'Bearer',
      expires_in: 43_200,
      scope: access.scope.join(' '),
      created_at: Math.floor(now / 1000), // epoch seconds
      id_token: `fb-id-${hex(12)}`,
    }),
    tokenError: (error, description) =>
      json(
        error === 'invalid_client' ? 401 : 400,
        { error, error_description: description },
        { 'www-authenticate': doorkeeperChallenge(error, description) },
      ),
  };

  const core = new OAuthCore(dialect, app, defaultBehaviour(options.behaviour), pems.cert);

  const revoke = (req: FakeRequest): FakeResponse => {
    // JSON {client_id, client_secret, token} → 200: Doorkeeper's revoke route (RFC 7009).
    const canned = core.takeCanned(core.behaviour.revokeResponses);
    if (canned) return canned;
    const p = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    if (p.client_id !== core.app.clientId || p.client_secret !== core.app.clientSecret) {
      return json(401, { error: 'invalid_client', error_description: 'Client authentication failed.' });
    }
    if (typeof p.token !== 'string' || p.token === '') {
      return json(400, { error: 'invalid_request', error_description: 'token is required.' });
    }
    core.revoke(p.token); // unknown tokens: still 200 (RFC 7009 §2.2)
    return json(200, {});
  };

  const me = (req: FakeRequest): FakeResponse => {
    if (!core.authenticate(req, 'Bearer', 'default')) {
      // Verbatim from the SDK fixture auth_me_response__no_auth.json.
      return json(401, {
        error: 'unauthenticated',
        error_description: 'This action requires authentication to continue.',
      });
    }
    const businesses = fake.businesses ?? [
      { id: businessId, account_id: accountId, name: core.behaviour.accountName, role: 'owner' },
    ];
    const memberships = businesses.map((b, index) => ({
      id: 160833 + index,
      role: b.role ?? 'owner',
      business: {
        id: b.id,
        business_uuid: `7b3c1c2e-5b9a-4a3e-9a51-${String(b.id).padStart(12, '0')}`,
        name: b.name,
        account_id: b.account_id,
        date_format: 'dd/mm/yyyy',
        address: {
          street: '1 High Street',
          city: 'London',
          country: 'United Kingdom',
          postal_code: 'EC1A 1AA',
        },
      },
    }));
    return json(200, {
      response: {
        id: 2192788,
        identity_id: 2192788,
        identity_uuid: '0f9ad1c4-3f7e-4d2b-8b6e-5a4c3b2a1908',
        first_name: 'Test',
        last_name: 'Owner',
        email: 'owner@example.test',
        language: 'en',
        confirmed_at: '2024-01-15T10:00:00Z',
        groups: [],
        permissions: fake.classic
          ? {}
          : Object.fromEntries(businesses.map((b) => [b.account_id, { 'freshbooks.admin': true }])),
        subscription_statuses: fake.classic
          ? {}
          : Object.fromEntries(businesses.map((b) => [b.account_id, 'active'])),
        business_memberships: fake.classic ? [] : memberships,
      },
    });
  };

  const server = await startLoopbackServer({
    label: 'freshbooks',
    record: core.requests,
    latencyMs: () => core.behaviour.latencyMs,
    tls: { key: pems.private, cert: pems.cert },
    handler: (req) => {
      const { paths } = dialect;
      if (req.path === paths.authorize && (req.method === 'GET' || req.method === 'POST'))
        return core.authorize(req, 'default');
      if (req.path === paths.token && req.method === 'POST') return core.token(req, 'default');
      if (req.path === paths.revoke && req.method === 'POST') return revoke(req);
      if (req.path.startsWith('/auth/api/')) {
        const canned = core.takeCanned(core.behaviour.apiResponses);
        if (canned) return canned;
        if (req.path === '/auth/api/v1/users/me' && req.method === 'GET') return me(req);
        return json(404, { error: 'not_found', error_description: 'Not found.' });
      }
      return errorPage(404, 'Not found', `fake FreshBooks: no ${req.method} ${req.path}`);
    },
  });

  const fake: FreshBooksFake = {
    ...core.base(),
    endpoints: {
      authorizeUrl: `${server.origin}${dialect.paths.authorize}`,
      tokenUrl: `${server.origin}${dialect.paths.token}`,
      revokeUrl: `${server.origin}${dialect.paths.revoke}`,
      apiBase: server.origin,
    },
    origin: server.origin,
    ca: pems.cert,
    accountId,
    businessId,
    businesses: null,
    classic: options.classic ?? false,
    apiRequests: () => core.requests.filter((r) => r.path.startsWith('/auth/api/')),
    close: () => server.close(),
  };
  return fake;
}
