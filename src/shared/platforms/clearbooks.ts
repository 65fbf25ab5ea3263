import type { PlatformDefinition } from './types';

/** Clear Books: UK accounting; each customer provides a SOAP API key, no app registration. */
export const clearBooks: PlatformDefinition = {
  id: 'clearbooks',
  name: 'Clear Books',
  authKind: 'apiKey',
  requiresAppRegistration: false,
  credentialFields: [],
  regions: [{ id: 'uk', support: 'supported' }],
  links: [{ id: 'signup', url: 'https://www.clearbooks.co.uk/' }],
  externalHosts: ['www.clearbooks.co.uk'],
  // Nothing to register: the wizard explains that, offers to enable, then links a company with its key.
  setup: {
    steps: ['overview', 'link'],
    console: [],
    defaultOptions: {},
    options: [],
    notes: [],
  },
};
