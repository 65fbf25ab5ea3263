import { randomUUID } from 'node:crypto';

import type Database from 'better-sqlite3';

import { AppError } from '@shared/ipc/errors';
import type { IntegrationDetail, IntegrationSummary } from '@shared/ipc/schemas';
import {
  getPlatform,
  isRetiredConfiguration,
  PLATFORMS,
  type CredentialField,
  type PlatformId,
} from '@shared/platforms';
import type { AuditLog } from './audit';
import type { Clock } from './clock';
import type { Fingerprinter } from './vault/fingerprint';
import { assertStorableSecret, type SecretStore } from './vault/secret-store';

interface IntegrationRow {
  platform: PlatformId;
  enabled: 0 | 1;
  client_id: string | null;
  options_json: string;
  secret_ref: string | null;
  secret_fingerprints_json: string;
  configured_at: string | null;
  updated_at: string | null;
}

type SecretFieldId = CredentialField['id'];

export interface IntegrationConfiguration {
  clientId: string;
  /** Secret credential values by field id; they go to the keychain only. */
  secrets: Partial<Record<SecretFieldId, string>>;
  options: Record<string, unknown>;
  /** Which secret fields this configuration needs (its credential kind's); default: the client secret. */
  requiredSecrets?: readonly SecretFieldId[];
}

/** What is kept in the keychain for an integration: one versioned item. */
interface IntegrationSecretBundle {
  v: 1;
  kind: 'integration';
  platform: PlatformId;
  fields: Partial<Record<SecretFieldId, string>>;
}

/**
 * The four integrations: whether each is set up and enabled, and its app
 * registration (client ID and options in SQLite, secrets in the keychain).
 */
