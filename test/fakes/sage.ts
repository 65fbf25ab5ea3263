/**
 * Fake Sage Accounting v3.1: authorize, token, revoke and the businesses API
 * on one 127.0.0.1 origin.
 *
 * Published sources it follows:
 * - https://developer.sage.com/accounting/guides/authenticating/authentication/ :
 *   `filter=apiv3.1`, `country` values gb/ie/ca, the region-prefixed code and the
 *   `country` on the callback, scopes `readonly`/`full_access` only, a 60-second
 *   single-use code, the client secret required even with PKCE, 5-minute access
 *   tokens, refresh tokens rotated on every refresh and lapsing after 31 days,
 *   `refresh_token_expires_in` and `requested_by_id`, POST /revoke → {"success":"ok"};
 * - Sage's own sample app (Sage/sageone_api_ruby_sample `config/sage_accounting.yml`,
 *   `app/controllers/sage_accounting_controller.rb`) for endpoints and parameters;
 * - https://developer.sage.com/accounting/guides/concepts/best_practices/ : GET
 *   /businesses lists every business the user reaches (`$items`, paged with `$next`);
 * - error bodies: an array of {$severity, $dataCode, $message, $source}
 *   (https://developer.sage.com/accounting/guides/concepts/response_codes/).
 */
import { randomUUID } from 'node:crypto';

