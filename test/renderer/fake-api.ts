import { createHash } from 'node:crypto';

import type { DeskApi } from '../../src/shared/ipc/api';
import {
  CHANNEL_NAMES,
  contract,
  type ChannelName,
  type ChannelOutput,
  type ChannelParsedInput,
} from '../../src/shared/ipc/contract';
import { AppError, ipcError, type ErrorCode, type IpcResult } from '../../src/shared/ipc/errors';
import type { IntegrationSummary, Settings, StartupNotice } from '../../src/shared/ipc/schemas';
import { getPlatform, PLATFORMS, type CredentialField, type PlatformId } from '../../src/shared/platforms';

/** One platform as the fake keeps it: main's SQLite row, plus the secrets main keeps in the keychain. */
export interface FakeIntegration {
  enabled: boolean;
  clientId: string | null;
  /** Held only so tests can check a secret never reaches the screen; answers carry fingerprints. */
  secrets: Partial<Record<CredentialField['id'], string>>;
  options: Record<string, unknown>;
  configuredAt: string | null;
  updatedAt: string | null;
}

export interface FakeApiOptions {
  integrations?: Partial<Record<PlatformId, Partial<FakeIntegration>>>;
  settings?: Partial<Settings>;
  notices?: StartupNotice[];
  /** Channels that answer with this error code instead of doing their work. */
  failures?: Partial<Record<ChannelName, ErrorCode>>;
}

type ModelledChannel = Extract<
  ChannelName,
  | 'listIntegrations'
  | 'getIntegration'
  | 'setIntegrationEnabled'
  | 'getSettings'
  | 'updateSettings'
  | 'openPlatformLink'
  | 'getStartupNotices'
>;

export interface RecordedCall {
  channel: ChannelName;
  input: unknown;
}

/** When the fake "changes" something, it happened at this instant. */
export const FAKE_NOW = '2026-11-20T09:30:00.000Z';

/** Same shape as main's fingerprints (services/vault/fingerprint.ts); a plain hash will do here. */
export function fakeFingerprint(secret: string): string {
  const hex = createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 32);
  return `hmac-sha256:${hex.replace(/(.{4})(?!$)/g, '$1 ')}`;
}

/**
 * An in-memory DeskApi that behaves like main's services: enabling a platform
 * that needs an app registration before it has one answers NOT_CONFIGURED,
 * inputs and outputs are checked against the contract, and every call is recorded.
 */
export function createFakeApi(options: FakeApiOptions = {}) {
  const integrations = new Map<PlatformId, FakeIntegration>(
    PLATFORMS.map((p) => [
      p.id,
      {
        enabled: false,
        clientId: null,
        secrets: {},
        options: {},
        configuredAt: null,
        updatedAt: null,
        ...options.integrations?.[p.id],
      },
    ]),
  );
  let settings: Settings = {
    language: 'en',
    languageFromSystem: true,
    theme: 'auto',
    dataFilePath: '/home/support/.config/Integration Desk/integration-desk.sqlite',
    loopbackPort: 47_318,
    signInTimeoutMinutes: 10,
    ...options.settings,
  };
  const failures: Partial<Record<ChannelName, ErrorCode>> = { ...options.failures };
  const paused = new Map<ChannelName, Array<() => void>>();
  const calls: RecordedCall[] = [];

  const row = (platform: PlatformId): FakeIntegration => integrations.get(platform) ?? fail('NOT_FOUND');

  // As in main: a platform without app registration counts as set up from the start.
  const summary = (platform: PlatformId): IntegrationSummary => ({
    platform,
    configured: !getPlatform(platform).requiresAppRegistration || row(platform).configuredAt !== null,
    enabled: row(platform).enabled,
    updatedAt: row(platform).updatedAt,
  });

  // Only what the renderer uses so far is modelled; any other channel fails the test loudly.
  const handlers: { [C in ModelledChannel]: (input: ChannelParsedInput<C>) => ChannelOutput<C> } = {
    listIntegrations: () => PLATFORMS.map((p) => summary(p.id)),
    getIntegration: ({ platform }) => {
      const stored = row(platform);
      return {
        ...summary(platform),
        clientId: stored.clientId,
        secretFingerprints: Object.fromEntries(
          Object.entries(stored.secrets).map(([field, secret]) => [field, fakeFingerprint(secret)]),
        ),
        options: stored.options,
        configuredAt: stored.configuredAt,
      };
    },
    setIntegrationEnabled: ({ platform, enabled }) => {
      if (enabled && !summary(platform).configured) fail('NOT_CONFIGURED');
      Object.assign(row(platform), { enabled, updatedAt: FAKE_NOW });
      return summary(platform);
    },
    getSettings: () => settings,
    updateSettings: (update) => {
      settings = {
        ...settings,
        language: update.language ?? settings.language,
        languageFromSystem: settings.languageFromSystem && update.language === undefined,
        theme: update.theme ?? settings.theme,
        loopbackPort: update.loopbackPort ?? settings.loopbackPort,
        signInTimeoutMinutes: update.signInTimeoutMinutes ?? settings.signInTimeoutMinutes,
      };
      return settings;
    },
    openPlatformLink: ({ platform, link }) => {
      if (!getPlatform(platform).links.some((l) => l.id === link)) fail('NOT_FOUND');
      return { opened: true };
    },
    getStartupNotices: () => options.notices ?? [],
  };

  async function serve(channel: ChannelName, input: unknown): Promise<IpcResult<unknown>> {
    calls.push({ channel, input });
    const waiting = paused.get(channel);
    if (waiting) await new Promise<void>((resume) => waiting.push(resume));
    const failure = failures[channel];
    if (failure) return { ok: false, error: ipcError(failure) };
    const parsed = contract[channel].input.safeParse(input);
    if (!parsed.success) return { ok: false, error: ipcError('INVALID_INPUT') };
    if (!(channel in handlers)) throw new Error(`fake-api does not model ${channel} yet`);
    try {
      const handler = handlers[channel as ModelledChannel] as (input: unknown) => unknown;
      // Parsing our own answer holds the fake to the contract and hands out copies, not our state.
      return { ok: true, value: contract[channel].output.parse(handler(parsed.data)) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: ipcError(error.code) };
      throw error;
    }
  }

  const api = Object.fromEntries(
    CHANNEL_NAMES.map((channel) => [channel, (input?: unknown) => serve(channel, input)]),
  ) as unknown as DeskApi;

  return {
    api,
    calls,
    /** The inputs of every call to one channel, in order. */
    inputsOf: (channel: ChannelName) => calls.filter((c) => c.channel === channel).map((c) => c.input),
    /** Makes a channel answer with an error code (or, with null, work again). */
    setFailure(channel: ChannelName, code: ErrorCode | null) {
      if (code) failures[channel] = code;
      else delete failures[channel];
    },
    /** Holds a channel's answers until the returned function is called, to look at pending states. */
    pause(channel: ChannelName): () => void {
      const waiting: Array<() => void> = [];
      paused.set(channel, waiting);
      return () => {
        paused.delete(channel);
        waiting.forEach((resume) => resume());
      };
    },
    integration: (platform: PlatformId): Readonly<FakeIntegration> => row(platform),
  };
}

export type FakeApi = ReturnType<typeof createFakeApi>;

function fail(code: ErrorCode): never {
  throw new AppError(code);
}