export class IntegrationService {
  constructor(
    private readonly db: Database.Database,
    private readonly secrets: SecretStore,
    private readonly fingerprint: Fingerprinter,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  list(): IntegrationSummary[] {
    const rows = new Map(this.allRows().map((row) => [row.platform, row]));
    return PLATFORMS.map((p) => summarise(p.id, rows.get(p.id)));
  }

  get(platform: PlatformId): IntegrationDetail {
    const row = this.row(platform);
    return {
      ...summarise(platform, row),
      clientId: row?.client_id ?? null,
      secretFingerprints: JSON.parse(row?.secret_fingerprints_json ?? '{}') as Record<string, string>,
      options: JSON.parse(row?.options_json ?? '{}') as Record<string, unknown>,
      configuredAt: row?.configured_at ?? null,
    };
  }

  /** Enabling needs the app registration first, except for platforms that have none. */
  setEnabled(platform: PlatformId, enabled: boolean): IntegrationSummary {
    const action = enabled ? 'integration.enable' : 'integration.disable';
    const current = summarise(platform, this.row(platform));
    if (enabled && current.retired) {
      this.audit.record({
        action,
        target: platform,
        outcome: 'refused',
        detail: { reason: 'CREDENTIALS_RETIRED' },
      });
      throw new AppError(
        'CREDENTIALS_RETIRED',
        `${platform} is set up with credentials the provider retired`,
      );
    }
    if (enabled && !current.configured) {
      this.audit.record({
        action,
        target: platform,
        outcome: 'refused',
        detail: { reason: 'NOT_CONFIGURED' },
      });
      throw new AppError('NOT_CONFIGURED', `${platform} must be set up before it is enabled`);
    }
    const now = this.clock().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO integrations (platform, enabled, updated_at) VALUES (?, ?, ?)
           ON CONFLICT(platform) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at`,
        )
        .run(platform, enabled ? 1 : 0, now);
      this.audit.record({ action, target: platform, outcome: 'success', detail: { was: current.enabled } });
    })();
    return summarise(platform, this.row(platform));
  }

  /**
   * Saves an app registration. The keychain is written first and SQLite second,
   * so a crash in between leaves an orphan keychain item (found and removed by
   * reconciliation) rather than a row pointing at a secret that was never saved.
   */
  async saveConfiguration(
    platform: PlatformId,
    config: IntegrationConfiguration,
  ): Promise<IntegrationDetail> {
    const definition = getPlatform(platform);
    if (!definition.requiresAppRegistration)
      throw new AppError('INVALID_INPUT', `${platform} has no app registration`);
    const existing = this.row(platform);
    const ref = existing?.secret_ref ?? `integration-${randomUUID()}`;
    // Secrets left out of a re-save keep their stored values ("replace secret" is optional in Manage).
    const stored = existing?.secret_ref ? await this.secrets.get(existing.secret_ref) : null;
    const previous = stored ? (JSON.parse(stored) as IntegrationSecretBundle).fields : {};
    const previousFingerprints = JSON.parse(existing?.secret_fingerprints_json ?? '{}') as Record<
      string,
      string
    >;
    const bundle: IntegrationSecretBundle = { v: 1, kind: 'integration', platform, fields: {} };
    const fingerprints: Record<string, string> = {};
    for (const field of definition.credentialFields.filter(
      (f) => f.secret && (config.requiredSecrets ?? ['clientSecret']).includes(f.id),
    )) {
      const value = config.secrets[field.id] ?? previous[field.id];
      if (value === undefined) throw new AppError('EMPTY_SECRET', `${field.id} is required`);
      assertStorableSecret(value);
      bundle.fields[field.id] = value;
      fingerprints[field.id] =
        config.secrets[field.id] === undefined && previousFingerprints[field.id]
          ? previousFingerprints[field.id]!
          : await this.fingerprint(value);
    }
    const serialised = JSON.stringify(bundle);
    assertStorableSecret(serialised);

    await this.secrets.set(ref, serialised);
    const now = this.clock().toISOString();
    try {
      this.db.transaction(() => {
        this.db
          .prepare(
            `INSERT INTO integrations (platform, enabled, client_id, options_json, secret_ref, secret_fingerprints_json, configured_at, updated_at, secret_set_at)
             VALUES (@platform, 0, @clientId, @options, @ref, @fingerprints, @now, @now, @now)
             ON CONFLICT(platform) DO UPDATE SET client_id = @clientId, options_json = @options, secret_ref = @ref,
               secret_fingerprints_json = @fingerprints, configured_at = COALESCE(configured_at, @now), updated_at = @now,
               secret_set_at = CASE WHEN @secretsReplaced THEN @now ELSE COALESCE(secret_set_at, @now) END`,
          )
          .run({
            platform,
            clientId: config.clientId,
            options: JSON.stringify(config.options),
            ref,
            fingerprints: JSON.stringify(fingerprints),
            now,
            secretsReplaced: Object.keys(config.secrets).length > 0 ? 1 : 0,
          });
        this.audit.record({
          action: 'integration.configure',
          target: platform,
          outcome: 'success',
          detail: {
            fields: Object.keys(fingerprints).join(','),
            secretsReplaced: Object.keys(config.secrets).join(','),
          },
        });
      })();
    } catch (error) {
      if (!existing?.secret_ref) await this.secrets.delete(ref).catch(() => false);
      throw error;
    }
    return this.get(platform);
  }

  /** The app registration an OAuth flow or refresh runs with; the secret comes from the keychain. */
  async oauthClient(
    platform: PlatformId,
  ): Promise<{ clientId: string; clientSecret: string; options: Record<string, unknown> }> {
    const row = this.row(platform);
    if (!row?.configured_at || !row.client_id || !row.secret_ref) throw new AppError('NOT_CONFIGURED');
    // The provider no longer accepts these credentials: nothing is sent with them.
    if (summarise(platform, row).retired) throw new AppError('CREDENTIALS_RETIRED');
    const stored = await this.secrets.get(row.secret_ref);
    const bundle = stored ? (JSON.parse(stored) as IntegrationSecretBundle) : undefined;
    const clientSecret = bundle?.fields.clientSecret;
    if (!clientSecret) throw new AppError('NOT_CONFIGURED', 'Client secret missing from the keychain');
    return {
      clientId: row.client_id,
      clientSecret,
      options: JSON.parse(row.options_json) as Record<string, unknown>,
    };
  }

  /**
   * Removes an app registration: its secrets leave the keychain and the row
   * returns to "not set up". Connections must be removed first (the caller does).
   */
  async remove(platform: PlatformId): Promise<void> {
    const row = this.row(platform);
    if (!row) return;
    if (row.secret_ref) await this.secrets.delete(row.secret_ref);
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE integrations SET enabled = 0, client_id = NULL, options_json = '{}', secret_ref = NULL,
             secret_fingerprints_json = '{}', configured_at = NULL, secret_set_at = NULL, updated_at = ? WHERE platform = ?`,
        )
        .run(this.clock().toISOString(), platform);
      this.audit.record({ action: 'integration.remove', target: platform, outcome: 'success' });
    })();
  }

  private row(platform: PlatformId): IntegrationRow | undefined {
    return this.db.prepare('SELECT * FROM integrations WHERE platform = ?').get(platform) as
      IntegrationRow | undefined;
  }

  private allRows(): IntegrationRow[] {
    return this.db.prepare('SELECT * FROM integrations').all() as IntegrationRow[];
  }
}

function summarise(platform: PlatformId, row: IntegrationRow | undefined): IntegrationSummary {
  const definition = getPlatform(platform);
  const needsRegistration = definition.requiresAppRegistration;
  const configured = needsRegistration ? Boolean(row?.configured_at) : true;
  return {
    platform,
    configured,
    enabled: row?.enabled === 1,
    retired:
      configured &&
      isRetiredConfiguration(definition, JSON.parse(row?.options_json ?? '{}') as Record<string, unknown>),
    updatedAt: row?.updated_at ?? null,
  };
}
