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
};
