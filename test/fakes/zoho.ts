/**
 * Fake Zoho Books: two data centres, 'us' and 'eu', each with its own accounts
 * server and its own API server on 127.0.0.1 — four origins, so the app must
 * take the accounts server from the callback's `accounts-server` and the API
 * host from the token response's `api_domain`.
 *
 * Published sources it follows:
 * - authorization and token requests, `access_type`/`prompt`, comma-separated
 *   scopes: https://www.zoho.com/accounts/protocol/oauth/web-apps/authorization.html ,
 *   https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token.html
 * - data centres (`location`, `accounts-server` on the callback, `api_domain` in
 *   the token response): https://www.zoho.com/accounts/protocol/oauth/multi-dc/client-authorization.html
 * - PKCE required for mobile and desktop clients:
 *   https://www.zoho.com/accounts/protocol/oauth/mobile-and-desktop-apps/get-authorization-code.html
 * - refresh tokens never rotate and never expire, 20 live per user per client
 *   (the 21st deletes the oldest): https://www.zoho.com/crm/developer/docs/api/v3/token-validity.html
 * - token errors in HTTP 200 bodies, throttling as "Access Denied":
 *   https://help.zoho.com/portal/en/community/topic/kaizen-43-tokens-and-limitations
 * - revocation: https://www.zoho.com/accounts/protocol/oauth/revoke-refresh-token.html
 * - GET /organizations, GET /users/me, `{code, message}` errors:
 *   https://www.zoho.com/books/api/v3/introduction/ , https://www.zoho.com/books/api/v3/users/
 */
import type { ProviderEndpoints } from '../../src/main/platforms/endpoints';
import {
  defaultBehaviour,
  hex,
  OAuthCore,
  type CodeGrant,
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
  type LoopbackServer,
  type RecordedRequest,
} from './server';

export type ZohoDataCentre = 'us' | 'eu';
const DATA_CENTRES: readonly ZohoDataCentre[] = ['us', 'eu'];

export interface ZohoOrganisation {
  organization_id: string;
  name: string;
  is_default_org: boolean;
}

export interface ZohoFakeOptions {
  app?: Partial<RegisteredApp>;
  /** Where the test user's account lives; authorize on 'us' sends the code from there. Default 'us'. */
  userDataCentre?: ZohoDataCentre;
  /** The API console's client type: 'mobileOrDesktop' clients must send PKCE. Default 'server'. */
  clientType?: 'server' | 'mobileOrDesktop';
  behaviour?: Partial<FakeBehaviour>;
}

export interface ZohoFake extends OAuthFakeBase {
  endpoints: ProviderEndpoints['zohobooks'];
  accountsOrigins: Record<ZohoDataCentre, string>;
  apiOrigins: Record<ZohoDataCentre, string>;
  /** Mutable: move the user to the other data centre between tests. */
  userDataCentre: ZohoDataCentre;
  /** organization_id of the user's default organisation, per data centre. */
  organizationIds: Record<ZohoDataCentre, string>;
  /**
   * Mutable: every organisation the user reaches, per data centre. By default
   * one, named `behaviour.accountName`; set several to make the app ask which.
   */
  organizations: Record<ZohoDataCentre, ZohoOrganisation[] | null>;
  /** Requests to the Books API servers. */
  apiRequests(): RecordedRequest[];
  close(): Promise<void>;
}

export const ZOHO_DEFAULT_APP: RegisteredApp = {
  clientId: '1000.FAKEZOHOCLIENT0000000000000001', // the shape of Zoho's examples: '1000.' + 30 [A-Z0-9]
  clientSecret: 'f'.repeat(42),
  redirectUris: ['http://127.0.0.1:53682/oauth/callback'],
};

/**
 * Zoho's throttling reply on the token endpoint: HTTP 200, "Access Denied"
 * (Kaizen #43, above). Push it onto `behaviour.tokenResponses`.
 */
