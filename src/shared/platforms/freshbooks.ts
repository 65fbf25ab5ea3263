import { FRESHBOOKS_WRITE_OBJECTS } from './option-values';
import type { PlatformDefinition } from './types';

/**
 * The minimum read scopes every FreshBooks app registers; `user:profile:read` is
 * needed for /users/me (https://www.freshbooks.com/api/scopes).
 */
export const FRESHBOOKS_READ_SCOPES = [
  'user:profile:read',
  'user:bills:read',
  'user:bill_payments:read',
  'user:business:read',
  'user:bill_vendors:read',
  'user:clients:read',
  'user:credit_notes:read',
  'user:estimates:read',
  'user:expenses:read',
  'user:journal_entries:read',
  'user:online_payments:read',
  'user:payments:read',
  'user:projects:read',
  'user:retainers:read',
  'user:taxes:read',
  'user:billable_items:read',
  'user:invoices:read',
  'user:other_income:read',
  'user:reports:read',
  'user:teams:read',
] as const;

/** FreshBooks (new API; Classic accounts are not supported): OAuth 2.0 with HTTPS-only redirect URIs. */
export const freshBooks: PlatformDefinition = {
  id: 'freshbooks',
  name: 'FreshBooks',
  authKind: 'oauth2',
  requiresAppRegistration: true,
  credentialFields: [
    // The client ID in FreshBooks' own tutorial is 64 lower-case hex characters
    // (https://www.freshbooks.com/api/get-authenticated-on-the-freshbooks-api): a hint only.
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
  // "Redirect URIs must specify HTTPS as their protocol" (https://www.freshbooks.com/api/authentication).
  httpsRedirectOnly: true,
  setup: {
    // Scopes first: the console asks for them while the app is created.
    steps: ['scopes', 'register', 'credentials', 'review', 'test'],
    // FreshBooks' developer portal, in order.
    console: [
      { id: 'signIn' },
      { id: 'developerPortal' },
      { id: 'createApp' },
      { id: 'appName' },
      { id: 'appType' },
      { id: 'scopes', showsScopes: true },
      { id: 'redirectUri', showsRedirectUri: true },
      { id: 'save' },
      { id: 'keys' },
    ],
    defaultOptions: { writeScopes: [] },
    options: [
      {
        kind: 'multi',
        key: 'writeScopes',
        step: 'scopes',
        values: FRESHBOOKS_WRITE_OBJECTS,
        reauthOnChange: true,
      },
    ],
    notes: [
      { id: 'scopesChange', step: 'scopes', tone: 'warning' },
      { id: 'classic', step: 'register', tone: 'info' },
      { id: 'certificate', step: 'register', tone: 'info' },
      { id: 'noSpaces', step: 'credentials', tone: 'info' },
      { id: 'classic', step: 'test', tone: 'info' },
    ],
    requiredScopes: FRESHBOOKS_READ_SCOPES,
    scopeTemplate: 'user:{value}:write',
  },
};
