import { randomUUID } from 'node:crypto';
import { release } from 'node:os';
import { join } from 'node:path';

import type Database from 'better-sqlite3';

import type { StartupNotice, StartupNotices } from '@shared/ipc/schemas';
import type { AppInfo } from '@shared/ipc/shell-schemas';
import { oauthAdapter } from '../platforms';
import { DEFAULT_ENDPOINTS, type ProviderEndpoints } from '../platforms/endpoints';
import { AppError } from '@shared/ipc/errors';
import type { PlatformId } from '@shared/platforms';
import { AuditLog } from './audit';
import { ConnectionService } from './connections';
import { createLoopbackCertificates } from './oauth/loopback-certificate';
import { OAuthFlows } from './oauth/flows';
import { exportReview, type ChooseSavePath, type ExportFormat } from './review/export';
import { ReviewService, type Clipboard } from './review/review';
import { systemClock, type Clock } from './clock';
import { DIAGNOSTICS_LOG_LINES, exportDiagnostics, keychainDiagnosis } from './diagnostics';
import { IntegrationSetupService } from './integration-setup';
import { IntegrationService } from './integrations';
import { KeychainReconciliation } from './keychain-sync/reconciliation';
import { SecretVersions } from './keychain-sync/secret-versions';
import { KeepAliveService } from './keep-alive';
import { LinkService } from './links';
import { consoleLogger, type Logger } from './log';
import { SettingsService } from './settings';
import { ConnectionsTable } from './store/connections-table';
import { SupportService } from './support';
import { backUpIfDue } from './store/backups';
import { openAppDatabase } from './store/database';
import { IntegrationsTable } from './store/integrations-table';
import { SecretIntentsTable } from './store/secret-intents-table';
import { createFingerprinter } from './vault/fingerprint';
import { DEFAULT_KEYCHAIN_TIMEOUT_MS, guardSecretStore } from './vault/guarded-secret-store';
import { KeychainHealth } from './vault/keychain-health';
import type { SecretStore } from './vault/secret-store';

export const DATABASE_FILE_NAME = 'integration-desk.sqlite';
/** Copies of the database (before a migration, and daily): in the data folder, 0700. */
export const BACKUPS_FOLDER_NAME = 'backups';

/** What the composition root provides; in the app these come from Electron and the OS. */
export interface ServiceEnvironment {
  /** The user-data folder; the database lives in it. */
  dataDir: string;
  secrets: SecretStore;
  /** Most preferred first, e.g. ['fr-CA', 'en-US']. */
  systemLocales: readonly string[];
  /** Who the audit trail records as the actor. */
  osUser: string;
  openExternal: (url: string) => Promise<void>;
  clock?: Clock;
  log?: Logger;
  busyTimeoutMs?: number;
  /** How long a keychain call may take before it counts as unavailable. */
  keychainTimeoutMs?: number;
  /** Provider endpoints; tests point these at fake providers on 127.0.0.1. */
  endpoints?: ProviderEndpoints;
  /** HTTP client for provider calls (tests pass one that trusts their fake's certificate). */
  fetchImpl?: typeof fetch;
  /** Pause between retries of transient provider failures, as long as the retry policy says. */
  backoff?: (attempt: number, delayMs: number) => Promise<void>;
  clipboard: Clipboard;
  /** The OS save dialog: returns the chosen path, or null when cancelled. */
  chooseSavePath: ChooseSavePath;
  /** Versions and folders for About and diagnostics (the app passes Electron's; tests their own). */
  appInfo?: AppInfo;
  /** Opens a folder in the OS file manager; true when it opened. */
  openPath?: (path: string) => Promise<boolean>;
  /** The last lines of the log file, for diagnostics. */
  recentLog?: (count: number) => string[];
}

export interface Services {
  db: Database.Database;
  audit: AuditLog;
  integrations: IntegrationService;
  /** Saving and removing app registrations, with what that means for linked companies. */
  setup: IntegrationSetupService;
  settings: SettingsService;
  links: LinkService;
  connections: ConnectionService;
  flows: OAuthFlows;
  /** Refreshes links whose refresh tokens lapse when unused, when Settings ask for it. */
  keepAlive: KeepAliveService;
  review: ReviewService;
  exportReview(format: ExportFormat): Promise<{ saved: boolean }>;
  /** The keychain's measured state (probe: write, read back, delete). */
  keychainHealth: KeychainHealth;
  /** Start-up reconciliation of the keychain with SQLite (run it once the store is open), orphans, Repair. */
  reconciliation: KeychainReconciliation;
  /** What the first screen says about start-up; `checking` until the keychain probe has ended. */
  startupNotices(): StartupNotices;
  /** About details and the support folders. */
  support: SupportService;
  /** Versions, settings, keychain health, the review and the recent log in one file, no secret. */
  exportDiagnostics(): Promise<{ saved: boolean }>;
  /** Makes the day's copy of the database if none is a day old; its file name, or null. */
  backUpIfDue: () => string | null;
  log: Logger;
  close(): void;
}

/**
 * Builds every main-process service from injected dependencies. The Electron
 * main process and the test harness both call this, so tests run the same code.
 */
