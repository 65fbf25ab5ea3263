import { z } from 'zod';

import { PLATFORM_IDS } from '../platforms/types';
import { LANGUAGES, THEMES } from '../settings';

/** Bounds shared by every schema so nothing unbounded crosses the bridge. */
export const MAX_SHORT_TEXT = 200;
export const MAX_LONG_TEXT = 4096;

export const platformIdSchema = z.enum(PLATFORM_IDS);
export const languageSchema = z.enum(LANGUAGES);
export const themeSchema = z.enum(THEMES);
const isoDate = z.string().max(40);

export const emptyInput = z.strictObject({}).optional();

export const integrationSummarySchema = z.strictObject({
  platform: platformIdSchema,
  configured: z.boolean(),
  enabled: z.boolean(),
  updatedAt: isoDate.nullable(),
});
export type IntegrationSummary = z.infer<typeof integrationSummarySchema>;

export const integrationDetailSchema = integrationSummarySchema.extend({
  clientId: z.string().max(MAX_SHORT_TEXT).nullable(),
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
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsUpdateSchema = z.strictObject({
  language: languageSchema.optional(),
  theme: themeSchema.optional(),
});
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;

export const startupNoticeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('databaseMovedAside'),
    /** File name (not path) the unreadable database was moved to. */
    fileName: z.string().max(MAX_SHORT_TEXT),
    at: isoDate,
  }),
  /** No OS keychain could be reached: nothing secret can be saved until it is. */
  z.strictObject({ kind: z.literal('keychainUnavailable') }),
]);
export type StartupNotice = z.infer<typeof startupNoticeSchema>;
