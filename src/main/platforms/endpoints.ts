import { ZOHO_DATA_CENTRES, ZOHO_DEFAULT_DATA_CENTRE } from '@shared/platforms/zoho-data-centres';

import { parseUrlWithoutCredentials } from '../security/parse-url';
/**
 * Where each provider lives. Production uses DEFAULT_ENDPOINTS (from each
 * provider's documentation, cited in its adapter); tests inject endpoints of
 * fake providers on 127.0.0.1 through composeServices — never through
 * environment variables.
 */
interface OAuthServerFacts {
  /**
   * The authorization server advertises `authorization_response_iss_parameter_supported`
   * (RFC 9207 §3): a callback without `iss` is then refused. None of the four
   * providers documents it today.
   */
  issParameterSupported?: boolean;
}

export interface ProviderEndpoints {
  zohobooks: OAuthServerFacts & {
    /** Where authorisation starts; Zoho sends users of other data centres to theirs. */
    authorizeUrl: string;
    /**
     * Accounts servers by data centre. The callback names the user's server in
     * `accounts-server`; only these are trusted for the token exchange.
     */
    accountsServers: Readonly<Record<string, string>>;
    /** The data centre whose accounts server is used when a callback names none. */
    defaultDataCentre: string;
    /** API domains the token response may name in `api_domain`; anything else is refused. */
    apiDomains: readonly string[];
  };
  sage: OAuthServerFacts & { authorizeUrl: string; tokenUrl: string; revokeUrl: string; apiBase: string };
  freshbooks: OAuthServerFacts & {
    authorizeUrl: string;
    tokenUrl: string;
    revokeUrl: string;
    apiBase: string;
  };
  clearbooks: { soapUrl: string };
}

const zohoDefault = ZOHO_DATA_CENTRES.find((dc) => dc.id === ZOHO_DEFAULT_DATA_CENTRE)!;

export const DEFAULT_ENDPOINTS: ProviderEndpoints = {
  zohobooks: {
    authorizeUrl: `${zohoDefault.accountsServer}/oauth/v2/auth`,
    accountsServers: Object.fromEntries(ZOHO_DATA_CENTRES.map((dc) => [dc.id, dc.accountsServer])),
    defaultDataCentre: ZOHO_DEFAULT_DATA_CENTRE,
    apiDomains: ZOHO_DATA_CENTRES.map((dc) => dc.apiDomain),
  },
  // https://developer.sage.com/accounting/guides/authenticating/authentication/
  sage: {
    authorizeUrl: 'https://www.sageone.com/oauth2/auth/central',
    tokenUrl: 'https://oauth.accounting.sage.com/token',
    revokeUrl: 'https://oauth.accounting.sage.com/revoke',
    apiBase: 'https://api.accounting.sage.com/v3.1',
  },
  // https://www.freshbooks.com/api/authentication. The revoke route is not in FreshBooks' public docs:
  // it is Doorkeeper's standard one (FreshBooks' token replies have Doorkeeper's shape).
  freshbooks: {
    authorizeUrl: 'https://auth.freshbooks.com/oauth/authorize',
    tokenUrl: 'https://api.freshbooks.com/auth/oauth/token',
    revokeUrl: 'https://api.freshbooks.com/auth/oauth/revoke',
    apiBase: 'https://api.freshbooks.com',
  },
  clearbooks: { soapUrl: 'https://secure.clearbooks.co.uk/api/accounting/soap/' },
};

/**
 * Provider endpoints must be https. Plain http is accepted only on the
 * loopback address, where fake providers run in tests; no network attacker
 * sits between two processes on 127.0.0.1.
 */
export function isAcceptableEndpoint(raw: string): boolean {
  const url = parseUrlWithoutCredentials(raw);
  if (!url) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === '127.0.0.1');
}
