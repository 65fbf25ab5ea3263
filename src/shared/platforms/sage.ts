import type { PlatformDefinition } from './types';

/**
 * Sage Accounting (Business Cloud): OAuth 2.0, API v3.1. Legacy v3.0 (UK and
 * Ireland) credentials also carry a signing secret and a subscription key.
 * Supported countries follow the seeds; AU, NZ, ZA and the Asian edition are not.
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
    { id: 'gb', supported: true },
    { id: 'ie', supported: true },
    { id: 'us', supported: true },
    { id: 'ca', supported: true },
    { id: 'de', supported: true },
    { id: 'es', supported: true },
    { id: 'fr', supported: true },
    { id: 'au', supported: false },
    { id: 'nz', supported: false },
    { id: 'za', supported: false },
    { id: 'asia', supported: false },
  ],
  links: [
    { id: 'console', url: 'https://developerselfservice.sageone.com/' },
    { id: 'authGuide', url: 'https://developer.sage.com/accounting/guides/authenticating/authentication' },
  ],
  externalHosts: ['developerselfservice.sageone.com', 'developer.sage.com', 'www.sageone.com'],
  setup: {
    steps: ['register', 'credentials', 'review', 'test'],
    // Sage's developer self-service portal, in order (seeds: Sage Accounting set-up).
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
          regions: ['gb', 'ie', 'us', 'ca', 'de', 'es', 'fr'],
        },
        {
          value: 'v3.0',
          fields: ['clientId', 'clientSecret', 'signingSecret', 'subscriptionKey'],
          legacy: true,
          regions: ['gb', 'ie'],
        },
      ],
    },
    notes: [
      {
        id: 'legacy',
        step: 'credentials',
        tone: 'warning',
        when: { option: 'credentialType', equals: 'v3.0' },
      },
      { id: 'countries', step: 'credentials', tone: 'info' },
      { id: 'noSpaces', step: 'credentials', tone: 'info' },
      { id: 'legacy', step: 'review', tone: 'warning', when: { option: 'credentialType', equals: 'v3.0' } },
      { id: 'countryMismatch', step: 'test', tone: 'info' },
    ],
  },
};