export function composeServices(env: ServiceEnvironment): Services {
  const clock = env.clock ?? systemClock;
  const log = env.log ?? consoleLogger;
  const dataFilePath = join(env.dataDir, DATABASE_FILE_NAME);
  const backupsFolder = join(env.dataDir, BACKUPS_FOLDER_NAME);
  const { db, movedAside } = openAppDatabase(dataFilePath, {
    now: clock,
    busyTimeoutMs: env.busyTimeoutMs,
    backupsFolder,
  });
  const audit = new AuditLog(db, env.osUser, clock);
  const databaseNotices: StartupNotice[] = [];
  if (movedAside) {
    databaseNotices.push({ kind: 'databaseMovedAside', ...movedAside });
    const { fileName, reason, restoredFrom } = movedAside;
    const detail = { reason, ...(restoredFrom ? { restoredFrom } : {}) };
    audit.record({ action: 'database.movedAside', target: fileName, outcome: 'success', detail });
    log.warn('Unreadable database moved aside', { fileName, ...detail });
  }
  const endpoints = env.endpoints ?? DEFAULT_ENDPOINTS;
  const fetchImpl = env.fetchImpl ?? fetch;
  const secrets = guardSecretStore(env.secrets, env.keychainTimeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS);
  const keychainHealth = new KeychainHealth(secrets, log);
  const fingerprint = createFingerprinter(secrets, () => keychainHealth.ensureHealthy());
  const tables = {
    integrations: new IntegrationsTable(db),
    connections: new ConnectionsTable(db),
    // Each process start is its own owner of intents: those of an earlier one are for reconciliation.
    intents: new SecretIntentsTable(db, randomUUID()),
  };
  const versions = new SecretVersions({ db, secrets, intents: tables.intents, clock, log });
  const secretWriting = { secrets, versions, health: keychainHealth, fingerprint, audit, clock };
  const integrations = new IntegrationService({ table: tables.integrations, ...secretWriting });
  const settings = new SettingsService(db, audit, { dataFilePath, systemLocales: env.systemLocales });
  const adapterFor = (platform: PlatformId) => {
    const adapter = oauthAdapter(platform);
    if (!adapter) throw new AppError('INVALID_INPUT', `${platform} does not link with OAuth`);
    return adapter;
  };
  const connections = new ConnectionService({
    table: tables.connections,
    integrationsTable: tables.integrations,
    ...secretWriting,
    integrations,
    endpoints,
    adapterFor,
    fetchImpl,
    backoff: env.backoff ?? ((_attempt, delayMs) => new Promise((resolve) => setTimeout(resolve, delayMs))),
  });
  const flows = new OAuthFlows({
    endpoints,
    adapterFor,
    openExternal: env.openExternal,
    fetchImpl,
    clock,
    log,
    port: () => settings.get().loopbackPort,
    redirectHost: () => settings.get().redirectHost,
    timeoutMs: () => settings.get().signInTimeoutMinutes * 60_000,
    tls: createLoopbackCertificates(secrets, clock),
    store: (linked) => connections.storeOAuth(linked),
    audit,
  });
  const keepAlive = new KeepAliveService({
    connections,
    settings: () => settings.get(),
    audit,
    clock,
    log,
  });
  const reconciliation = new KeychainReconciliation({
    db,
    secrets,
    health: keychainHealth,
    versions,
    intents: tables.intents,
    integrations: tables.integrations,
    connections: tables.connections,
    fingerprint,
    audit,
    clock,
    log,
  });
  const review = new ReviewService({
    integrations: tables.integrations,
    connections: tables.connections,
    secrets,
    fingerprint,
    audit,
    clock,
    clipboard: env.clipboard,
    orphans: () => reconciliation.orphans(),
    keychain: () => keychainHealth.state,
    confirmKeychainHealthy: () => keychainHealth.ensureHealthy(),
  });

  /** What the first screen says about start-up; `checking` until the keychain probe has ended. */
  const startupNotices = (): StartupNotices => {
    const state = keychainHealth.state;
    const notices = [...databaseNotices];
    if (state !== 'checking' && state !== 'healthy')
      notices.push({ kind: 'keychain', health: state, missingLibrary: keychainHealth.missingLibrary });
    return { notices, checking: state === 'checking' };
  };

  const support = new SupportService(
    env.appInfo ?? defaultAppInfo(env.dataDir),
    env.openPath ?? (async () => false),
  );

  return {
    db,
    audit,
    integrations,
    setup: new IntegrationSetupService(integrations, connections),
    settings,
    links: new LinkService(env.openExternal, audit),
    connections,
    flows,
    keepAlive,
    review,
    exportReview: (format) =>
      exportReview(review.currentReview(), format, { chooseSavePath: env.chooseSavePath, audit, clock }),
    keychainHealth,
    reconciliation,
    startupNotices,
    support,
    backUpIfDue: () => backUpIfDue(db, backupsFolder, clock()),
    exportDiagnostics: () =>
      exportDiagnostics(
        () => {
          const current = review.currentReview();
          return {
            appInfo: support.appInfo(),
            settings: settings.get(),
            keychain: keychainDiagnosis(keychainHealth, startupNotices().notices, current.summary),
            review: current,
            log: env.recentLog?.(DIAGNOSTICS_LOG_LINES) ?? [],
          };
        },
        { chooseSavePath: env.chooseSavePath, audit, clock },
      ),
    log,
    close: () => {
      keepAlive.stop();
      void flows.closeAll();
      db.close();
    },
  };
}

/** Outside Electron (tests, the harness): Node's versions and folders under the data folder. */
function defaultAppInfo(dataDir: string): AppInfo {
  return {
    appVersion: 'development',
    electronVersion: process.versions['electron'] ?? 'none',
    chromiumVersion: process.versions['chrome'] ?? 'none',
    nodeVersion: process.versions.node,
    os: `${process.platform} ${release()} ${process.arch}`,
    dataFolder: dataDir,
    logsFolder: join(dataDir, 'logs'),
  };
}
