import type * as oauth from 'oauth4webapi';

import type { PlatformId } from '@shared/platforms';
import type { ProviderEndpoints } from './endpoints';

/** The app registration an OAuth flow runs with (client secret from the keychain). */
export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
  options: Record<string, unknown>;
}

/** Where a connection's tokens are exchanged and its API is called; stored (non-secret) with the connection. */
export interface ConnectionServer {
  /** Data centre or country, when the provider has them. */
  region: string | null;
  tokenEndpoint: string;
  revocationEndpoint: string | null;
  /** Base URL for API calls (Zoho's api_domain, for example). */
  apiBase: string;
}

export interface LinkedAccount {
  externalId: string;
  label: string;
}

/** Things only one provider knows. Code branches on a platform here and nowhere else. */
export interface OAuthAdapter {
  platform: Exclude<PlatformId, 'clearbooks'>;
  /** The authorize URL, with this provider's extra parameters (PKCE, state and the rest are added by the engine). */
  authorizeUrl(endpoints: ProviderEndpoints): string;
  /** Scopes to request for these options, and how the provider separates them. */
  scopes(options: Record<string, unknown>): string[];
  scopeSeparator: ' ' | ',';
  extraAuthorizeParams(options: Record<string, unknown>): Record<string, string>;
  /** Picks (and validates) the server for the token exchange from the callback, e.g. Zoho's accounts-server. */
  serverFromCallback(endpoints: ProviderEndpoints, callback: URLSearchParams): ConnectionServer;
  /** Adjusts the server after the token response (Zoho names its API domain there). */
  serverFromTokens?(
    endpoints: ProviderEndpoints,
    server: ConnectionServer,
    tokens: oauth.TokenEndpointResponse,
  ): ConnectionServer;
  /** Names the linked company with a read-only call. */
  describe(server: ConnectionServer, accessToken: string, fetchImpl: typeof fetch): Promise<LinkedAccount>;
  /** Whether each refresh returns a new refresh token that replaces the old one. */
  rotatesRefreshTokens: boolean;
  /** Refresh-token lifetime in seconds when it expires (Sage: 31 days). */
  refreshTokenLifetimeSeconds: number | null;
  /** Turns a token-endpoint reply that is not OAuth-conformant into one that is (Zoho: errors in 200 bodies). */
  normaliseTokenResponse?(response: Response): Promise<Response>;
  revocation: 'form' | 'json' | 'query' | null;
}
