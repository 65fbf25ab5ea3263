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
import type { SecretVersions } from './keychain-sync/secret-versions';
import type { IntegrationRow, IntegrationsTable } from './store/integrations-table';
import type { Fingerprinter } from './vault/fingerprint';
import type { KeychainHealth } from './vault/keychain-health';
import {
  integrationItem,
  parseIntegrationItem,
  type IntegrationItem,
  type IntegrationSecretFields,
} from './vault/keychain-items';
import { assertStorableSecret, type SecretStore } from './vault/secret-store';

type SecretFieldId = CredentialField['id'];

export interface IntegrationConfiguration {
  clientId: string;
  /** Secret credential values by field id; they go to the keychain only. */
  secrets: Partial<Record<SecretFieldId, string>>;
  options: Record<string, unknown>;
  /** Which secret fields this configuration needs (its credential kind's); default: the client secret. */
  requiredSecrets?: readonly SecretFieldId[];
}

/** What every service that writes secrets is given (app registrations and linked companies alike). */
export interface SecretWritingDeps {
  secrets: SecretStore;
  /** The keychain/SQLite write protocol: every secret change goes through it. */
  versions: SecretVersions;
  health: KeychainHealth;
  fingerprint: Fingerprinter;
  audit: AuditLog;
  clock: Clock;
}

export interface IntegrationDeps extends SecretWritingDeps {
  table: IntegrationsTable;
}

/**
 * The four integrations: whether each is set up and enabled, and its app
 * registration (client ID and options in SQLite, secrets in the keychain).
 */
export class IntegrationService {
  constructor(private readonly deps: IntegrationDeps) {}

  list(): IntegrationSummary[] {
    const rows = new Map(this.deps.table.all().map((row) => [row.platform, row]));
    return PLATFORMS.map((p) => summarise(p.id, rows.get(p.id)));
  }

  get(platform: PlatformId): IntegrationDetail {
    const row = this.deps.table.get(platform);
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
    const { table, audit } = this.deps;
    const action = enabled ? 'integration.enable' : 'integration.disable';
    const current = summarise(platform, table.get(platform));
    if (enabled && current.retired) {
      audit.record({
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
      audit.record({ action, target: platform, outcome: 'refused', detail: { reason: 'NOT_CONFIGURED' } });
      throw new AppError('NOT_CONFIGURED', `${platform} must be set up before it is enabled`);
    }
    table.transaction(() => {
      table.setEnabled(platform, enabled, this.deps.clock().toISOString());
      audit.record({ action, target: platform, outcome: 'success', detail: { was: current.enabled } });
    });
    return summarise(platform, table.get(platform));
  }

  /**
   * Saves an app registration: its secrets go to a new keychain item and the row
   * points at it, with the client ID and fingerprints that belong to it, in one
   * SQLite transaction (SecretVersions). A failure at any step leaves the
   * previous registration whole.
   */
  async saveConfiguration(
    platform: PlatformId,
    config: IntegrationConfiguration,
  ): Promise<IntegrationDetail> {
    const definition = getPlatform(platform);
    if (!definition.requiresAppRegistration)
      throw new AppError('INVALID_INPUT', `${platform} has no app registration`);
    const existing = this.deps.table.get(platform);
    const required = config.requiredSecrets ?? ['clientSecret'];
    // Secrets left out of a re-save keep their stored values ("replace secret" is optional in Manage),
    // unless start-up found them not to be the ones saved: those must be typed again, or the save
    // would clear the warning while keeping what the keychain holds in their place.
    const keepsStored =
      existing &&
      existing.secret_problem !== 'mismatch' &&
      required.some((id) => config.secrets[id] === undefined);
    const previous = keepsStored ? ((await this.readItem(existing))?.fields ?? {}) : {};
    const previousFingerprints = JSON.parse(existing?.secret_fingerprints_json ?? '{}') as Record<
      string,
      string
    >;
    const fields: IntegrationSecretFields = {};
    const fingerprints: Record<string, string> = {};
    for (const field of definition.credentialFields.filter((f) => f.secret && required.includes(f.id))) {
      const id = field.id as keyof IntegrationSecretFields;
      const typed = config.secrets[field.id];
      const value = typed ?? previous[id];
      if (value === undefined) throw new AppError('EMPTY_SECRET', `${field.id} is required`);
      assertStorableSecret(value);
      fields[id] = value;
      fingerprints[field.id] =
        typed === undefined && previousFingerprints[field.id]
          ? previousFingerprints[field.id]!
          : await this.deps.fingerprint(value);
    }
    const item = integrationItem(platform, fields);
    assertStorableSecret(item);
    const now = this.deps.clock().toISOString();
    const secretsReplaced = Object.keys(config.secrets).length > 0;
    await this.deps.versions.write({
      owner: { kind: 'integration', id: platform },
      value: item,
      fingerprint: Object.values(fingerprints).join(','),
      // The person still has what they typed: a save cut short is undone.
      recovery: 'rollBack',
      row: {},
      commit: (account) => {
        const replaced = this.deps.table.saveRegistration({
          platform,
          clientId: config.clientId,
          options: config.options,
          account,
          fingerprints,
          secretsReplaced,
          now,
        });
        this.deps.audit.record({
          action: 'integration.configure',
          target: platform,
          outcome: 'success',
          detail: {
            fields: Object.keys(fingerprints).join(','),
            secretsReplaced: Object.keys(config.secrets).join(','),
          },
        });
        return { applied: true, replaced };
      },
    });
    return this.get(platform);
  }

  /** The app registration an OAuth flow or refresh runs with; the secret comes from the keychain. */
  async oauthClient(
    platform: PlatformId,
  ): Promise<{ clientId: string; clientSecret: string; options: Record<string, unknown> }> {
    const row = this.deps.table.get(platform);
    if (!row?.configured_at || !row.client_id || !row.secret_ref) throw new AppError('NOT_CONFIGURED');
    // The provider no longer accepts these credentials: nothing is sent with them.
    if (summarise(platform, row).retired) throw new AppError('CREDENTIALS_RETIRED');
    const clientSecret = (await this.readItem(row))?.fields.clientSecret;
    if (!clientSecret) throw new AppError('NOT_CONFIGURED', 'Client secret missing from the keychain');
    return {
      clientId: row.client_id,
      clientSecret,
      options: JSON.parse(row.options_json) as Record<string, unknown>,
    };
  }

  /**
   * Removes an app registration: the row returns to "not set up" (the commit),
   * then its secrets leave the keychain. Connections must be removed first (the
   * caller does). Refused while the keychain is not usable, so no secret is
   * left behind unnoticed.
   */
  async remove(platform: PlatformId): Promise<void> {
    if (!this.deps.table.get(platform)) return;
    await this.deps.health.ensureHealthy();
    await this.deps.versions.remove({ kind: 'integration', id: platform }, () => {
      const ref = this.deps.table.clearRegistration(platform, this.deps.clock().toISOString());
      this.deps.audit.record({ action: 'integration.remove', target: platform, outcome: 'success' });
      return ref;
    });
  }

  /**
   * The registration's keychain item. "No such item" counts as missing only when
   * a healthy keychain confirms it (a locked one says it about everything).
   */
  private async readItem(row: IntegrationRow): Promise<IntegrationItem | null> {
    if (!row.secret_ref) return null;
    const item = parseIntegrationItem(await this.deps.secrets.get(row.secret_ref));
    if (item) return item;
    await this.deps.health.ensureHealthy();
    const again = parseIntegrationItem(await this.deps.secrets.get(row.secret_ref));
    if (!again) this.deps.table.setSecretProblem(row.platform, 'missing');
    return again;
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
