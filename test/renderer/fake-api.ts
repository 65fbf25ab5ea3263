import { createHash } from 'node:crypto';

import type { DeskApi } from '../../src/shared/ipc/api';
import {
  CHANNEL_NAMES,
  contract,
  EVENT_NAMES,
  subscriberName,
  type ChannelName,
  type ChannelOutput,
  type ChannelParsedInput,
} from '../../src/shared/ipc/contract';
import { AppError, ipcError, type ErrorCode, type IpcResult } from '../../src/shared/ipc/errors';
import type {
  ConnectFlow,
  ConnectionSummary,
  DisconnectResult,
  IntegrationSummary,
  Settings,
  StartupNotice,
  UpdateStatus,
  StartupNotices,
} from '../../src/shared/ipc/schemas';
import type { MenuCommand } from '../../src/shared/ipc/shell-schemas';
import {
  changesReauthOptions,
  getPlatform,
  isRetiredConfiguration,
  needsHttpsRedirect,
  PLATFORMS,
  refreshTokenCap,
  refreshTokenCapWarningAt,
  requiredSecretFields,
  type CredentialField,
  type PlatformId,
} from '../../src/shared/platforms';

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

/** One linked company as the fake keeps it: main's row, plus how the provider will behave. */
export interface FakeConnection extends ConnectionSummary {
  /** What revoking its token at the provider does (main: apiKey → notSupported, oauth → revoked). */
  revocation: DisconnectResult['revocation'];
  /** Makes Test connection and Refresh now fail with this code, recorded as lastError as main does. */
  failWith: ErrorCode | null;
  /** With failWith: when the provider said to try again (as main sends it with RATE_LIMITED). */
  failRetryAt?: string;
}

export interface FakeApiOptions {
  integrations?: Partial<Record<PlatformId, Partial<FakeIntegration>>>;
  settings?: Partial<Settings>;
  notices?: StartupNotice[];
  /**
   * Main's answers to getStartupNotices in order, the last repeated (e.g. `checking` while the keychain
   * probe runs, then the final notices). Without it: `notices`, already final.
   */
  noticeAnswers?: StartupNotices[];
  /** Channels that answer with this error code instead of doing their work. */
  failures?: Partial<Record<ChannelName, ErrorCode>>;
  /** Linked companies at start; see fakeConnection() for the defaults. */
  connections?: Array<Partial<FakeConnection> & Pick<ConnectionSummary, 'platform' | 'label'>>;
  /** The Clear Books API keys the fake Clear Books accepts; any other is API_KEY_REJECTED. */
  clearBooksKeys?: string[];
  /**
   * The app's updater as main's createUpdates would have it: absent means a build without an update
   * feed; `found` is the version a check finds (then downloaded at once), or null when up to date.
   */
  updates?: { found: string | null };
}

/** A flow as the fake keeps it: the contract's view plus the state parameter a callback must carry. */
interface FakeFlow {
  view: ConnectFlow;
  state: string;
}

/** What the fake provider says about the company signed in to, when a flow completes. */
export interface FakeSignIn {
  label: string;
  externalId?: string;
  region?: string | null;
  scopes?: string[];
  /**
   * Several companies behind the one sign-in: the flow waits in `choosing`
   * until one is picked (chooseConnectCompany), as main's does.
   */
  companies?: Array<{ id: string; name: string }>;
}

type ModelledChannel = Extract<
  ChannelName,
  | 'getUpdateStatus'
  | 'checkForUpdates'
  | 'installUpdate'
  | 'listIntegrations'
  | 'getIntegration'
  | 'setIntegrationEnabled'
  | 'getSettings'
  | 'updateSettings'
  | 'openPlatformLink'
  | 'getStartupNotices'
  | 'getRedirectUri'
  | 'saveIntegration'
  | 'removeIntegration'
  | 'listConnections'
  | 'startConnect'
  | 'getConnectFlow'
  | 'cancelConnect'
  | 'chooseConnectCompany'
  | 'completeConnectFromUrl'
  | 'linkClearBooks'
  | 'testConnection'
  | 'refreshConnection'
  | 'disconnectConnection'
  | 'getAppInfo'
  | 'openSupportFolder'
  | 'exportDiagnostics'
