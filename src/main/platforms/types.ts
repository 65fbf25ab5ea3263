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
  /**
   * The authorization server's issuer identifier, the same for the code
   * exchange and every refresh. Absent on connections stored before it was kept.
   */
  issuer?: string;
  tokenEndpoint: string;
  revocationEndpoint: string | null;
  /** Base URL for API calls (Zoho's api_domain, for example). */
  apiBase: string;
}

/** A company one sign-in can reach: its provider id and name. */
export interface LinkedAccount {
  externalId: string;
  label: string;
}

/** Things only one provider knows. Code branches on a platform here and nowhere else. */
export interface OAuthAdapter {
  platform: Exclude<PlatformId, 'clearbooks'>;
  /** The authorize URL (PKCE, state and the rest are added by the engine). */
  authorizeUrl(endpoints: ProviderEndpoints): string;
  /**
   * The issuer identifier: compared with a callback's `iss` (RFC 9207 §2.4) and
   * given to the token client for the exchange and every refresh alike.
   */
  issuer(endpoints: ProviderEndpoints): string;
  /** Whether the server advertises `authorization_response_iss_parameter_supported` (RFC 9207 §3). */
  issParameterSupported(endpoints: ProviderEndpoints): boolean;
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
  /** The companies this sign-in can reach, with read-only calls; at least one, or ACCOUNT_NOT_SUPPORTED. */
  companies(server: ConnectionServer, accessToken: string, fetchImpl: typeof fetch): Promise<LinkedAccount[]>;
  /**
   * Who signed in, as an opaque stable value, where the provider caps live
   * refresh tokens per user (Zoho); null when it cannot be told.
   */
  owner?(
    server: ConnectionServer,
    accessToken: string,
    company: LinkedAccount,
    fetchImpl: typeof fetch,
  ): Promise<string | null>;
  /** Refresh-token lifetime in seconds when the token response does not say (Sage: 31 days). */
  refreshTokenLifetimeSeconds: number | null;
  /** Turns a token-endpoint reply that is not OAuth-conformant into one that is (Zoho: errors in 200 bodies). */
  normaliseTokenResponse?(response: Response): Promise<Response>;
  revocation: 'form' | 'json' | 'query' | null;
}

/** A platform linked with an API key the customer provides (Clear Books). */
export interface ApiKeyAdapter {
  platform: PlatformId;
  /** The region every company of this platform is in. */
  region: string | null;
  /** Proves the key works with a read-only call; API_KEY_REJECTED when the provider refuses it. */
  verify(endpoints: ProviderEndpoints, apiKey: string, fetchImpl: typeof fetch): Promise<void>;
}
