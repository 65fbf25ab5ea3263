import type { PlatformDefinition } from './types';

/**
 * Zoho Books: OAuth 2.0 across several data centres. The seeds name the UK and US
 * as supported; the other data centres come from providers.md §1.2 and are shown
 * as not supported by this integration.
 */
export const zohoBooks: PlatformDefinition = {
  id: 'zohobooks',
  name: 'Zoho Books',
  authKind: 'oauth2',
  requiresAppRegistration: true,
  credentialFields: [
    // Usual shape "1000." + 30 upper-case alphanumerics (providers.md §1.13): a hint only.
    { id: 'clientId', secret: false, usualPattern: /^1000\.[A-Z0-9]{30}$/ },
    { id: 'clientSecret', secret: true },
  ],
  regions: [
    { id: 'uk', supported: true },
    { id: 'us', supported: true },
    { id: 'eu', supported: false },
    { id: 'in', supported: false },
    { id: 'au', supported: false },
    { id: 'jp', supported: false },
    { id: 'ca', supported: false },
    { id: 'cn', supported: false },
    { id: 'sa', supported: false },
  ],
  links: [
    { id: 'console', url: 'https://api-console.zoho.com/' },
    { id: 'apiDocs', url: 'https://www.zoho.com/books/api/v3/introduction/' },
    { id: 'signup', url: 'https://www.zoho.com/developer/signup.html' },
  ],
  externalHosts: [
    'api-console.zoho.com',
    'www.zoho.com',
    'accounts.zoho.com',
    'accounts.zoho.eu',
    'accounts.zoho.in',
    'accounts.zoho.com.au',
    'accounts.zoho.jp',
    'accounts.zohocloud.ca',
    'accounts.zoho.com.cn',
    'accounts.zoho.sa',
    'accounts.zoho.uk',
  ],
  setup: {
    steps: ['register', 'credentials', 'options', 'review', 'test'],
    // Zoho's API console, in the order its screens come (seeds: Zoho Books set-up).
    console: [
      { id: 'signIn' },
      { id: 'clientType' },
      { id: 'clientName' },
      { id: 'homepage' },
      { id: 'redirectUri', showsRedirectUri: true },
      { id: 'create' },
      { id: 'keepKeys' },
      { id: 'regions' },
      { id: 'sameCredentials' },
    ],
    // Line items and customer contacts stay out by default, to keep within Zoho's rate limits.
    defaultOptions: { regions: [], includeLineItems: false, includeCustomerContacts: false },
    options: [
      { kind: 'regions', key: 'regions', step: 'options' },
      { kind: 'flag', key: 'includeLineItems', step: 'options' },
      { kind: 'flag', key: 'includeCustomerContacts', step: 'options' },
    ],
    notes: [
      { id: 'account', step: 'register', tone: 'info' },
      { id: 'noSpaces', step: 'credentials', tone: 'info' },
      { id: 'rateLimits', step: 'options', tone: 'info' },
      { id: 'testOrganisation', step: 'test', tone: 'tip' },
    ],
  },
};
