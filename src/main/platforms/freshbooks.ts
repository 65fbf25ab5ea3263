import { AppError } from '../../shared/ipc/errors';
import { freshBooksOptionsSchema, freshBooksWriteScopes } from '../../shared/platforms/configuration';
import type { OAuthAdapter } from './types';

/** Minimum read scopes; user:profile:read is needed for /users/me (providers.md §3.6). */
export const FRESHBOOKS_READ_SCOPES = [
  'user:profile:read',
  'user:business:read',
  'user:clients:read',
  'user:invoices:read',
  'user:payments:read',
  'user:expenses:read',
  'user:bills:read',
  'user:bill_vendors:read',
  'user:bill_payments:read',
  'user:credit_notes:read',
  'user:journal_entries:read',
  'user:reports:read',
  'user:taxes:read',
  'user:other_income:read',
];

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
