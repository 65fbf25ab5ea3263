import { AUDIT_OUTCOMES } from '../audit';
import type { ChannelName, EventName } from './channel-names';
import { z } from './zod';

import {
  emptyInput,
  integrationDetailSchema,
  integrationSummarySchema,
  platformIdSchema,
  settingsSchema,
  settingsUpdateSchema,
  updateStatusSchema,
  startupNoticesSchema,
  connectionSummarySchema,
  connectFlowSchema,
  disconnectResultSchema,
  auditEventSchema,
  reviewSchema,
  secretTargetSchema,
  MAX_LONG_TEXT,
  MAX_SHORT_TEXT,
  ORPHAN_ACCOUNT_PATTERN,
} from './schemas';

import { apiKeyValueSchema, integrationConfigurationSchema, labelSchema } from '../platforms/configuration';
import { appInfoSchema, menuCommandSchema, supportFolderSchema } from './shell-schemas';

const connectionId = z.string().min(1).max(80);
const flowId = z.string().min(1).max(80);

// The names (and wire names) live with no schema, for the preload; here for everyone else.
export {
  API_NAMES,
  CHANNEL_NAMES,
  EVENT_NAMES,
  subscriberName,
  wireChannel,
  wireEvent,
  type ChannelName,
  type EventName,
  type SubscriberName,
} from './channel-names';

/**
 * The IPC contract: every channel between the renderer and main, declared once.
 * Main registers a handler for each, the preload exposes one function for each,
 * and the test harness serves each. Nothing else crosses the bridge.
 * No `as const` here: the schemas' types are exact without it, and Stryker
 * mutates nothing inside one (it reads the whole object as a type).
 */
