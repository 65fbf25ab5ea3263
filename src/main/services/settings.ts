import type Database from 'better-sqlite3';

import type { Settings, SettingsUpdate } from '@shared/ipc/schemas';
import { languageForSystemLocales, type Language, type RedirectHost, type Theme } from '@shared/settings';
import type { AuditLog } from './audit';

interface StoredSettings {
  language?: Language;
  theme?: Theme;
  loopbackPort?: number;
  signInTimeoutMinutes?: number;
  redirectHost?: RedirectHost;
  keepLinksAlive?: boolean;
}

/** Default loopback port: unprivileged, outside common development ports. */
export const DEFAULT_LOOPBACK_PORT = 47_318;
export const DEFAULT_SIGN_IN_TIMEOUT_MINUTES = 10;

/** App settings kept in SQLite; the language follows the OS until someone picks one. */
export class SettingsService {
  private readonly listeners = new Set<(settings: Settings) => void>();

  constructor(
    private readonly db: Database.Database,
    private readonly audit: AuditLog,
    private readonly context: { dataFilePath: string; systemLocales: readonly string[] },
  ) {}

  get(): Settings {
    const stored = this.read();
    return {
      language: stored.language ?? languageForSystemLocales(this.context.systemLocales),
      languageFromSystem: stored.language === undefined,
      theme: stored.theme ?? 'auto',
      dataFilePath: this.context.dataFilePath,
      loopbackPort: stored.loopbackPort ?? DEFAULT_LOOPBACK_PORT,
      signInTimeoutMinutes: stored.signInTimeoutMinutes ?? DEFAULT_SIGN_IN_TIMEOUT_MINUTES,
      // RFC 8252 §7.3 prefers the IP literal; `localhost` only when chosen.
      redirectHost: stored.redirectHost ?? '127.0.0.1',
      // The app is for offline review: it refreshes nobody's tokens unless asked to.
      keepLinksAlive: stored.keepLinksAlive ?? false,
    };
  }

  update(update: SettingsUpdate): Settings {
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(update)) {
        if (value === undefined) continue;
        upsert.run(key, JSON.stringify(value));
        this.audit.record({ action: 'settings.update', target: key, outcome: 'success', detail: { value } });
      }
    })();
    const next = this.get();
    for (const listener of this.listeners) {
      // Followers (the menu's language, the native theme) must not turn a saved change into a failure.
      try {
        listener(next);
      } catch {
        /* the change is saved; a follower catches up on the next one */
      }
    }
    return next;
  }

  /** Calls `listener` with the settings after every saved change; returns the unsubscribe function. */
  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private read(): StoredSettings {
    const rows = this.db.prepare('SELECT key, value_json FROM settings').all() as Array<{
      key: string;
      value_json: string;
    }>;
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value_json) as unknown]));
  }
}