export const ZOHO_THROTTLED = {
  status: 200,
  body: {
    error_description: 'You have made too many requests continuously. Please try again after some time.',
    error: 'Access Denied',
    status: 'failure',
  },
};

/** Scope grammar Service.scope.OPERATION (https://www.zoho.com/accounts/protocol/oauth/scope.html). */
const SCOPE = /^[A-Za-z]+\.[A-Za-z]+\.(all|read|create|update|delete)$/i;
/** GET /organizations and /users/me need ZohoBooks.settings.READ (or the widely used fullaccess.all). */
const ORGS_SCOPE = /^ZohoBooks\.(settings\.(read|all)|fullaccess\.all)$/i;

export async function startFakeZoho(options: ZohoFakeOptions = {}): Promise<ZohoFake> {
  const accountsOrigins = {} as Record<ZohoDataCentre, string>;
  const apiOrigins = {} as Record<ZohoDataCentre, string>;
  const zohoToken = (): string => `1000.${hex(16)}.${hex(16)}`; // as Zoho's examples: 1000.<32 hex>.<32 hex>

  const dialect: Dialect = {
    provider: 'Zoho Books',
    paths: { authorize: '/oauth/v2/auth', token: '/oauth/v2/token', revoke: '/oauth/v2/token/revoke' },
    codeTtlSec: 120, // 2 minutes
    accessTtlSec: 3600,
    refreshTtlSec: null, // until revoked
    rotateRefresh: false, // refresh returns no new refresh token
    refreshCap: 20, // the 21st deletes the oldest
    requirePkce: options.clientType === 'mobileOrDesktop',
    tokenParamsInQuery: true, // Zoho's docs show token parameters in the query string
    newCode: zohoToken,
    newToken: zohoToken,
    parseScope: (raw) =>
      (raw ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean), // comma-separated
    checkAuthorize: (p) => {
      const scopes = (p.scope ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      // scope is required; unknown scope names come back as error=invalid_scope.
      if (scopes.length === 0 || !scopes.every((s) => SCOPE.test(s))) return { error: 'invalid_scope' };
      return undefined;
    },
    // code, location, accounts-server (then state).
    redirectParams: (grant: CodeGrant) => ({
      location: grant.realm,
      'accounts-server': accountsOrigins[grant.realm as ZohoDataCentre],
    }),
    // A refresh token only with access_type=offline, and only on first consent unless prompt=consent.
    issueRefresh: (grant, live) =>
      grant.params.access_type === 'offline' &&
      (grant.params.prompt?.toLowerCase() === 'consent' || live === 0),
    tokenBody: ({ access, refresh, realm }) => ({
      access_token: access.token,
      ...(refresh ? { refresh_token: refresh.token } : {}),
      scope: access.scope.join(' '), // space-separated in responses
      api_domain: apiOrigins[realm as ZohoDataCentre],
      token_type: 'Bearer',
      expires_in: 3600,
    }),
    // Token errors come in a 200 body; an unusable code or refresh token is "invalid_code".
    tokenError: (error) => json(200, { error: error === 'invalid_grant' ? 'invalid_code' : error }),
  };

  const core = new OAuthCore(
    dialect,
    { ...ZOHO_DEFAULT_APP, ...options.app },
    defaultBehaviour(options.behaviour),
  );
  const organizationIds: Record<ZohoDataCentre, string> = { us: '712345678', eu: '20081234567' }; // numeric strings

  const accountsHandler =
    (dc: ZohoDataCentre) =>
    (req: FakeRequest): FakeResponse => {
      if (req.path === dialect.paths.authorize && (req.method === 'GET' || req.method === 'POST')) {
        return core.authorize(req, fake.userDataCentre); // any DC's authorize issues the code in the user's DC
      }
      if (req.path === dialect.paths.token && req.method === 'POST') return core.token(req, dc);
      if (req.path === dialect.paths.revoke && req.method === 'POST') {
        // POST {accounts-server}/oauth/v2/token/revoke?token=… → {"status":"success"}; invalid → 400.
        const canned = core.takeCanned(core.behaviour.revokeResponses);
        if (canned) return canned;
        const token = req.query.token ?? (req.body as Record<string, string> | undefined)?.token ?? '';
        // The 400 body is not documented; this one is our choice.
        return core.revoke(token, dc)
          ? json(200, { status: 'success' })
          : json(400, { status: 'failure', error: 'invalid_token' });
      }
      return errorPage(404, 'Not found', `fake Zoho ${dc} accounts server: no ${req.method} ${req.path}`);
    };

  const apiHandler =
    (dc: ZohoDataCentre) =>
    (req: FakeRequest): FakeResponse => {
      const canned = core.takeCanned(core.behaviour.apiResponses);
      if (canned) return canned;
      const known = ['/books/v3/organizations', '/books/v3/users/me'];
      if (!known.includes(req.path) || req.method !== 'GET') {
        return json(404, { code: 5, message: 'Invalid URL Passed' });
      }
      // Authorization: Zoho-oauthtoken <token>; tokens are only valid in their own DC.
      const token = core.authenticate(req, 'Zoho-oauthtoken', dc);
      if (!token) return json(401, { code: 14, message: 'Invalid OAuth token' });
      if (!token.scope.some((s) => ORGS_SCOPE.test(s))) {
        return json(401, { code: 57, message: 'You are not authorized to perform this operation' });
      }
      const orgs = fake.organizations[dc] ?? [
        { organization_id: organizationIds[dc], name: core.behaviour.accountName, is_default_org: true },
      ];
      if (req.path === '/books/v3/users/me') {
        // Every Books call but /organizations names its organisation; an unknown one is refused
        // (the error's code and words are not documented: these are our choice).
        if (!orgs.some((o) => o.organization_id === req.query.organization_id)) {
          return json(400, { code: 6024, message: 'Invalid value passed for organization_id' });
        }
        return json(200, {
          code: 0,
          message: 'success',
          user: {
            user_id: `98200000${hex(4)}`,
            name: 'Test Owner',
            email: token.user,
            user_role: 'admin',
            status: 'active',
            is_current_user: true,
          },
        });
      }
      return json(200, {
        code: 0,
        message: 'success',
        organizations: orgs.map((org) => ({
          ...org,
          contact_name: 'Test Owner',
          email: token.user,
          language_code: 'en',
          fiscal_year_start_month: 0,
          account_created_date: '2024-01-15',
          time_zone: dc === 'eu' ? 'Europe/Berlin' : 'America/New_York',
          is_org_active: true,
          currency_id: '460000000000097',
          currency_code: dc === 'eu' ? 'EUR' : 'USD',
          currency_symbol: dc === 'eu' ? '€' : '$',
          currency_format: '1,234,567.89',
          price_precision: 2,
        })),
      });
    };

  const servers: LoopbackServer[] = [];
  for (const dc of DATA_CENTRES) {
    const common = { record: core.requests, latencyMs: () => core.behaviour.latencyMs };
    const accounts = await startLoopbackServer({
      ...common,
      label: `zoho-${dc}-accounts`,
      handler: accountsHandler(dc),
    });
    const api = await startLoopbackServer({ ...common, label: `zoho-${dc}-api`, handler: apiHandler(dc) });
    accountsOrigins[dc] = accounts.origin;
    apiOrigins[dc] = api.origin;
    servers.push(accounts, api);
  }

  const fake: ZohoFake = {
    ...core.base(),
    endpoints: {
      authorizeUrl: `${accountsOrigins.us}${dialect.paths.authorize}`, // sign-in starts at the US accounts server
      accountsServers: { ...accountsOrigins },
      defaultDataCentre: 'us',
      apiDomains: DATA_CENTRES.map((dc) => apiOrigins[dc]),
    },
    accountsOrigins,
    apiOrigins,
    userDataCentre: options.userDataCentre ?? 'us',
    organizationIds,
    organizations: { us: null, eu: null },
    apiRequests: () => core.requests.filter((r) => r.server.endsWith('-api')),
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
  return fake;
}
