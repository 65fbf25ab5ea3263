import type { PlatformDefinition } from './types';
import { ZOHO_DATA_CENTRES } from './zoho-data-centres';

/**
 * Zoho Books: OAuth 2.0 across several data centres (the list and what is
 * confirmed about each: zoho-data-centres.ts). Every data centre can be linked;
 * the wizard says which ones Zoho's Books documentation confirms.
 */
export const zohoBooks: PlatformDefinition = {
  id: 'zohobooks',
  name: 'Zoho Books',
  authKind: 'oauth2',
  requiresAppRegistration: true,
  credentialFields: [
    // Zoho's examples show "1000." + 30 upper-case alphanumerics
    // (https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token.html): a hint only.
    { id: 'clientId', secret: false, usualPattern: /^1000\.[A-Z0-9]{30}$/ },
    { id: 'clientSecret', secret: true },
  ],
  regions: ZOHO_DATA_CENTRES.map((dc) => ({
    id: dc.id,
    support: dc.booksConfirmed ? 'supported' : 'unconfirmed',
  })),
  links: [
    { id: 'console', url: 'https://api-console.zoho.com/' },
    { id: 'apiDocs', url: 'https://www.zoho.com/books/api/v3/introduction/' },
    { id: 'signup', url: 'https://www.zoho.com/developer/signup.html' },
  ],
  externalHosts: [
    'api-console.zoho.com',
    'www.zoho.com',
    ...ZOHO_DATA_CENTRES.map((dc) => new URL(dc.accountsServer).hostname),
  ],
  // 20 live refresh tokens per user per client; the 21st deletes the oldest
  // (https://www.zoho.com/crm/developer/docs/api/v3/token-validity.html).
  refreshTokens: { capPerUser: 20 },
  setup: {
    steps: ['register', 'credentials', 'options', 'review', 'test'],
    // Zoho's API console, in the order its screens come.
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
    // Read-only Books scopes, comma-separated on the wire; GET /organizations needs settings.READ
    // (https://www.zoho.com/books/api/v3/introduction/, OAuth scopes).
    requiredScopes: [
      'ZohoBooks.settings.READ',
      'ZohoBooks.contacts.READ',
      'ZohoBooks.invoices.READ',
      'ZohoBooks.creditnotes.READ',
      'ZohoBooks.customerpayments.READ',
      'ZohoBooks.bills.READ',
      'ZohoBooks.expenses.READ',
      'ZohoBooks.banking.READ',
      'ZohoBooks.accountants.READ',
    ],
  },
};
