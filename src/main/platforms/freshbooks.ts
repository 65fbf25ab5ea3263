import { AppError } from '@shared/ipc/errors';
// The minimum read scopes the wizard tells people to register (from the set-up guide) are the ones asked for.
import { FRESHBOOKS_READ_SCOPES } from '@shared/platforms/freshbooks';
import { freshBooksOptionsSchema, freshBooksWriteScopes } from '@shared/platforms/configuration';
import type { OAuthAdapter } from './types';

/** The minimum read scopes plus the write scopes chosen in the wizard. */
function configuredScopes(options: Record<string, unknown>): string[] {
  const parsed = freshBooksOptionsSchema.safeParse(options);
  const writes = parsed.success ? freshBooksWriteScopes(parsed.data) : [];
  return [...FRESHBOOKS_READ_SCOPES, ...writes];
}

export const freshBooksAdapter: OAuthAdapter = {
  platform: 'freshbooks',
  authorizeUrl: (endpoints) => endpoints.freshbooks.authorizeUrl,
  scopes: configuredScopes,
  scopeSeparator: ' ',
  extraAuthorizeParams: () => ({}),
  serverFromCallback: (endpoints) => ({
    region: null,
    tokenEndpoint: endpoints.freshbooks.tokenUrl,
    revocationEndpoint: endpoints.freshbooks.revokeUrl,
    apiBase: endpoints.freshbooks.apiBase,
  }),
  async describe(server, accessToken, fetchImpl) {
    const response = await fetchImpl(`${server.apiBase}/auth/api/v1/users/me`, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
    });
    if (!response.ok) throw new AppError(response.status === 429 ? 'RATE_LIMITED' : 'PROVIDER_ERROR');
    const body = (await response.json()) as {
      response?: {
        business_memberships?: Array<{
          business?: { account_id?: string | null; name?: string; id?: number };
        }>;
      };
    };
    // Classic accounts have no new-API business with an account_id: not supported.
    const business = body.response?.business_memberships?.map((m) => m.business).find((b) => b?.account_id);
    if (!business?.account_id)
      throw new AppError('ACCOUNT_NOT_SUPPORTED', 'FreshBooks Classic or no business');
    return { externalId: business.account_id, label: String(business.name ?? business.account_id) };
  },
  rotatesRefreshTokens: true,
  refreshTokenLifetimeSeconds: null,
  revocation: 'json',
};
