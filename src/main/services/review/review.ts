import { createHash } from 'node:crypto';

import { AppError } from '@shared/ipc/errors';
import {
  PROBLEM_CODES,
  type AuditEventView,
  type Review,
  type ReviewRow,
  type SecretTarget,
} from '@shared/ipc/schemas';
import {
  getPlatform,
  isRetiredConfiguration,
  PLATFORMS,
  refreshTokenCapWarningAt,
  type PlatformId,
} from '@shared/platforms';
import type { AuditLog } from '../audit';
import type { Clock } from '../clock';
import { ownerCountKey, type ConnectionsReader } from '../store/connections-table';
import type { IntegrationRow, IntegrationsReader } from '../store/integrations-table';
import type { Fingerprinter } from '../vault/fingerprint';
import type { KeychainHealthView } from '../vault/keychain-health';
import { connectionSecret, parseConnectionItem, parseIntegrationItem } from '../vault/keychain-items';
import type { SecretStore } from '../vault/secret-store';
import {
  connectionProblems,
  DEFAULT_HEALTH_SETTINGS,
  integrationProblems,
  type HealthSettings,
} from './health';

/**
 * The clipboard, as main gets it (injected: `secret-clipboard.ts` over Electron's in the app, an
 * in-memory one in tests). The review only ever writes secrets to it.
 */
export interface Clipboard {
  /** Writes a secret, marked so clipboard history and cloud clipboards skip it where the OS allows. */
  writeSecret(text: string): void | Promise<void>;
  readText(): string | Promise<string>;
  clear(): void | Promise<void>;
}

/** Seconds after which a copied secret is wiped from the clipboard if it is still there. */
export const CLIPBOARD_CLEAR_SECONDS = 30;

export interface ReviewDeps {
  /** Read-only views of the tables: the review cannot change a row. */
  integrations: IntegrationsReader;
  connections: ConnectionsReader;
  secrets: SecretStore;
  fingerprint: Fingerprinter;
  audit: AuditLog;
  clock: Clock;
  clipboard: Clipboard;
  /** Keychain accounts found with no row at the last reconciliation. */
  orphans(): readonly string[];
  /** The keychain's last measured state. */
  keychain(): KeychainHealthView;
  /** Probes the keychain; throws KEYCHAIN_UNAVAILABLE unless it is healthy (a locked one finds nothing). */
  confirmKeychainHealthy(): Promise<void>;
  healthSettings?: HealthSettings;
}

/**
 * The offline credential review: every integration and connection with its
 * health, from SQLite alone. Secrets are read from the keychain only for an
 * explicit reveal, copy or compare, each of which is audited.
 */
export class ReviewService {
  private clearTimer: NodeJS.Timeout | undefined;
  /** SHA-256 of the secret copied last, until it is wiped: enough to recognise it, not to recover it. */
  private copiedDigest: string | undefined;

  constructor(private readonly deps: ReviewDeps) {}

