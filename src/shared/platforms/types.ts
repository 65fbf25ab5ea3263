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

/**
 * How far a region can be linked: `supported`; `unconfirmed` (linkable, but the
 * provider's own documentation does not list it); `noLongerSold` (the provider
 * stopped selling there: existing subscribers only, not guaranteed);
 * `notSupported` (a separate product this app cannot link).
 */
export type RegionSupport = 'supported' | 'unconfirmed' | 'noLongerSold' | 'notSupported';

export interface RegionInfo {
  id: string;
  support: RegionSupport;
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
  /** The provider accepts only https redirect URIs (FreshBooks). */
  httpsRedirectOnly?: boolean;
  /** What the provider does with refresh tokens that this app must plan for. */
  refreshTokens?: {
    /** Live refresh tokens per user per app; beyond it the provider drops the oldest (Zoho: 20). */
    capPerUser?: number;
    /** Days a refresh token lives without being used (Sage: 31). */
    idleLifetimeDays?: number;
  };
  /** What the set-up wizard shows and asks, in order. */
  setup: SetupDefinition;
}

/**
 * The set-up wizard, as data. The renderer's one wizard engine walks these steps;
 * every sentence lives in the renderer's catalogs under `wizard.<platform>.…`,
 * keyed by the ids below.
 */
export type SetupStepId =
  'overview' | 'scopes' | 'register' | 'credentials' | 'options' | 'review' | 'test' | 'link';

/** One thing to do in the provider's console, in order (`wizard.<platform>.register.<id>`). */
export interface ConsoleInstruction {
  id: string;
  /** Show the exact redirect URI this install listens on, with a copy button, under this instruction. */
  showsRedirectUri?: boolean;
  /** Show the scopes to register (read scopes plus the chosen write scopes), with a copy button. */
  showsScopes?: boolean;
}

/** A platform option the wizard asks for; `key` is the key inside the saved options. */
export type SetupOption =
  /** Pick among the definition's linkable regions; the table says how far each is supported. */
  | { kind: 'regions'; key: string; step: SetupStepId }
  /** A yes/no option (`wizard.<platform>.options.<key>`). */
  | { kind: 'flag'; key: string; step: SetupStepId }
  /** One of several values (`wizard.<platform>.options.<key>.<value>`). */
  | { kind: 'choice'; key: string; step: SetupStepId; values: readonly string[] }
  /** Any of several values; when `reauthOnChange`, changing the saved set forces linked companies to re-authorise. */
  | {
      kind: 'multi';
      key: string;
      step: SetupStepId;
      values: readonly string[];
      reauthOnChange?: boolean;
    };

/** Credentials that come in kinds (Sage: v3.1, or the retired v3.0 with four values). */
export interface CredentialKinds {
  /** The `choice` option that says which kind was registered. */
  option: string;
  kinds: readonly {
    value: string;
    /** The fields this kind needs, all required on a first save. */
    fields: readonly CredentialField['id'][];
    /**
     * The provider no longer accepts these: never offered, never saved again;
     * a set-up that has them is shown as retired (still readable and removable).
     */
    retired?: boolean;
    /** Ids of the definition's regions this kind covers. */
    regions: readonly string[];
  }[];
}

/** A note shown on a step (`wizard.<platform>.notes.<id>`). */
export interface SetupNote {
  id: string;
  step: SetupStepId;
  tone: 'info' | 'warning' | 'tip';
}

export interface SetupDefinition {
  /** The wizard's steps, in order. */
  steps: readonly SetupStepId[];
  /** The provider console's steps, in order (empty when there is nothing to register). */
  console: readonly ConsoleInstruction[];
  /** Options as they start when nothing is saved yet. */
  defaultOptions: Readonly<Record<string, unknown>>;
  options: readonly SetupOption[];
  credentialKinds?: CredentialKinds;
  notes: readonly SetupNote[];
  /** Scopes every link asks for (FreshBooks shows them one by one as its minimum read scopes). */
  requiredScopes?: readonly string[];
  /** How a chosen `multi` value becomes a scope (`{value}` is replaced). */
  scopeTemplate?: string;
}
