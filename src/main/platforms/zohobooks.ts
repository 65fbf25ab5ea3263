import { AppError } from '@shared/ipc/errors';
import { scopesFor } from '@shared/platforms';
import { zohoBooks } from '@shared/platforms/zohobooks';
import type { ProviderEndpoints } from './endpoints';
import { getJson } from './http-errors';
import { readTextAndJson } from './response-body';
import type { ConnectionServer, LinkedAccount, OAuthAdapter } from './types';

interface Organizations {
  organizations?: Array<{ organization_id?: unknown; name?: unknown; is_default_org?: unknown }>;
}

interface CurrentUser {
  user?: { email?: unknown };
}

/**
 * Zoho Books across data centres (zoho-data-centres.ts):
 * - the callback names the user's accounts server in `accounts-server`, and the
 *   token response the API domain in `api_domain`; only known ones are trusted
 *   (https://www.zoho.com/accounts/protocol/oauth/multi-dc/client-authorization.html);
 * - `access_type=offline` and `prompt=consent`, so every sign-in returns a
 *   refresh token (https://www.zoho.com/accounts/protocol/oauth/web-apps/authorization.html);
 * - token errors come with HTTP 200 and `{"error": …}`, throttling as
 *   "Access Denied" (https://help.zoho.com/portal/en/community/topic/kaizen-43-tokens-and-limitations).
 */
/** The longest window Zoho documents for its token-endpoint throttling (Kaizen #43). */
export const ZOHO_THROTTLE_WINDOW_SECONDS = 600;

export const zohoBooksAdapter: OAuthAdapter = {
  platform: 'zohobooks',
  authorizeUrl: (endpoints) => endpoints.zohobooks.authorizeUrl,
  issuer: (endpoints) => new URL(endpoints.zohobooks.authorizeUrl).origin,
  issParameterSupported: (endpoints) => endpoints.zohobooks.issParameterSupported === true,
  scopes: (options) => scopesFor(zohoBooks, options),
  scopeSeparator: ',',
  extraAuthorizeParams: () => ({ access_type: 'offline', prompt: 'consent' }),
  serverFromCallback(endpoints, callback) {
    const { accountsServers, defaultDataCentre } = endpoints.zohobooks;
    const named = callback.get('accounts-server');
    // No accounts-server: the default data centre, named explicitly (never "the first one listed").
    const region =
      named === null
        ? defaultDataCentre
        : Object.keys(accountsServers).find((dc) => accountsServers[dc] === named);
    const origin = region === undefined ? undefined : accountsServers[region];
    if (region === undefined || origin === undefined)
      throw new AppError('CALLBACK_REJECTED', 'Unknown Zoho accounts server');
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
  /** GET /organizations: every organisation of the user, the default one first (Books API introduction). */
  async companies(server, accessToken, fetchImpl) {
    const body = await getJson<Organizations>(fetchImpl, `${server.apiBase}/organizations`, {
      Authorization: `Zoho-oauthtoken ${accessToken}`,
    });
    const companies: Array<LinkedAccount & { isDefault: boolean }> = [];
    for (const org of body.organizations ?? []) {
      const id = typeof org.organization_id === 'number' ? String(org.organization_id) : org.organization_id;
      if (typeof id !== 'string' || id === '' || companies.some((c) => c.externalId === id)) continue;
      companies.push({
        externalId: id,
        label: typeof org.name === 'string' ? org.name : id,
        isDefault: org.is_default_org === true,
      });
    }
    if (companies.length === 0) throw new AppError('ACCOUNT_NOT_SUPPORTED', 'No Zoho Books organisation');
    companies.sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
    return companies.map(({ externalId, label }) => ({ externalId, label }));
  },
  /**
   * Zoho caps refresh tokens per user, so the app remembers who signed in:
   * GET /users/me names the current user (Books API, Users: "Get current user").
   */
  async owner(server, accessToken, company, fetchImpl) {
    const url = `${server.apiBase}/users/me?organization_id=${encodeURIComponent(company.externalId)}`;
    const body = await getJson<CurrentUser>(fetchImpl, url, {
      Authorization: `Zoho-oauthtoken ${accessToken}`,
    });
    const email = body.user?.email;
    return typeof email === 'string' && email.includes('@') ? `zoho-user:${email.toLowerCase()}` : null;
  },
  refreshTokenLifetimeSeconds: null,
  async normaliseTokenResponse(response) {
    // Zoho reports token errors with HTTP 200 and {"error": "..."}: make them OAuth-conformant,
    // and its throttling reply ("Access Denied") a 429.
    if (response.status !== 200) return response;
    const { text, json: body } = await readTextAndJson(response);
    const error = (body as { error?: unknown } | undefined)?.error;
    if (typeof error !== 'string') return new Response(text, { status: 200, headers: response.headers });
    if (!/^access denied$/i.test(error))
      return new Response(text, { status: 400, headers: response.headers });
    // Throttled. Zoho sends no Retry-After; its documented windows are one minute (codes, refresh
    // tokens) and ten minutes (access tokens per refresh token): the person is told the later.
    const headers = new Headers(response.headers);
    if (!headers.has('retry-after')) headers.set('retry-after', String(ZOHO_THROTTLE_WINDOW_SECONDS));
    return new Response(text, { status: 429, headers });
  },
  revocation: 'query',
};
