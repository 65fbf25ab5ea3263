import { AppError } from '@shared/ipc/errors';
import type { ProviderEndpoints } from './endpoints';
import type { ConnectionServer, OAuthAdapter } from './types';

/** Read-only Books scopes; GET /organizations needs settings.READ (providers.md §1.7). */
export const ZOHO_READ_SCOPES = [
  'ZohoBooks.settings.READ',
  'ZohoBooks.contacts.READ',
  'ZohoBooks.invoices.READ',
  'ZohoBooks.creditnotes.READ',
  'ZohoBooks.customerpayments.READ',
  'ZohoBooks.bills.READ',
  'ZohoBooks.expenses.READ',
  'ZohoBooks.banking.READ',
  'ZohoBooks.accountants.READ',
];

/** Zoho caps live refresh tokens per user per client; the 21st silently deletes the oldest. */
export const ZOHO_REFRESH_TOKEN_CAP = 20;
/** Warn this close to the cap. */
export const ZOHO_CAP_WARNING_AT = ZOHO_REFRESH_TOKEN_CAP - 2;

export const zohoBooksAdapter: OAuthAdapter = {
  platform: 'zohobooks',
  authorizeUrl: (endpoints) => endpoints.zohobooks.authorizeUrl,
  scopes: () => ZOHO_READ_SCOPES,
  scopeSeparator: ',',
  // offline + consent so a refresh token is issued every time (providers.md §1.3).
  extraAuthorizeParams: () => ({ access_type: 'offline', prompt: 'consent' }),
  serverFromCallback(endpoints, callback) {
    // The callback names the user's data centre; only known accounts servers are trusted.
    const named = callback.get('accounts-server');
    const servers = endpoints.zohobooks.accountsServers;
    const entry = Object.entries(servers).find(([, origin]) => origin === named);
    const [region, origin] = entry ?? (named === null ? Object.entries(servers)[0]! : []);
    if (!region || !origin) throw new AppError('CALLBACK_REJECTED', 'Unknown Zoho accounts server');
    return {
      region,
      tokenEndpoint: `${origin}/oauth/v2/token`,
      revocationEndpoint: `${origin}/oauth/v2/token/revoke`,
      apiBase: '',
    };
  },
  serverFromTokens(endpoints: ProviderEndpoints, server: ConnectionServer, tokens) {
    const apiDomain = typeof tokens['api_domain'] === 'string' ? tokens['api_domain'] : '';
    if (!endpoints.zohobooks.apiDomains.includes(apiDomain))
      throw new AppError('PROVIDER_ERROR', 'Unknown Zoho API domain');
    return { ...server, apiBase: `${apiDomain}/books/v3` };
  },
  async describe(server, accessToken, fetchImpl) {
    const response = await fetchImpl(`${server.apiBase}/organizations`, {
      headers: { Authorization: `Zoho-oauthtoken ${accessToken}`, Accept: 'application/json' },
    });
    if (!response.ok) throw new AppError(response.status === 429 ? 'RATE_LIMITED' : 'PROVIDER_ERROR');
    const body = (await response.json()) as {
      organizations?: Array<{ organization_id?: string; name?: string; is_default_org?: boolean }>;
    };
    const orgs = body.organizations ?? [];
    const org = orgs.find((o) => o.is_default_org) ?? orgs[0];
    if (!org?.organization_id) throw new AppError('ACCOUNT_NOT_SUPPORTED', 'No Zoho Books organisation');
    return { externalId: String(org.organization_id), label: String(org.name ?? org.organization_id) };
  },
  rotatesRefreshTokens: false,
  refreshTokenLifetimeSeconds: null,
  async normaliseTokenResponse(response) {
    // Zoho reports token errors with HTTP 200 and {"error": "..."}: make them OAuth-conformant 400s.
    if (response.status !== 200) return response;
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const error = (body as { error?: unknown } | undefined)?.error;
    const status = typeof error === 'string' ? 400 : 200;
    return new Response(text, { status, headers: response.headers });
  },
  revocation: 'query',
};