export const contract = {
  listIntegrations: {
    input: emptyInput,
    output: z.array(integrationSummarySchema).max(16),
  },
  getIntegration: {
    input: z.strictObject({ platform: platformIdSchema }),
    output: integrationDetailSchema,
  },
  setIntegrationEnabled: {
    input: z.strictObject({ platform: platformIdSchema, enabled: z.boolean() }),
    output: integrationSummarySchema,
  },
  getSettings: {
    input: emptyInput,
    output: settingsSchema,
  },
  updateSettings: {
    input: settingsUpdateSchema,
    output: settingsSchema,
  },
  openPlatformLink: {
    input: z.strictObject({
      platform: platformIdSchema,
      link: z.enum(['console', 'apiDocs', 'authGuide', 'signup']),
    }),
    output: z.strictObject({ opened: z.boolean() }),
  },
  getStartupNotices: {
    // While `checking`, the keychain probe has not ended: the renderer asks again until it has.
    input: emptyInput,
    output: startupNoticesSchema,
  },
  saveIntegration: {
    // Secrets are write-only: the reply carries fingerprints, never values.
    input: integrationConfigurationSchema,
    output: z.strictObject({
      integration: integrationDetailSchema,
      connectionsNeedingReauth: z.number().int().min(0),
    }),
  },
  removeIntegration: {
    input: z.strictObject({ platform: platformIdSchema }),
    output: z.strictObject({ removedConnections: z.number().int().min(0) }),
  },
  getRedirectUri: {
    input: z.strictObject({ platform: platformIdSchema }),
    output: z.strictObject({ redirectUri: z.string().max(300) }),
  },
  listConnections: {
    input: z.strictObject({ platform: platformIdSchema.optional() }).optional(),
    output: z.array(connectionSummarySchema).max(50_000),
  },
  startConnect: {
    input: z.strictObject({ platform: platformIdSchema }),
    output: connectFlowSchema,
  },
  getConnectFlow: {
    input: z.strictObject({ flowId }),
    output: connectFlowSchema,
  },
  cancelConnect: {
    input: z.strictObject({ flowId }),
    output: connectFlowSchema,
  },
  chooseConnectCompany: {
    // One of the companies the flow offered while `choosing`; anything else is refused.
    input: z.strictObject({ flowId, companyId: z.string().min(1).max(MAX_SHORT_TEXT) }),
    output: connectFlowSchema,
  },
  completeConnectFromUrl: {
    input: z.strictObject({ flowId, url: z.string().min(1).max(MAX_LONG_TEXT) }),
    output: connectFlowSchema,
  },
  linkClearBooks: {
    // The API key is write-only: it goes to the keychain and never comes back.
    input: z.strictObject({
      label: labelSchema,
      apiKey: apiKeyValueSchema,
      /**
       * When the key is already linked (same fingerprint): refuse with API_KEY_ALREADY_LINKED
       * (the default), or update that company's name instead of adding a second one.
       */
      ifAlreadyLinked: z.enum(['refuse', 'update']).optional(),
    }),
    output: connectionSummarySchema,
  },
  testConnection: {
    input: z.strictObject({ connectionId }),
    output: connectionSummarySchema,
  },
  refreshConnection: {
    input: z.strictObject({ connectionId }),
    output: connectionSummarySchema,
  },
  getReview: {
    input: emptyInput,
    output: reviewSchema,
  },
  revealSecret: {
    // The one channel whose reply carries a secret: an explicit, audited reveal.
    input: z.strictObject({ target: secretTargetSchema }),
    output: z.strictObject({ value: z.string().max(2560) }),
  },
  copySecret: {
    input: z.strictObject({ target: secretTargetSchema }),
    output: z.strictObject({ clearAfterSeconds: z.number().int() }),
  },
  compareSecret: {
    input: z.strictObject({ target: secretTargetSchema, candidate: z.string().min(1).max(2560) }),
    output: z.strictObject({ matches: z.boolean() }),
  },
  listAuditEvents: {
    input: z.strictObject({
      action: z.string().max(60).optional(),
      target: z.string().max(MAX_SHORT_TEXT).optional(),
      outcome: z.enum(AUDIT_OUTCOMES).optional(),
      limit: z.number().int().min(1).max(5000),
    }),
    output: z.array(auditEventSchema).max(5000),
  },
  exportReview: {
    // No path: main asks the OS save dialog where to write.
    input: z.strictObject({ format: z.enum(['csv', 'json']) }),
    output: z.strictObject({ saved: z.boolean() }),
  },
  deleteOrphanSecret: {
    input: z.strictObject({ account: z.string().max(100).regex(ORPHAN_ACCOUNT_PATTERN) }),
    output: z.strictObject({ deleted: z.boolean() }),
  },
  disconnectConnection: {
    input: z.strictObject({ connectionId, removeLocallyIfRevokeFails: z.boolean() }),
    output: disconnectResultSchema,
  },
  getUpdateStatus: {
    input: emptyInput,
    output: updateStatusSchema,
  },
  checkForUpdates: {
    input: emptyInput,
    output: updateStatusSchema,
  },
  installUpdate: {
    // Quits and installs a downloaded update; nothing happens unless one is ready.
    input: emptyInput,
    output: z.strictObject({ restarting: z.boolean() }),
  },
  getAppInfo: {
    input: emptyInput,
    output: appInfoSchema,
  },
  openSupportFolder: {
    // A folder by name, never a path: main knows where each one is.
    input: z.strictObject({ folder: supportFolderSchema }),
    output: z.strictObject({ opened: z.boolean() }),
  },
  exportDiagnostics: {
    // No path: main asks the OS save dialog where to write.
    input: emptyInput,
    output: z.strictObject({ saved: z.boolean() }),
  },
} satisfies Record<ChannelName, ChannelSchemas>;

interface ChannelSchemas {
  input: z.ZodType;
  output: z.ZodType;
}

export type Contract = typeof contract;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ChannelParsedInput<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Contract[C]['output']>;

/**
 * Main → renderer events, declared once with the schema of what each carries. The preload
 * exposes one subscribe function per event, `on<Event>(listener)`, which checks every payload
 * before the listener sees it and returns the function that unsubscribes.
 */
export const events = {
  menuCommand: { payload: menuCommandSchema },
} satisfies Record<EventName, { payload: z.ZodType }>;

export type EventPayload<E extends EventName> = z.output<(typeof events)[E]['payload']>;

/**
 * Parses a channel's input. Besides the schema, the top-level payload must be a
 * plain object (or absent): a Map, Date or class instance that happens to have
 * no own keys is refused rather than read as `{}`.
 */
export function parseChannelInput<C extends ChannelName>(
  name: C,
  payload: unknown,
): { success: true; data: ChannelParsedInput<C> } | { success: false } {
  if (payload !== undefined && !isPlainObject(payload)) return { success: false };
  const parsed = contract[name].input.safeParse(payload);
  return parsed.success ? { success: true, data: parsed.data as ChannelParsedInput<C> } : { success: false };
}

function isPlainObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
