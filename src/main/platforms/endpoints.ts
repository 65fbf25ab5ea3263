/**
 * Where each provider lives. Production uses DEFAULT_ENDPOINTS (from
 * providers.md); tests inject endpoints of fake providers on 127.0.0.1 through
 * composeServices — never through environment variables.
 */
export interface ProviderEndpoints {
  zohobooks: {
    /** Where authorisation starts; Zoho sends users of other data centres to theirs. */
    authorizeUrl: string;
    /**
     * Accounts servers by data centre. The callback names the user's server in
     * `accounts-server`; only these are trusted for the token exchange.
     */
    accountsServers: Readonly<Record<string, string>>;
    /** API domains the token response may name in `api_domain`; anything else is refused. */
    apiDomains: readonly string[];
  };
  sage: { authorizeUrl: string; tokenUrl: string; revokeUrl: string; apiBase: string };
  freshbooks: { authorizeUrl: string; tokenUrl: string; revokeUrl: string; apiBase: string };
  clearbooks: { soapUrl: string };
}

export const DEFAULT_ENDPOINTS: ProviderEndpoints = {
  zohobooks: {
    authorizeUrl: 'https://accounts.zoho.com/oauth/v2/auth',
    accountsServers: {
      us: 'https://accounts.zoho.com',
      eu: 'https://accounts.zoho.eu',
      in: 'https://accounts.zoho.in',
      au: 'https://accounts.zoho.com.au',
      jp: 'https://accounts.zoho.jp',
      ca: 'https://accounts.zohocloud.ca',
      cn: 'https://accounts.zoho.com.cn',
      sa: 'https://accounts.zoho.sa',
      uk: 'https://accounts.zoho.uk',
    },
    apiDomains: [
      'https://www.zohoapis.com',
      'https://www.zohoapis.eu',
      'https://www.zohoapis.in',
      'https://www.zohoapis.com.au',
      'https://www.zohoapis.jp',
      'https://www.zohoapis.ca',
      'https://www.zohoapis.com.cn',
      'https://www.zohoapis.sa',
      'https://www.zohoapis.uk',
    ],
  },
  sage: {
    authorizeUrl: 'https://www.sageone.com/oauth2/auth/central',
    tokenUrl: 'https://oauth.accounting.sage.com/token',
    revokeUrl: 'https://oauth.accounting.sage.com/revoke',
    apiBase: 'https://api.accounting.sage.com/v3.1',
  },
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
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === '127.0.0.1');
}
