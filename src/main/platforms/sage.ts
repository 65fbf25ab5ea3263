import { AppError } from '@shared/ipc/errors';
import { refreshTokenIdleLifetimeDays, scopesFor } from '@shared/platforms';
import { sage } from '@shared/platforms/sage';
import { getJson } from './http-errors';
import type { LinkedAccount, OAuthAdapter } from './types';

/** Pages of businesses read at most (Sage pages `$items` and links the next page in `$next`). */
const MAX_PAGES = 25;

interface BusinessesPage {
  $next?: string | null;
  $items?: Array<{ id?: unknown; displayed_as?: unknown }>;
}

/**
 * Sage Accounting v3.1 (https://developer.sage.com/accounting/guides/authenticating/authentication/):
 * `filter=apiv3.1` on every authorisation (it hides countries without v3.1), a
 * 60-second code, rotating refresh tokens that lapse after 31 unused days.
 * `country` is not sent: the person picks the business's country on Sage's page.
 */
export const sageAdapter: OAuthAdapter = {
  platform: 'sage',
  authorizeUrl: (endpoints) => endpoints.sage.authorizeUrl,
  issuer: (endpoints) => new URL(endpoints.sage.authorizeUrl).origin,
  issParameterSupported: (endpoints) => endpoints.sage.issParameterSupported === true,
  scopes: (options) => scopesFor(sage, options),
  scopeSeparator: ' ',
  extraAuthorizeParams: () => ({ filter: 'apiv3.1' }),
  serverFromCallback(endpoints, callback) {
    const country = callback.get('country');
    return {
      region: country && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : null,
      tokenEndpoint: endpoints.sage.tokenUrl,
      revocationEndpoint: endpoints.sage.revokeUrl,
      apiBase: endpoints.sage.apiBase,
    };
  },
  /**
   * GET /businesses: every business the user can reach; its `id` is what the
   * `X-Business` header names (https://developer.sage.com/accounting/guides/concepts/best_practices/).
   */
  async companies(server, accessToken, fetchImpl) {
    const companies: LinkedAccount[] = [];
    let url: string | null = `${server.apiBase}/businesses`;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const body: BusinessesPage = await getJson<BusinessesPage>(fetchImpl, url, {
        Authorization: `Bearer ${accessToken}`,
      });
      for (const item of body.$items ?? []) {
        if (typeof item.id !== 'string' || item.id === '') continue;
        companies.push({
          externalId: item.id,
          label: typeof item.displayed_as === 'string' ? item.displayed_as : item.id,
        });
      }
      // `$next` is a path under the API version root, e.g. "/businesses?page=2".
      url =
        typeof body.$next === 'string' && body.$next.startsWith('/')
          ? `${server.apiBase}${body.$next}`
          : null;
    }
    if (companies.length === 0) throw new AppError('ACCOUNT_NOT_SUPPORTED', 'No Sage business');
    return companies;
  },
  refreshTokenLifetimeSeconds: (refreshTokenIdleLifetimeDays(sage) ?? 31) * 24 * 3600,
  revocation: 'form',
};
