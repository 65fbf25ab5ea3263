import { z } from './zod';

import { MAX_CREDENTIAL_LENGTH } from '../platforms/field-checks';
import { PROBLEM_CODES } from '../review-problems';
import { PLATFORM_IDS } from '../platforms/types';
import { AUDIT_OUTCOMES } from '../audit';
import { LANGUAGES, REDIRECT_HOSTS, THEMES } from '../settings';
import { MAX_LONG_TEXT, MAX_SHORT_TEXT } from './limits';

export { MAX_LONG_TEXT, MAX_SHORT_TEXT, PROBLEM_CODES };

export const platformIdSchema = z.enum(PLATFORM_IDS);
export const languageSchema = z.enum(LANGUAGES);
export const themeSchema = z.enum(THEMES);
const isoDate = z.string().max(40);

export const emptyInput = z.strictObject({}).optional();

export const integrationSummarySchema = z.strictObject({
  platform: platformIdSchema,
  configured: z.boolean(),
  enabled: z.boolean(),
  /** Set up with credentials the provider no longer accepts (Sage v3.0): readable and removable only. */
  retired: z.boolean(),
  updatedAt: isoDate.nullable(),
});
export type IntegrationSummary = z.infer<typeof integrationSummarySchema>;

export const integrationDetailSchema = integrationSummarySchema.extend({
  // As long as the input allows (a stored value must always read back).
  clientId: z.string().max(MAX_CREDENTIAL_LENGTH).nullable(),
  /** Keyed fingerprints of the stored secrets, by field id. Never the secrets. */
  secretFingerprints: z.record(z.string().max(40), z.string().max(80)),
  options: z.record(z.string().max(60), z.unknown()),
  configuredAt: isoDate.nullable(),
});
export type IntegrationDetail = z.infer<typeof integrationDetailSchema>;

