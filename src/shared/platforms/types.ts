/**
 * Platform definitions are data: everything that differs between the four
 * accounting platforms and that the UI or the services need to know lives here,
 * so code only branches on a platform inside its adapter.
 */

export const PLATFORM_IDS = ['clearbooks', 'zohobooks', 'sage', 'freshbooks'] as const;
export type PlatformId = (typeof PLATFORM_IDS)[number];

/** How a company is linked: OAuth 2.0 authorisation code, or an API key the customer provides. */
export type AuthKind = 'oauth2' | 'apiKey';

/** A credential the support person types while setting up the integration. */
export interface CredentialField {
  /** Stable id, also the key inside the keychain bundle for secrets. */
  id: 'clientId' | 'clientSecret' | 'signingSecret' | 'subscriptionKey';
  /** Secrets go to the keychain; identifiers are stored in SQLite and shown. */
  secret: boolean;
  /** Shape hint that only ever produces a soft warning (never a refusal). */
  usualPattern?: RegExp;
}

/** A documentation or console link the app may open in the system browser. */
export interface PlatformLink {
  id: 'console' | 'apiDocs' | 'authGuide' | 'signup';
  url: string;
}

export interface RegionInfo {
  id: string;
  /** Supported by this app's integration (the seeds name the supported ones). */
  supported: boolean;
}

export interface PlatformDefinition {
  id: PlatformId;
  /** Product name; never translated. */
  name: string;
  authKind: AuthKind;
  /** Whether an app must be registered at the provider before the integration can be enabled. */
  requiresAppRegistration: boolean;
  credentialFields: readonly CredentialField[];
  regions: readonly RegionInfo[];
  links: readonly PlatformLink[];
  /** Hosts the system browser may be sent to for this platform (authorize pages, docs, consoles). */
  externalHosts: readonly string[];
}
