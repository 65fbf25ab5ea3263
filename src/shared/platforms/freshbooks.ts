import type { PlatformDefinition } from './types';

/** FreshBooks (new API; Classic accounts are not supported): OAuth 2.0 with HTTPS-only redirect URIs. */
export const freshBooks: PlatformDefinition = {
  id: 'freshbooks',
  name: 'FreshBooks',
  authKind: 'oauth2',
  requiresAppRegistration: true,
  credentialFields: [
    // The official tutorial's client ID is 64 lower-case hex characters (providers.md §3.9): a hint only.
    { id: 'clientId', secret: false, usualPattern: /^[0-9a-f]{64}$/ },
    { id: 'clientSecret', secret: true },
  ],
  regions: [],
  links: [
    { id: 'console', url: 'https://my.freshbooks.com/#/developer' },
    { id: 'authGuide', url: 'https://www.freshbooks.com/api/authentication' },
    { id: 'signup', url: 'https://www.freshbooks.com/' },
  ],
  externalHosts: ['my.freshbooks.com', 'www.freshbooks.com', 'auth.freshbooks.com'],
};