>;

/** What the fake main reports in About. */
export const FAKE_APP_INFO = {
  appVersion: '9.8.7',
  electronVersion: '45.4.1',
  chromiumVersion: '142.0.7444.59',
  nodeVersion: '22.20.0',
  os: 'linux 6.1.0 x64',
  dataFolder: '/home/support/.config/Integration Desk',
  logsFolder: '/home/support/.config/Integration Desk/logs',
} as const;

export interface RecordedCall {
  channel: ChannelName;
  input: unknown;
}

/** When the fake "changes" something, it happened at this instant. */
export const FAKE_NOW = '2026-11-20T09:30:00.000Z';

/** An hour after FAKE_NOW: when a fresh access token expires. */
export const FAKE_IN_AN_HOUR = '2026-11-20T10:30:00.000Z';

/** Same shape as main's fingerprints (services/vault/fingerprint.ts); a plain hash will do here. */
export function fakeFingerprint(secret: string): string {
  const hex = createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 32);
  return `hmac-sha256:${hex.replace(/(.{4})(?!$)/g, '$1 ')}`;
}

let connectionCount = 0;

/** A linked company with main's defaults for its platform; tests override what they care about. */
export function fakeConnection(
  fields: Partial<FakeConnection> & Pick<ConnectionSummary, 'platform' | 'label'>,
): FakeConnection {
  const apiKey = fields.platform === 'clearbooks';
  const id = fields.id ?? `conn-${++connectionCount}`;
  return {
    id,
    kind: apiKey ? 'apiKey' : 'oauth',
    externalId: apiKey ? null : `org-${id}`,
    region: apiKey ? 'uk' : null,
    status: 'linked',
    scopes: [],
    tokenExpiresAt: apiKey ? null : FAKE_IN_AN_HOUR,
    refreshExpiresAt: null,
    createdAt: FAKE_NOW,
    lastVerifiedAt: apiKey ? FAKE_NOW : null,
    lastError: null,
    secretFingerprint: fakeFingerprint(`secret-of-${id}`),
    revocation: apiKey ? 'notSupported' : 'revoked',
    failWith: null,
    ...fields,
  };
}

/** The loopback redirect URI main listens on (https where the definition requires it). */
function fakeRedirectUri(platform: PlatformId, settings: Settings): string {
  const scheme = needsHttpsRedirect(getPlatform(platform)) ? 'https' : 'http';
  return `${scheme}://${settings.redirectHost}:${settings.loopbackPort}/oauth/${platform}/callback`;
}

