import { join } from 'node:path';

import type Database from 'better-sqlite3';

import type { StartupNotice } from '../../shared/ipc/schemas';
import { AuditLog } from './audit';
import { systemClock, type Clock } from './clock';
import { IntegrationService } from './integrations';
import { LinkService } from './links';
import { consoleLogger, type Logger } from './log';
import { SettingsService } from './settings';
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
}

export interface Services {
  db: Database.Database;
  audit: AuditLog;
  integrations: IntegrationService;
  settings: SettingsService;
  links: LinkService;
  startupNotices: StartupNotice[];
  /** Checks the keychain can be reached; when not, adds a start-up notice instead of failing. */
  probeKeychain(): Promise<boolean>;
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
  return {
    db,
    audit,
    integrations: new IntegrationService(db, env.secrets, createFingerprinter(env.secrets), audit, clock),
    settings: new SettingsService(db, audit, { dataFilePath, systemLocales: env.systemLocales }),
    links: new LinkService(env.openExternal, audit),
    startupNotices,
    probeKeychain: async () => {
      try {
        await env.secrets.accounts();
        return true;
      } catch (error) {
        log.warn('Keychain unavailable', { error });
        if (!startupNotices.some((n) => n.kind === 'keychainUnavailable')) startupNotices.push({ kind: 'keychainUnavailable' });
        return false;
      }
    },
    log,
    close: () => db.close(),
  };
}
