import type { PlatformDefinition } from './types';

/**
 * Sage Accounting (Business Cloud): OAuth 2.0, API v3.1.
 *
 * - API v3.0 was switched off on 31 July 2026 and its Azure-portal apps were not
 *   migrated: they must be registered again on Sage's developer portal
 *   (https://developer.sage.com/accounting/announcements/,
 *   https://developer.sage.com/accounting/guides/migrating/migrate-from-v3-to-v3-1/).
 *   v3.0 credentials stay readable and removable, never offered or saved again.
 * - Sage's authentication guide documents the `country` values gb, ie and ca
 *   (https://developer.sage.com/accounting/guides/authenticating/authentication/),
 *   and Accounting "is no longer available in Germany, France, Spain and the USA"
 *   (https://developer.sage.com/accounting/quick-start/upgrade-your-account/).
 * - Australia, New Zealand, South Africa and Asia run separate products with their
 *   own APIs (https://developer.sage.com/accounting/guides/regional-considerations/).
 */
export const sage: PlatformDefinition = {
  id: 'sage',
  name: 'Sage Accounting',
  authKind: 'oauth2',
  requiresAppRegistration: true,
  credentialFields: [
    { id: 'clientId', secret: false },
    { id: 'clientSecret', secret: true },
    { id: 'signingSecret', secret: true },
    { id: 'subscriptionKey', secret: true },
  ],
  regions: [
    { id: 'gb', support: 'supported' },
    { id: 'ie', support: 'supported' },
    { id: 'ca', support: 'supported' },
    { id: 'us', support: 'noLongerSold' },
    { id: 'fr', support: 'noLongerSold' },
    { id: 'de', support: 'noLongerSold' },
    { id: 'es', support: 'noLongerSold' },
    { id: 'au', support: 'notSupported' },
    { id: 'nz', support: 'notSupported' },
    { id: 'za', support: 'notSupported' },
    { id: 'asia', support: 'notSupported' },
  ],
  links: [
    { id: 'console', url: 'https://developerselfservice.sageone.com/' },
    { id: 'authGuide', url: 'https://developer.sage.com/accounting/guides/authenticating/authentication' },
  ],
  externalHosts: ['developerselfservice.sageone.com', 'developer.sage.com', 'www.sageone.com'],
  // Refresh tokens live 31 days unless used; each refresh returns a new one (authentication guide).
  refreshTokens: { idleLifetimeDays: 31 },
  setup: {
    steps: ['register', 'credentials', 'review', 'test'],
    // Sage's developer self-service portal, in order.
    console: [
      { id: 'signIn' },
      { id: 'createApp' },
      { id: 'appName' },
      { id: 'contactEmail' },
      { id: 'homepage' },
      { id: 'callbackUrl', showsRedirectUri: true },
      { id: 'save' },
      { id: 'keepKeys' },
    ],
    defaultOptions: { credentialType: 'v3.1' },
    options: [{ kind: 'choice', key: 'credentialType', step: 'credentials', values: ['v3.1', 'v3.0'] }],
    credentialKinds: {
      option: 'credentialType',
      kinds: [
        {
          value: 'v3.1',
          fields: ['clientId', 'clientSecret'],
          regions: ['gb', 'ie', 'ca', 'us', 'fr', 'de', 'es'],
        },
        {
          value: 'v3.0',
          fields: ['clientId', 'clientSecret', 'signingSecret', 'subscriptionKey'],
          retired: true,
          regions: ['gb', 'ie'],
        },
      ],
    },
    notes: [
      { id: 'countries', step: 'credentials', tone: 'info' },
      { id: 'noSpaces', step: 'credentials', tone: 'info' },
      { id: 'countryMismatch', step: 'test', tone: 'info' },
    ],
    // Sage knows two scopes, readonly and full_access: reviewing and testing need only the first.
    requiredScopes: ['readonly'],
  },
};