  currentReview(): Review {
    const now = this.deps.clock().getTime();
    const settings = this.deps.healthSettings ?? DEFAULT_HEALTH_SETTINGS;
    const byPlatform = new Map(this.deps.integrations.all().map((i) => [i.platform, i]));
    const tuples = this.deps.connections.reviewTuples();
    // Counted from the same read: one pass over the connections table rather than three.
    const counts = new Map<PlatformId, number>();
    const sameOwner = new Map<string, number>();
    const ownerKeys: (string | undefined)[] = new Array<string | undefined>(tuples.length);
    for (let i = 0; i < tuples.length; i++) {
      const [, platform, kind, , , , , , , , , , , , , ownerKey] = tuples[i]!;
      counts.set(platform, (counts.get(platform) ?? 0) + 1);
      if (kind !== 'oauth') continue;
      const key = ownerCountKey(platform, ownerKey);
      ownerKeys[i] = key;
      sameOwner.set(key, (sameOwner.get(key) ?? 0) + 1);
    }
    const platformFacts = new Map(
      PLATFORMS.map(
        (definition): [PlatformId, { retired: boolean; tokenCapWarningAt: number | undefined }] => {
          const row = byPlatform.get(definition.id);
          const retired = Boolean(row?.configured_at) && isRetiredConfiguration(definition, optionsOf(row));
          return [definition.id, { retired, tokenCapWarningAt: refreshTokenCapWarningAt(definition) }];
        },
      ),
    );

    const rows: ReviewRow[] = [];
    for (const definition of PLATFORMS) {
      const row = byPlatform.get(definition.id);
      const configured = definition.requiresAppRegistration ? Boolean(row?.configured_at) : true;
      if (!row && !definition.requiresAppRegistration) continue;
      rows.push({
        id: `integration:${definition.id}`,
        kind: 'integration',
        platform: definition.id,
        label: definition.name,
        region: null,
        // A platform without an app registration (Clear Books) keeps no credential of its own.
        credentialKind: !definition.requiresAppRegistration
          ? 'none'
          : platformFacts.get(definition.id)?.retired
            ? 'appRegistrationRetired'
            : 'appRegistration',
        status: row?.enabled ? 'enabled' : 'disabled',
        secretSetAt: row?.secret_set_at ?? null,
        tokenExpiresAt: null,
        refreshExpiresAt: null,
        lastVerifiedAt: null,
        lastError: null,
        scopes: [],
        fingerprints: Object.values(
          JSON.parse(row?.secret_fingerprints_json ?? '{}') as Record<string, string>,
        ),
        problems: integrationProblems({
          requiresRegistration: definition.requiresAppRegistration,
          configured,
          enabled: row?.enabled === 1,
          connections: counts.get(definition.id) ?? 0,
          retired: platformFacts.get(definition.id)?.retired ?? false,
          secretProblem: row?.secret_problem ?? null,
        }),
      });
    }

    for (let i = 0; i < tuples.length; i++) {
      const [
        id,
        platform,
        kind,
        label,
        region,
        status,
        scopesJson,
        tokenExpiresAt,
        refreshExpiresAt,
        lastVerifiedAt,
        lastError,
        fingerprint,
        whitespace,
        createdAt,
        secretSetAt,
      ] = tuples[i]!;
      const ownerKey = ownerKeys[i];
      rows.push({
        id,
        kind: 'connection',
        platform,
        label,
        region,
        credentialKind: kind,
        status,
        secretSetAt: secretSetAt ?? createdAt,
        tokenExpiresAt,
        refreshExpiresAt,
        lastVerifiedAt,
        lastError,
        scopes: scopesJson === '[]' ? [] : (JSON.parse(scopesJson) as string[]),
        fingerprints: fingerprint ? [fingerprint] : [],
        problems: connectionProblems(
          {
            kind,
            platform,
            status,
            refreshExpiresAt,
            lastVerifiedAt,
            lastError,
            secretHadWhitespace: whitespace === 1,
            sameOwnerLinks: ownerKey === undefined ? 0 : (sameOwner.get(ownerKey) ?? 0),
          },
          platformFacts.get(platform) ?? { retired: false },
          now,
          settings,
        ),
      });
    }

    for (const account of this.deps.orphans()) {
      rows.push({
        id: `orphan:${account}`,
        kind: 'orphan',
        platform: null,
        label: account,
        region: null,
        credentialKind: 'unknown',
        status: 'orphan',
        secretSetAt: null,
        tokenExpiresAt: null,
        refreshExpiresAt: null,
        lastVerifiedAt: null,
        lastError: null,
        scopes: [],
        fingerprints: [],
        problems: ['orphanKeychainItem'],
      });
    }

    const summary = Object.fromEntries(PROBLEM_CODES.map((p) => [p, 0])) as Review['summary'];
    for (const row of rows) for (const problem of row.problems) summary[problem] += 1;
    return { generatedAt: new Date(now).toISOString(), keychain: this.deps.keychain(), rows, summary };
  }

  /** Explicit reveal: the one place a secret goes to the renderer. Always audited. */
  async reveal(target: SecretTarget): Promise<{ value: string }> {
    const value = await this.read(target, 'secret.reveal');
    return { value };
  }