export const settingsSchema = z.strictObject({
  language: languageSchema,
  /** True when the language follows the operating system (nothing chosen yet). */
  languageFromSystem: z.boolean(),
  theme: themeSchema,
  dataFilePath: z.string().max(MAX_LONG_TEXT),
  /** The fixed port of the loopback redirect URIs registered at the providers. */
  loopbackPort: z.number().int().min(1024).max(65535),
  /** How long a sign-in in the browser may take before the app stops waiting. */
  signInTimeoutMinutes: z.number().int().min(1).max(60),
  /** The host the redirect URIs name; the listener binds 127.0.0.1 either way. */
  redirectHost: z.enum(REDIRECT_HOSTS),
  /** Refresh links whose refresh tokens lapse when unused (Sage) while the app is open. Off by default. */
  keepLinksAlive: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

/**
 * Where an in-app update stands. `available` is false when the app has no update feed (a build
 * without one, a development run, Linux): the Settings screen then shows no update controls.
 */
export const updateStatusSchema = z.strictObject({
  available: z.boolean(),
  state: z.enum(['idle', 'checking', 'up-to-date', 'downloading', 'ready', 'failed']),
  /** The version being downloaded or ready to install. */
  version: z.string().max(60).nullable(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

export const settingsUpdateSchema = z.strictObject({
  language: languageSchema.optional(),
  theme: themeSchema.optional(),
  loopbackPort: z.number().int().min(1024).max(65535).optional(),
  signInTimeoutMinutes: z.number().int().min(1).max(60).optional(),
  redirectHost: z.enum(REDIRECT_HOSTS).optional(),
  keepLinksAlive: z.boolean().optional(),
});
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;

/** The keychain as last measured: written, read back and deleted a probe item, or why it could not. */
export const keychainHealthSchema = z.enum(['checking', 'healthy', 'unavailable', 'locked', 'noCollection']);
export type KeychainHealth = z.infer<typeof keychainHealthSchema>;

export const startupNoticeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('databaseMovedAside'),
    /** File name (not path) the unreadable database was moved to. */
    fileName: z.string().max(MAX_SHORT_TEXT),
    at: isoDate,
    /** Damaged (or not a database at all), or empty (zero bytes). */
    reason: z.enum(['corrupt', 'empty']),
    /** The copy put in its place (a file name in the data folder's backups/); absent: a new database was started. */
    restoredFrom: z.string().max(MAX_SHORT_TEXT).optional(),
  }),
  /** The keychain cannot be used: nothing secret can be saved or read until it can. */
  z.strictObject({
    kind: z.literal('keychain'),
    health: z.enum(['unavailable', 'locked', 'noCollection']),
    /** The shared library the keychain module could not load (e.g. libsecret-1.so.0), when that is why. */
    missingLibrary: z.string().max(100).nullable(),
  }),
]);
export type StartupNotice = z.infer<typeof startupNoticeSchema>;

export const startupNoticesSchema = z.strictObject({
  notices: z.array(startupNoticeSchema).max(16),
  /** Start-up checks (the keychain probe) are still running: ask again shortly for the final notices. */
  checking: z.boolean(),
});
export type StartupNotices = z.infer<typeof startupNoticesSchema>;

export const connectionStatusSchema = z.enum(['linked', 'needsReauth', 'deleting']);
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;

export const connectionSummarySchema = z.strictObject({
  id: z.string().max(80),
  platform: platformIdSchema,
  kind: z.enum(['oauth', 'apiKey']),
  /** Company or organisation name from the provider: render as text only. */
  label: z.string().max(MAX_SHORT_TEXT),
  externalId: z.string().max(MAX_SHORT_TEXT).nullable(),
  region: z.string().max(20).nullable(),
  status: connectionStatusSchema,
  scopes: z.array(z.string().max(80)).max(64),
  tokenExpiresAt: isoDate.nullable(),
  refreshExpiresAt: isoDate.nullable(),
  createdAt: isoDate,
  lastVerifiedAt: isoDate.nullable(),
  lastError: z.string().max(40).nullable(),
  secretFingerprint: z.string().max(80).nullable(),
});
export type ConnectionSummary = z.infer<typeof connectionSummarySchema>;

/** One of the companies a sign-in can reach (a Sage business, a Zoho organisation, a FreshBooks business). */
export const companyChoiceSchema = z.strictObject({
  id: z.string().min(1).max(MAX_SHORT_TEXT),
  /** The provider's name for it: render as text only. */
  name: z.string().max(MAX_SHORT_TEXT),
});
export type CompanyChoice = z.infer<typeof companyChoiceSchema>;

/** How many companies one sign-in may offer to choose from. */
export const MAX_COMPANY_CHOICES = 500;

export const connectFlowSchema = z.strictObject({
  flowId: z.string().max(80),
  platform: platformIdSchema,
  /** `choosing`: signed in to several companies; the person picks the one to link. */
  status: z.enum(['waiting', 'linking', 'choosing', 'linked', 'failed', 'cancelled', 'timedOut']),
  redirectUri: z.string().max(300),
  expiresAt: isoDate,
  connectionId: z.string().max(80).optional(),
  errorCode: z.string().max(40).optional(),
  /** The provider's own words (error_description), cleaned and truncated: show as text, labelled. */
  providerText: z
    .string()
    .max(MAX_SHORT_TEXT + 1)
    .optional(),
  /** The companies to choose from, while `choosing`. */
  companies: z.array(companyChoiceSchema).max(MAX_COMPANY_CHOICES).optional(),
  /** When the provider said to try again (a RATE_LIMITED failure). */
  retryAt: isoDate.optional(),
  warnings: z.array(z.enum(['tokenCapNear'])).max(4),
  /**
   * With `tokenCapNear`: the live refresh tokens this app knows of for the
   * provider user who signed in, and the provider's cap per user and app.
   */
  signInCap: z.strictObject({ live: z.number().int().min(0), cap: z.number().int().min(1) }).optional(),
});
export type ConnectFlow = z.infer<typeof connectFlowSchema>;

export const disconnectResultSchema = z.strictObject({
  revocation: z.enum(['revoked', 'notSupported', 'failed']),
  removed: z.boolean(),
});
export type DisconnectResult = z.infer<typeof disconnectResultSchema>;

export const problemSchema = z.enum(PROBLEM_CODES);

export const reviewRowSchema = z.strictObject({
  /** `integration:<platform>`, a connection id, or `orphan:<keychain account>`. */
  id: z.string().max(200),
  kind: z.enum(['integration', 'connection', 'orphan']),
  platform: platformIdSchema.nullable(),
  /** Company name from the provider, or the platform name: render as text only. */
  label: z.string().max(MAX_SHORT_TEXT),
  region: z.string().max(20).nullable(),
  credentialKind: z.enum(['appRegistration', 'appRegistrationRetired', 'oauth', 'apiKey', 'none', 'unknown']),
  status: z.string().max(40),
  /** When the stored secret was last set (age of the secret). */
  secretSetAt: isoDate.nullable(),
  tokenExpiresAt: isoDate.nullable(),
  refreshExpiresAt: isoDate.nullable(),
  lastVerifiedAt: isoDate.nullable(),
  lastError: z.string().max(40).nullable(),
  scopes: z.array(z.string().max(80)).max(64),
  fingerprints: z.array(z.string().max(100)).max(8),
  problems: z.array(problemSchema).max(PROBLEM_CODES.length),
});
export type ReviewRow = z.infer<typeof reviewRowSchema>;

export const reviewSchema = z.strictObject({
  generatedAt: isoDate,
  /** The keychain's last measured state: secrets can be revealed, copied or repaired only when healthy. */
  keychain: keychainHealthSchema,
  rows: z.array(reviewRowSchema).max(100_000),
  summary: z.record(problemSchema, z.number().int().min(0)),
});
export type Review = z.infer<typeof reviewSchema>;

/** A keychain item the review may offer to delete: one named like this app's secrets (opaque ids only). */
export const ORPHAN_ACCOUNT_PATTERN = /^(integration|connection)-[A-Za-z0-9-]{1,80}$/;

/** Which stored secret an explicit reveal, copy or compare is about. */
export const secretTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('connection'), connectionId: z.string().min(1).max(80) }),
  z.strictObject({
    kind: z.literal('integration'),
    platform: platformIdSchema,
    field: z.enum(['clientSecret', 'signingSecret', 'subscriptionKey']),
  }),
]);
export type SecretTarget = z.infer<typeof secretTargetSchema>;

export const auditEventSchema = z.strictObject({
  id: z.number().int(),
  at: isoDate,
  actor: z.string().max(MAX_SHORT_TEXT),
  action: z.string().max(60),
  target: z.string().max(MAX_SHORT_TEXT),
  outcome: z.enum(AUDIT_OUTCOMES),
  detail: z.record(
    z.string().max(60),
    z.union([z.string().max(MAX_SHORT_TEXT), z.number(), z.boolean(), z.null()]),
  ),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;