/** Provider error codes (RFC 6749 §4.1.2.1) as main's adapters map them. */
const CALLBACK_ERRORS: Record<string, ErrorCode> = {
  access_denied: 'ACCESS_DENIED',
  invalid_scope: 'INVALID_SCOPE',
  temporarily_unavailable: 'PROVIDER_UNAVAILABLE',
};

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
    redirectHost: '127.0.0.1',
    keepLinksAlive: false,
    ...options.settings,
  };
  const connections = new Map<string, FakeConnection>(
    (options.connections ?? []).map((fields) => {
      const connection = fakeConnection(fields);
      return [connection.id, connection];
    }),
  );
  const clearBooksKeys = new Set(options.clearBooksKeys ?? []);
  const flows = new Map<string, FakeFlow>();
  let flowCount = 0;
  const failures: Partial<Record<ChannelName, ErrorCode>> = { ...options.failures };
  const paused = new Map<ChannelName, Array<() => void>>();
  const calls: RecordedCall[] = [];
  let update: UpdateStatus = { available: Boolean(options.updates), state: 'idle', version: null };

  const row = (platform: PlatformId): FakeIntegration => integrations.get(platform) ?? fail('NOT_FOUND');
  const connection = (id: string): FakeConnection => connections.get(id) ?? fail('NOT_FOUND');
  const flow = (flowId: string): FakeFlow => flows.get(flowId) ?? fail('FLOW_NOT_FOUND');
  const latestFlow = (): FakeFlow => [...flows.values()].at(-1) ?? fail('FLOW_NOT_FOUND');
  const isOpen = (f: FakeFlow) =>
    f.view.status === 'waiting' || f.view.status === 'linking' || f.view.status === 'choosing';
  /** The companies a flow waiting in `choosing` offered, with what its sign-in said. */
  const choices = new Map<string, FakeSignIn>();

  /** Ends a flow as main's OAuthFlows.end does: only a waiting (or linking) flow changes. */
  function endFlow(f: FakeFlow, status: ConnectFlow['status'], errorCode?: ErrorCode, providerText?: string) {
    if (!isOpen(f)) return;
    if (f.view.status === 'linking' && (status === 'cancelled' || status === 'timedOut')) return;
    choices.delete(f.view.flowId);
    const { companies: _offered, ...view } = f.view;
    f.view = {
      ...view,
      status,
      ...(errorCode && { errorCode }),
      ...(providerText && { providerText: providerText.slice(0, 201) }),
    };
  }

  /** Stores a new connection from a completed sign-in, as main's ConnectionService.storeOAuth does. */
  function linkFlow(f: FakeFlow, signIn: FakeSignIn) {
    if (!isOpen(f)) return;
    const { platform } = f.view;
    if (signIn.companies && signIn.companies.length > 1) {
      choices.set(f.view.flowId, signIn);
      f.view = { ...f.view, status: 'choosing', companies: signIn.companies };
      return;
    }
    const linked = fakeConnection({
      platform,
      label: signIn.label,
      region: signIn.region ?? null,
      scopes: signIn.scopes ?? [],
      ...(signIn.externalId && { externalId: signIn.externalId }),
    });
    connections.set(linked.id, linked);
    // As main: near the provider's cap per user, count what this app holds (one user per fake).
    const live = [...connections.values()].filter(
      (c) => c.platform === platform && c.kind === 'oauth',
    ).length;
    const cap = refreshTokenCap(getPlatform(platform));
    const warnAt = refreshTokenCapWarningAt(getPlatform(platform));
    const near = cap !== undefined && warnAt !== undefined && live >= warnAt;
    const { companies: _offered, ...view } = f.view;
    f.view = {
      ...view,
      status: 'linked',
      connectionId: linked.id,
      warnings: near ? ['tokenCapNear'] : [],
      ...(near ? { signInCap: { live, cap } } : {}),
    };
  }

  /** Test connection / Refresh now against the fake provider; a failure is recorded on the row. */
  function verify(id: string, success: Partial<FakeConnection>): FakeConnection {
    const target = connection(id);
    if (target.failWith) {
      target.lastError = target.failWith;
      if (target.failWith === 'INVALID_GRANT' || target.failWith === 'API_KEY_REJECTED') {
        target.status = 'needsReauth';
      }
      fail(target.failWith, target.failRetryAt);
    }
    Object.assign(target, { lastError: null }, success);
    return target;
  }

  // As in main: a platform without app registration counts as set up from the start.
  const summary = (platform: PlatformId): IntegrationSummary => {
    const configured = !getPlatform(platform).requiresAppRegistration || row(platform).configuredAt !== null;
    return {
      platform,
      configured,
      enabled: row(platform).enabled,
      retired: configured && isRetiredConfiguration(getPlatform(platform), row(platform).options),
      updatedAt: row(platform).updatedAt,
    };
  };

  // Only what the renderer uses so far is modelled; any other channel fails the test loudly.
  const openedFolders: string[] = [];
  const support = { foldersOpen: true, diagnosticsSaves: true };
  let diagnosticsExports = 0;
  const handlers: { [C in ModelledChannel]: (input: ChannelParsedInput<C>) => ChannelOutput<C> } = {
    getUpdateStatus: () => update,
    checkForUpdates: () => {
      if (!options.updates) return update;
      const found = options.updates.found;
      update = { available: true, state: found ? 'ready' : 'up-to-date', version: found };
      return update;
    },
    installUpdate: () => ({ restarting: update.state === 'ready' }),
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
      if (enabled && summary(platform).retired) fail('CREDENTIALS_RETIRED');
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
        redirectHost: update.redirectHost ?? settings.redirectHost,
        keepLinksAlive: update.keepLinksAlive ?? settings.keepLinksAlive,
      };
      return settings;
    },
    openPlatformLink: ({ platform, link }) => {
      if (!getPlatform(platform).links.some((l) => l.id === link)) fail('NOT_FOUND');
      return { opened: true };
    },
    getStartupNotices: () =>
      options.noticeAnswers
        ? (options.noticeAnswers.length > 1 ? options.noticeAnswers.shift() : options.noticeAnswers[0])!
        : { notices: options.notices ?? [], checking: false },
    getRedirectUri: ({ platform }) => ({ redirectUri: fakeRedirectUri(platform, settings) }),
    saveIntegration: (input) => {
      // The contract's schema has already refused bad values (whitespace, control characters, length).
      const { platform, clientId, options: saved, ...sent } = input;
      const secretsSent: Partial<Record<CredentialField['id'], string>> = sent;
      const stored = row(platform);
      const definition = getPlatform(platform);
      // As main: the chosen credential kind's secrets, read from the definition.
      const required = requiredSecretFields(definition, saved);
      const wasRetired = summary(platform).configured && summary(platform).retired;
      const secrets: FakeIntegration['secrets'] = {};
      for (const field of required) {
        // A secret left out of a re-save keeps its stored value, unless the old ones were retired.
        const value = secretsSent[field] ?? (wasRetired ? undefined : stored.secrets[field]);
        if (value === undefined) fail('EMPTY_SECRET');
        secrets[field] = value;
      }
      const optionsBefore = stored.options;
      Object.assign(stored, {
        clientId,
        secrets,
        options: saved,
        configuredAt: stored.configuredAt ?? FAKE_NOW,
        updatedAt: FAKE_NOW,
      });
      let connectionsNeedingReauth = 0;
      if (changesReauthOptions(definition, optionsBefore, saved)) {
        // Tokens carry the old scopes: every linked company of the platform must authorise again.
        for (const c of connections.values()) {
          if (c.platform !== platform || c.status !== 'linked') continue;
          Object.assign(c, { status: 'needsReauth', lastError: 'SCOPES_CHANGED' });
          connectionsNeedingReauth++;
        }
      }
      return { integration: handlers.getIntegration({ platform }), connectionsNeedingReauth };
    },
    removeIntegration: ({ platform }) => {
      // As main: its companies are disconnected (revoked where possible), then its secrets deleted.
      const linked = [...connections.values()].filter((c) => c.platform === platform);
      for (const c of linked) connections.delete(c.id);
      Object.assign(row(platform), {
        enabled: false,
        clientId: null,
        secrets: {},
        options: {},
        configuredAt: null,
        updatedAt: FAKE_NOW,
      });
      return { removedConnections: linked.length };
    },
    listConnections: (input) =>
      [...connections.values()].filter((c) => !input?.platform || c.platform === input.platform),
    startConnect: ({ platform }) => {
      // As main: only OAuth platforms, and only once their app registration is saved.
      if (getPlatform(platform).authKind !== 'oauth2') fail('INVALID_INPUT');
      if (!summary(platform).configured) fail('NOT_CONFIGURED');
      if (summary(platform).retired) fail('CREDENTIALS_RETIRED');
      const flowId = `flow-${++flowCount}`;
      const expiresAt = new Date(Date.parse(FAKE_NOW) + settings.signInTimeoutMinutes * 60_000);
      const started: FakeFlow = {
        state: `state-${flowCount}`,
        view: {
          flowId,
          platform,
          status: 'waiting',
          redirectUri: fakeRedirectUri(platform, settings),
          expiresAt: expiresAt.toISOString(),
          warnings: [],
        },
      };
      flows.set(flowId, started);
      return started.view;
    },
    getConnectFlow: ({ flowId }) => flow(flowId).view,
    cancelConnect: ({ flowId }) => {
      const f = flow(flowId);
      endFlow(f, 'cancelled', 'FLOW_CANCELLED');
      return f.view;
    },
    chooseConnectCompany: ({ flowId, companyId }) => {
      // As main: only while choosing, and only one of the companies offered.
      const f = flow(flowId);
      const signIn = choices.get(flowId);
      const company = signIn?.companies?.find((c) => c.id === companyId);
      if (f.view.status !== 'choosing' || !signIn || !company) fail('COMPANY_NOT_FOUND');
      choices.delete(flowId);
      f.view = { ...f.view, status: 'linking' };
      linkFlow(f, { ...signIn, label: company.name, externalId: company.id, companies: undefined });
      return f.view;
    },
    completeConnectFromUrl: ({ flowId, url }) => {
      // As main: the address must be this flow's redirect URI (http or https) and carry its state.
      const f = flow(flowId);
      let pasted: URL;
      try {
        pasted = new URL(url.trim());
      } catch {
        return fail('CALLBACK_REJECTED');
      }
      const expected = new URL(f.view.redirectUri);
      const params = pasted.searchParams;
      if (
        pasted.host !== expected.host ||
        pasted.pathname !== expected.pathname ||
        !/^https?:$/.test(pasted.protocol) ||
        f.view.status !== 'waiting' ||
        params.get('state') !== f.state ||
        (params.has('code') && params.has('error'))
      ) {
        fail('CALLBACK_REJECTED');
      }
      const error = params.get('error');
      if (error) {
        endFlow(
          f,
          'failed',
          CALLBACK_ERRORS[error] ?? 'PROVIDER_ERROR',
          params.get('error_description') ?? undefined,
        );
      } else if (params.get('code')) {
        linkFlow(f, { label: `Company for ${params.get('code')}` });
      } else {
        fail('CALLBACK_REJECTED');
      }
      return f.view;
    },
    linkClearBooks: ({ label, apiKey, ifAlreadyLinked }) => {
      // As main: the same key (by fingerprint) is refused, or updates the company it linked.
      const same = [...connections.values()].find(
        (c) => c.platform === 'clearbooks' && c.secretFingerprint === fakeFingerprint(apiKey),
      );
      if (same && ifAlreadyLinked !== 'update') fail('API_KEY_ALREADY_LINKED');
      if (!clearBooksKeys.has(apiKey)) fail('API_KEY_REJECTED');
      if (same) {
        const updated = { ...same, label, lastVerifiedAt: FAKE_NOW };
        connections.set(same.id, updated);
        return updated;
      }
      const linked = fakeConnection({
        platform: 'clearbooks',
        label,
        secretFingerprint: fakeFingerprint(apiKey),
      });
      connections.set(linked.id, linked);
      return linked;
    },
    testConnection: ({ connectionId }) => verify(connectionId, { lastVerifiedAt: FAKE_NOW }),
    refreshConnection: ({ connectionId }) => {
      const target = connection(connectionId);
      if (target.kind !== 'oauth') fail('INVALID_INPUT');
      if (target.status === 'needsReauth') fail('INVALID_GRANT');
      return verify(connectionId, { tokenExpiresAt: FAKE_IN_AN_HOUR });
    },
    disconnectConnection: ({ connectionId, removeLocallyIfRevokeFails }) => {
      const { revocation } = connection(connectionId);
      if (revocation === 'failed' && !removeLocallyIfRevokeFails) return { revocation, removed: false };
      connections.delete(connectionId);
      return { revocation, removed: true };
    },
    getAppInfo: () => ({ ...FAKE_APP_INFO }),
    openSupportFolder: ({ folder }) => {
      openedFolders.push(folder);
      return { opened: support.foldersOpen };
    },
    exportDiagnostics: () => {
      if (support.diagnosticsSaves) diagnosticsExports += 1;
      return { saved: support.diagnosticsSaves };
    },
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
      // Parsing our own answer holds the fake to the contract and hands out copies, not our state
      // (strict schemas: the fake's extra fields must be left behind first).
      return { ok: true, value: contract[channel].output.parse(toWire(handler(parsed.data))) };
    } catch (error) {
      if (error instanceof AppError)
        return { ok: false, error: ipcError(error.code, (error as AppError & { retryAt?: string }).retryAt) };
      throw error;
    }
  }

  // Main → renderer events: the test plays main (emit), the page subscribes as through the preload.
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const api = Object.fromEntries([
    ...CHANNEL_NAMES.map((channel) => [channel, (input?: unknown) => serve(channel, input)]),
    ...EVENT_NAMES.map((name) => [
      subscriberName(name),
      (listener: (payload: unknown) => void) => {
        const listeners = eventListeners.get(name) ?? new Set();
        eventListeners.set(name, listeners);
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    ]),
  ]) as unknown as DeskApi;

  return {
    api,
    calls,
    /** Sends a menu command, as main does when a menu item is chosen. */
    menuCommand(command: MenuCommand) {
      for (const listener of eventListeners.get('menuCommand') ?? []) listener(command);
    },
    /** Folders the renderer asked main to open, by name. */
    openedFolders,
    /** How the OS answers: folders open, the diagnostics save dialog saves (false: cancelled). */
    support,
    diagnosticsExports: () => diagnosticsExports,
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
    /** The connections main would list, as the fake keeps them. */
    connections: (): readonly FakeConnection[] => [...connections.values()],
    connection: (id: string): FakeConnection => connection(id),
    /** The most recent sign-in flow (throws when none was started). */
    latestFlow: (): ConnectFlow => latestFlow().view,
    /** The provider sent the browser back and the company was linked, as through the loopback listener. */
    completeFlow(signIn: FakeSignIn, flowId?: string) {
      linkFlow(flowId ? flow(flowId) : latestFlow(), signIn);
    },
    /** The sign-in ended without a link: the provider refused, main gave up, or time ran out. */
    failFlow(errorCode: ErrorCode, providerText?: string, flowId?: string) {
      const status = errorCode === 'FLOW_TIMED_OUT' ? 'timedOut' : 'failed';
      endFlow(flowId ? flow(flowId) : latestFlow(), status, errorCode, providerText);
    },
    /** The callback address the browser would show for a flow (valid state unless given). */
    callbackUrl(params: Record<string, string>, flowId?: string): string {
      const f = flowId ? flow(flowId) : latestFlow();
      const url = new URL(f.view.redirectUri);
      for (const [key, value] of Object.entries({ state: f.state, ...params }))
        url.searchParams.set(key, value);
      return url.href;
    },
  };
}

export type FakeApi = ReturnType<typeof createFakeApi>;

function fail(code: ErrorCode, retryAt?: string): never {
  throw Object.assign(new AppError(code), retryAt ? { retryAt } : {});
}

/** Drops the fake's own bookkeeping from a connection before it crosses the (strict) contract. */
function toWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object' && 'failWith' in value) {
    const {
      revocation: _revocation,
      failWith: _failWith,
      failRetryAt: _failRetryAt,
      ...summary
    } = value as FakeConnection;
    return summary;
  }
  return value;
}
