import { z } from 'zod';

import {
  emptyInput,
  integrationDetailSchema,
  integrationSummarySchema,
  platformIdSchema,
  settingsSchema,
  settingsUpdateSchema,
  startupNoticeSchema,
} from './schemas';

/**
 * The IPC contract: every channel between the renderer and main, declared once.
 * Main registers a handler for each, the preload exposes one function for each,
 * and the test harness serves each. Nothing else crosses the bridge.
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
    input: emptyInput,
    output: z.array(startupNoticeSchema).max(16),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ChannelParsedInput<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Contract[C]['output']>;

export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];

/** The wire name of a channel, namespaced so it cannot collide with Electron's own. */
export function wireChannel(name: ChannelName): string {
  return `integration-desk:${name}`;
}

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