import type { ProviderEndpoints } from '../../src/main/platforms/endpoints';
import {
  defaultBehaviour,
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

export interface SageFakeOptions {
  app?: Partial<RegisteredApp>;
  /** The country the user picks when the app sends no `country`. Default 'GB'. */
  country?: 'GB' | 'IE' | 'CA';
  behaviour?: Partial<FakeBehaviour>;
}

export interface SageFake extends OAuthFakeBase {
  endpoints: ProviderEndpoints['sage'];
  origin: string;
  /** 32 hex, the `X-Business` value, of the user's first business. */
  businessId: string;
  /**
   * Mutable: every business the user reaches. By default one, named
   * `behaviour.accountName`; set several to make the app ask which.
   */
  businesses: Array<{ id: string; displayed_as: string }> | null;
  /** GUID returned as `requested_by_id`. */
  userId: string;
  apiRequests(): RecordedRequest[];
  close(): Promise<void>;
}

export const SAGE_DEFAULT_APP: RegisteredApp = {
  clientId: 'fake-sage-client-id', // Sage's docs mask their client ids: no known format
  clientSecret: 'fake-sage-client-secret',
  redirectUris: ['http://127.0.0.1:53682/oauth/callback'],
};

/** Errors are a JSON array of {$severity,$dataCode,$message,$source}. */
export const sageError = (dataCode: string, message: string): unknown[] => [
  { $severity: 'error', $dataCode: dataCode, $message: message, $source: '' },
];

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function startFakeSage(options: SageFakeOptions = {}): Promise<SageFake> {
  const businessId = hex(16);
  const userId = randomUUID();

  const dialect: Dialect = {
    provider: 'Sage Accounting',
    paths: { authorize: '/oauth2/auth/central', token: '/token', revoke: '/revoke' },
    codeTtlSec: 60,
    accessTtlSec: 300,
    refreshTtlSec: 2_678_400, // 31 days
    rotateRefresh: true,
    // Region-prefixed code, e.g. GB/12abc… (URL-encoded as GB%2F… in the redirect).
    newCode: (_realm, p) => `${(p.country ?? options.country ?? 'GB').toUpperCase()}/${hex(20)}`,
    // Access tokens are JWTs (RS512); this one only looks like one.
    newToken: (kind) =>
      kind === 'access'
        ? `${b64url({ alg: 'RS512', typ: 'JWT' })}.${b64url({ sub: userId, jti: hex(8) })}.${hex(64)}`
        : hex(32),
    // scope is optional; Sage does not say what it defaults to — this fake assumes full_access.
    parseScope: (raw) => [raw ?? 'full_access'],
    checkAuthorize: (p) => {
      // Always send filter=apiv3.1 (or a country); without either a real user would be offered
      // countries that have no v3.1 API, so this fake refuses with an error page.
      if (p.filter !== 'apiv3.1' && !p.country) {
        return { page: 'Sage fake: send filter=apiv3.1 or country.' };
      }
      if (p.scope !== undefined && p.scope !== 'readonly' && p.scope !== 'full_access')
        return { error: 'invalid_scope' };
      return undefined;
    },
    redirectParams: (grant) => ({ country: grant.code.slice(0, grant.code.indexOf('/')) }),
    tokenBody: ({ access, refresh }) => ({
      access_token: access.token,
      scope: access.scope[0],
      token_type: 'bearer',
      expires_in: 300,
      ...(refresh ? { refresh_token: refresh.token, refresh_token_expires_in: 2_678_400 } : {}),
      requested_by_id: userId,
    }),
    // {"error":"invalid_grant"} style; 401 for client authentication failures (RFC 6749 §5.2).
    tokenError: (error) => json(error === 'invalid_client' ? 401 : 400, { error }),
  };

  const core = new OAuthCore(
    dialect,
    { ...SAGE_DEFAULT_APP, ...options.app },
    defaultBehaviour(options.behaviour),
  );

  const revoke = (req: FakeRequest): FakeResponse => {
    // POST /revoke with client_id, client_secret, token (a refresh token) → 200 {"success":"ok"}.
    const canned = core.takeCanned(core.behaviour.revokeResponses);
    if (canned) return canned;
    const p = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, string>;
    if (p.client_id !== core.app.clientId || p.client_secret !== core.app.clientSecret) {
      return json(401, { error: 'invalid_client' });
    }
    if (!p.token) return json(400, { error: 'invalid_request' });
    core.revoke(p.token); // unknown tokens are not an error (RFC 7009 §2.2); access tokens just expire
    return json(200, { success: 'ok' });
  };

  const businesses = (req: FakeRequest): FakeResponse => {
    if (!core.authenticate(req, 'Bearer', 'default')) {
      return json(401, sageError('Unauthorized', 'You are not authorised to access this resource.'));
    }
    const all = fake.businesses ?? [{ id: businessId, displayed_as: core.behaviour.accountName }];
    const perPage = 20;
    const page = Math.max(1, Number(req.query.page ?? '1') || 1);
    const items = all.slice((page - 1) * perPage, page * perPage);
    return json(200, {
      $total: all.length,
      $page: page,
      $next: page * perPage < all.length ? `/businesses?page=${page + 1}` : null,
      $back: page > 1 ? `/businesses?page=${page - 1}` : null,
      $items_per_page: perPage,
      $items: items.map((b) => ({ displayed_as: b.displayed_as, id: b.id, $path: `/businesses/${b.id}` })),
    });
  };

  const server = await startLoopbackServer({
    label: 'sage',
    record: core.requests,
    latencyMs: () => core.behaviour.latencyMs,
    handler: (req) => {
      const { paths } = dialect;
      if (req.path === paths.authorize && (req.method === 'GET' || req.method === 'POST'))
        return core.authorize(req, 'default');
      if (req.path === paths.token && req.method === 'POST') return core.token(req, 'default');
      if (req.path === paths.revoke && req.method === 'POST') return revoke(req);
      if (req.path.startsWith('/v3.1/')) {
        const canned = core.takeCanned(core.behaviour.apiResponses);
        if (canned) return canned;
        if (req.path === '/v3.1/businesses' && req.method === 'GET') return businesses(req);
        return json(404, sageError('RecordNotFound', 'Not found.'));
      }
      return errorPage(404, 'Not found', `fake Sage: no ${req.method} ${req.path}`);
    },
  });

  const fake: SageFake = {
    ...core.base(),
    endpoints: {
      authorizeUrl: `${server.origin}${dialect.paths.authorize}`,
      tokenUrl: `${server.origin}${dialect.paths.token}`,
      revokeUrl: `${server.origin}${dialect.paths.revoke}`,
      apiBase: `${server.origin}/v3.1`,
    },
    origin: server.origin,
    businessId,
    businesses: null,
    userId,
    apiRequests: () => core.requests.filter((r) => r.path.startsWith('/v3.1/')),
    close: () => server.close(),
  };
  return fake;
}
