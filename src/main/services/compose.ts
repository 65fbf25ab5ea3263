import { release } from 'node:os';
import { join } from 'node:path';

import type Database from 'better-sqlite3';

import type { StartupNotice } from '@shared/ipc/schemas';
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
import { DIAGNOSTICS_LOG_LINES, exportDiagnostics, keychainHealthFromStartup } from './diagnostics';
import { IntegrationService } from './integrations';
import { LinkService } from './links';
import { consoleLogger, type Logger } from './log';
import { SettingsService } from './settings';
import { SupportService } from './support';
import { openAppDatabase } from './store/database';
import { createFingerprinter } from './vault/fingerprint';
import type { SecretStore } from './vault/secret-store';

export const DATABASE_FILE_NAME = 'integration-desk.sqlite';

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
  /** Provider endpoints; tests point these at fake providers on 127.0.0.1. */
  endpoints?: ProviderEndpoints;
  /** HTTP client for provider calls (tests pass one that trusts their fake's certificate). */
  fetchImpl?: typeof fetch;
  /** Pause between retries of transient provider failures. */
  backoff?: (attempt: number) => Promise<void>;
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
  settings: SettingsService;
  links: LinkService;
  connections: ConnectionService;
  flows: OAuthFlows;
  review: ReviewService;
  exportReview(format: ExportFormat): Promise<{ saved: boolean }>;
  /** About details and the support folders. */
  support: SupportService;
  /** Versions, settings, keychain health, the review and the recent log in one file, no secret. */
  exportDiagnostics(): Promise<{ saved: boolean }>;
  /** Deletes a keychain item no row refers to (Repair in the review). */
  deleteOrphan(account: string): Promise<{ deleted: boolean }>;
  startupNotices: StartupNotice[];
  /** Checks the keychain can be reached; when not, adds a start-up notice instead of failing. */
  probeKeychain(): Promise<boolean>;
  /** Start-up work after opening the store: probe the keychain, then reconcile it with SQLite (D9). */
  prepare(): Promise<void>;
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
  const { db, movedAside } = openAppDatabase(dataFilePath, { now: clock, busyTimeoutMs: env.busyTimeoutMs });
  const audit = new AuditLog(db, env.osUser, clock);
  const startupNotices: StartupNotice[] = [];
  if (movedAside) {
    startupNotices.push({ kind: 'databaseMovedAside', fileName: movedAside.fileName, at: movedAside.at });
    audit.record({ action: 'database.movedAside', target: movedAside.fileName, outcome: 'success' });
    log.warn('Unreadable database moved aside', { fileName: movedAside.fileName });
  }
  const endpoints = env.endpoints ?? DEFAULT_ENDPOINTS;
  const fetchImpl = env.fetchImpl ?? fetch;
  const fingerprint = createFingerprinter(env.secrets);
  const integrations = new IntegrationService(db, env.secrets, fingerprint, audit, clock);
  const settings = new SettingsService(db, audit, { dataFilePath, systemLocales: env.systemLocales });
  const adapterFor = (platform: PlatformId) => {
    const adapter = oauthAdapter(platform);
    if (!adapter) throw new AppError('INVALID_INPUT', `${platform} does not link with OAuth`);
    return adapter;
  };
  const connections = new ConnectionService({
    db,
    secrets: env.secrets,
    fingerprint,
    audit,
    clock,
    integrations,
    endpoints,
    adapterFor,
    fetchImpl,
    backoff: env.backoff ?? ((attempt) => new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt))),
  });
  const flows = new OAuthFlows({
    endpoints,
    adapterFor,
    openExternal: env.openExternal,
    fetchImpl,
    clock,
    log,
    port: () => settings.get().loopbackPort,
    timeoutMs: () => settings.get().signInTimeoutMinutes * 60_000,
    tls: createLoopbackCertificates(env.secrets, clock),
    store: (linked) => connections.storeOAuth(linked),
  });
  let orphans: string[] = [];
  const review = new ReviewService({
    db,
    secrets: env.secrets,
    fingerprint,
    audit,
    clock,
    clipboard: env.clipboard,
    orphans: () => orphans,
  });
  const probeKeychain = async (): Promise<boolean> => {
    try {
      await env.secrets.accounts();
      return true;
    } catch (error) {
      log.warn('Keychain unavailable', { error });
      if (!startupNotices.some((n) => n.kind === 'keychainUnavailable'))
        startupNotices.push({ kind: 'keychainUnavailable' });
      return false;
    }
  };

  const support = new SupportService(
    env.appInfo ?? defaultAppInfo(env.dataDir),
    env.openPath ?? (async () => false),
  );

  return {
    db,
    audit,
    integrations,
    settings,
    links: new LinkService(env.openExternal, audit),
    connections,
    flows,
    review,
    exportReview: (format) =>
      exportReview(review.review(), format, { chooseSavePath: env.chooseSavePath, audit, clock }),
    support,
    exportDiagnostics: () =>
      exportDiagnostics(
        () => {
          const current = review.review();
          return {
            appInfo: support.appInfo(),
            settings: settings.get(),
            keychain: keychainHealthFromStartup(startupNotices, current.summary),
            review: current,
            log: env.recentLog?.(DIAGNOSTICS_LOG_LINES) ?? [],
          };
        },
        { chooseSavePath: env.chooseSavePath, audit, clock },
      ),
    async deleteOrphan(account) {
      if (!orphans.includes(account)) throw new AppError('NOT_FOUND');
      const deleted = await env.secrets.delete(account);
      orphans = orphans.filter((a) => a !== account);
      audit.record({ action: 'secret.deleteOrphan', target: account, outcome: 'success' });
      return { deleted };
    },
    startupNotices,
    probeKeychain,
    log,
    async prepare() {
      if (!(await probeKeychain())) return;
      try {
        const report = await connections.reconcile();
        orphans = report.orphans;
        if (report.missingSecrets.length || report.orphans.length || report.resumedDeletes.length) {
          log.warn('Keychain and store reconciled', {
            missingSecrets: report.missingSecrets.length,
            orphans: report.orphans.length,
            resumedDeletes: report.resumedDeletes.length,
          });
        }
      } catch (error) {
        log.error('Reconciliation failed', { error });
      }
    },
    close: () => {
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
