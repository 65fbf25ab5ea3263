import { AppError } from '@shared/ipc/errors';
import type { OAuthAdapter } from './types';

export const sageAdapter: OAuthAdapter = {
  platform: 'sage',
  authorizeUrl: (endpoints) => endpoints.sage.authorizeUrl,
  // Sage knows exactly two scopes (providers.md §2.2); read-only is enough to review and test.
  scopes: () => ['readonly'],
  scopeSeparator: ' ',
  extraAuthorizeParams: (options) => {
    const params: Record<string, string> = { filter: 'apiv3.1' };
    if (typeof options['country'] === 'string' && /^[a-z]{2}$/.test(options['country']))
      params['country'] = options['country'];
    return params;
  },
  serverFromCallback(endpoints, callback) {
    const country = callback.get('country');
    return {
      region: country && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : null,
      tokenEndpoint: endpoints.sage.tokenUrl,
      revocationEndpoint: endpoints.sage.revokeUrl,
      apiBase: endpoints.sage.apiBase,
    };
  },
  async describe(server, accessToken, fetchImpl) {
    const response = await fetchImpl(`${server.apiBase}/businesses`, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
    });
    if (!response.ok) throw new AppError(response.status === 429 ? 'RATE_LIMITED' : 'PROVIDER_ERROR');
    const body = (await response.json()) as { $items?: Array<{ id?: string; displayed_as?: string }> };
    const business = body.$items?.[0];
    if (!business?.id) throw new AppError('ACCOUNT_NOT_SUPPORTED', 'No Sage business');
    return { externalId: String(business.id), label: String(business.displayed_as ?? business.id) };
  },
  rotatesRefreshTokens: true,
  refreshTokenLifetimeSeconds: 31 * 24 * 3600,
  revocation: 'form',
};