  /**
   * Puts the secret on the clipboard, marked as concealed, and wipes it after 30 s (or when the
   * app quits, see clearCopiedSecret) if the clipboard still holds it.
   */
  async copy(target: SecretTarget): Promise<{ clearAfterSeconds: number }> {
    const value = await this.read(target, 'secret.copy');
    await this.deps.clipboard.writeSecret(value);
    this.copiedDigest = sha256(value);
    clearTimeout(this.clearTimer);
    this.clearTimer = setTimeout(
      () => void this.clearCopiedSecret().catch(() => undefined),
      CLIPBOARD_CLEAR_SECONDS * 1000,
    );
    this.clearTimer.unref();
    return { clearAfterSeconds: CLIPBOARD_CLEAR_SECONDS };
  }

  /**
   * Wipes the clipboard if it still holds the secret copied last. Only what the app put there is
   * wiped: the user may have copied something else since. Returns whether it wiped.
   */
  async clearCopiedSecret(): Promise<boolean> {
    clearTimeout(this.clearTimer);
    const copied = this.copiedDigest;
    if (copied === undefined) return false;
    this.copiedDigest = undefined;
    const current = await this.deps.clipboard.readText();
    if (sha256(current) !== copied) return false;
    await this.deps.clipboard.clear();
    return true;
  }

  /** Says whether a value matches the stored secret, by fingerprint, without revealing it. Audited. */
  async compare(target: SecretTarget, candidate: string): Promise<{ matches: boolean }> {
    const stored = this.storedFingerprint(target);
    const matches = stored !== null && (await this.deps.fingerprint(candidate)) === stored;
    this.deps.audit.record({
      action: 'secret.compare',
      target: describe(target),
      outcome: 'success',
      detail: { matches },
    });
    return { matches };
  }

  auditEvents(filter: {
    action?: string;
    target?: string;
    outcome?: string;
    limit: number;
  }): AuditEventView[] {
    return this.deps.audit.query(filter);
  }

  private storedFingerprint(target: SecretTarget): string | null {
    if (target.kind === 'connection') {
      const row = this.deps.connections.get(target.connectionId);
      if (!row) throw new AppError('NOT_FOUND');
      return row.secret_fingerprint;
    }
    const row = this.deps.integrations.get(target.platform);
    if (!row) throw new AppError('NOT_FOUND');
    return (JSON.parse(row.secret_fingerprints_json) as Record<string, string>)[target.field] ?? null;
  }

  private async read(target: SecretTarget, action: 'secret.reveal' | 'secret.copy'): Promise<string> {
    try {
      const value = await this.readSecret(target);
      this.deps.audit.record({ action, target: describe(target), outcome: 'success' });
      return value;
    } catch (error) {
      this.deps.audit.record({
        action,
        target: describe(target),
        outcome: 'failed',
        detail: { code: error instanceof AppError ? error.code : 'INTERNAL' },
      });
      throw error;
    }
  }

  private async readSecret(target: SecretTarget): Promise<string> {
    if (target.kind === 'connection') {
      const ref = this.deps.connections.get(target.connectionId)?.secret_ref;
      if (!ref) throw new AppError('NOT_FOUND');
      const item = parseConnectionItem(await this.deps.secrets.get(ref));
      if (!item) await this.missing();
      return connectionSecret(item!);
    }
    getPlatform(target.platform);
    const ref = this.deps.integrations.get(target.platform)?.secret_ref;
    const item = ref ? parseIntegrationItem(await this.deps.secrets.get(ref)) : null;
    if (ref && !item) await this.missing();
    const value = item?.fields[target.field];
    if (!value) throw new AppError('NOT_FOUND');
    return value;
  }

  /** "Not found" from the keychain means missing only if a healthy keychain says so. */
  private async missing(): Promise<never> {
    await this.deps.confirmKeychainHealthy();
    throw new AppError('NOT_FOUND', 'Secret missing from the keychain');
  }
}

function optionsOf(row: IntegrationRow | undefined): Record<string, unknown> {
  return JSON.parse(row?.options_json ?? '{}') as Record<string, unknown>;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function describe(target: SecretTarget): string {
  return target.kind === 'connection' ? target.connectionId : `${target.platform}:${target.field}`;
}
