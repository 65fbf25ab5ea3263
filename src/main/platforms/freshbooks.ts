import { AppError } from '@shared/ipc/errors';
import { scopesFor } from '@shared/platforms';
import { freshBooks } from '@shared/platforms/freshbooks';
import { getJson } from './http-errors';
import type { LinkedAccount, OAuthAdapter } from './types';

interface Me {
  response?: {
    business_memberships?: Array<{
      business?: { account_id?: unknown; name?: unknown } | null;
    }>;
  };
}

/**
 * FreshBooks (https://www.freshbooks.com/api/authentication): https-only
 * redirect URIs, space-separated scopes, single-use refresh tokens. Token replies
 * carry an `id_token` (freshbooks/freshbooks-python-sdk
 * `tests/fixtures/auth_token_response.json`) that this app never asks for.
 */
export const freshBooksAdapter: OAuthAdapter = {
  platform: 'freshbooks',
  authorizeUrl: (endpoints) => endpoints.freshbooks.authorizeUrl,
  issuer: (endpoints) => new URL(endpoints.freshbooks.authorizeUrl).origin,
  issParameterSupported: (endpoints) => endpoints.freshbooks.issParameterSupported === true,
  // The minimum read scopes plus the write scopes chosen in the wizard, through the definition's template.
  scopes: (options) => scopesFor(freshBooks, options),
  scopeSeparator: ' ',
  extraAuthorizeParams: () => ({}),
  serverFromCallback: (endpoints) => ({
    region: null,
    tokenEndpoint: endpoints.freshbooks.tokenUrl,
    revocationEndpoint: endpoints.freshbooks.revokeUrl,
    apiBase: endpoints.freshbooks.apiBase,
  }),
  /**
   * GET /auth/api/v1/users/me: one entry per business membership; the
   * accounting API is addressed by the business's `account_id`
   * (freshbooks/freshbooks-python-sdk `tests/fixtures/auth_me_response.json`).
   * FreshBooks Classic identities have no such business.
   */
  async companies(server, accessToken, fetchImpl) {
    const me = await getJson<Me>(fetchImpl, `${server.apiBase}/auth/api/v1/users/me`, {
      Authorization: `Bearer ${accessToken}`,
    });
    const companies: LinkedAccount[] = [];
    for (const membership of me.response?.business_memberships ?? []) {
      const accountId = membership.business?.account_id;
      if (typeof accountId !== 'string' || accountId === '') continue;
      if (companies.some((c) => c.externalId === accountId)) continue;
      const name = membership.business?.name;
      companies.push({ externalId: accountId, label: typeof name === 'string' ? name : accountId });
    }
    if (companies.length === 0)
      throw new AppError('ACCOUNT_NOT_SUPPORTED', 'FreshBooks Classic or no business');
    return companies;
  },
  refreshTokenLifetimeSeconds: null,
  revocation: 'json',
};
