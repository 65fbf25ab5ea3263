import type Database from 'better-sqlite3';

import type { PlatformId } from '@shared/platforms';

export interface IntegrationRow {
  platform: PlatformId;
  enabled: 0 | 1;
  client_id: string | null;
  options_json: string;
  /** The keychain account of the current version of the registration's secrets. */
  secret_ref: string | null;
  secret_fingerprints_json: string;
  configured_at: string | null;
  updated_at: string | null;
  secret_set_at: string | null;
  /** Found by the start-up reconciliation: the secret is gone, or is not the one recorded. */
  secret_problem: 'missing' | 'mismatch' | null;
}

/** What reading code (the review) may do with the integrations table: read. */
export interface IntegrationsReader {
  get(platform: PlatformId): IntegrationRow | undefined;
  all(): IntegrationRow[];
}

export interface RegistrationWrite {
  platform: PlatformId;
  clientId: string;
  options: Record<string, unknown>;
  account: string;
  fingerprints: Record<string, string>;
  secretsReplaced: boolean;
  now: string;
}

/** The one owner of the `integrations` table: every query on it is here. */
export class IntegrationsTable implements IntegrationsReader {
  constructor(private readonly db: Database.Database) {}

  get(platform: PlatformId): IntegrationRow | undefined {
    return this.db.prepare('SELECT * FROM integrations WHERE platform = ?').get(platform) as
      IntegrationRow | undefined;
  }

  all(): IntegrationRow[] {
    return this.db.prepare('SELECT * FROM integrations').all() as IntegrationRow[];
  }

  /** Runs `fn` (this table's writes and the audit row that goes with them) in one transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Connections hang off their integration's row, which Clear Books may not have yet. */
  ensureRow(platform: PlatformId): void {
    this.db
      .prepare('INSERT INTO integrations (platform) VALUES (?) ON CONFLICT(platform) DO NOTHING')
      .run(platform);
  }

  setEnabled(platform: PlatformId, enabled: boolean, now: string): void {
    this.db
      .prepare(
        `INSERT INTO integrations (platform, enabled, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(platform) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at`,
      )
      .run(platform, enabled ? 1 : 0, now);
  }

  /**
   * Points the registration at a new version of its secrets, with the client ID
   * and fingerprints that belong to it, in one statement. Returns the account it
   * replaces (to be deleted after the commit).
   */
  saveRegistration(write: RegistrationWrite): string | null {
    const replaced = this.get(write.platform)?.secret_ref ?? null;
    this.db
      .prepare(
        `INSERT INTO integrations (platform, enabled, client_id, options_json, secret_ref, secret_fingerprints_json, configured_at, updated_at, secret_set_at)
         VALUES (@platform, 0, @clientId, @options, @account, @fingerprints, @now, @now, @now)
         ON CONFLICT(platform) DO UPDATE SET client_id = @clientId, options_json = @options, secret_ref = @account,
           secret_fingerprints_json = @fingerprints, configured_at = COALESCE(configured_at, @now), updated_at = @now,
           secret_set_at = CASE WHEN @secretsReplaced THEN @now ELSE COALESCE(secret_set_at, @now) END,
           secret_problem = NULL`,
      )
      .run({
        platform: write.platform,
        clientId: write.clientId,
        options: JSON.stringify(write.options),
        account: write.account,
        fingerprints: JSON.stringify(write.fingerprints),
        now: write.now,
        secretsReplaced: write.secretsReplaced ? 1 : 0,
      });
    return replaced === write.account ? null : replaced;
  }

  /** Returns the registration to "not set up"; returns the secret account it pointed at. */
  clearRegistration(platform: PlatformId, now: string): string | null {
    const replaced = this.get(platform)?.secret_ref ?? null;
    this.db
      .prepare(
        `UPDATE integrations SET enabled = 0, client_id = NULL, options_json = '{}', secret_ref = NULL,
           secret_fingerprints_json = '{}', configured_at = NULL, secret_set_at = NULL, secret_problem = NULL,
           updated_at = ? WHERE platform = ?`,
      )
      .run(now, platform);
    return replaced;
  }

  setSecretProblem(platform: PlatformId, problem: IntegrationRow['secret_problem']): void {
    this.db.prepare('UPDATE integrations SET secret_problem = ? WHERE platform = ?').run(problem, platform);
  }
}
