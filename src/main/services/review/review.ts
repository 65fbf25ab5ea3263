import { createHash } from 'node:crypto';

import type Database from 'better-sqlite3';

import { AppError } from '@shared/ipc/errors';
import {
  PROBLEM_CODES,
  type AuditEventView,
  type Review,
  type ReviewRow,
  type SecretTarget,
} from '@shared/ipc/schemas';
import { getPlatform, PLATFORMS, type PlatformId } from '@shared/platforms';
import type { AuditLog } from '../audit';
import type { Clock } from '../clock';
import type { Fingerprinter } from '../vault/fingerprint';
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

/** Columns of the review query, in order (fetched as raw arrays for speed). */
type ConnectionTuple = [
  id: string,
  platform: PlatformId,
  kind: 'oauth' | 'apiKey',
  label: string,
  region: string | null,
  status: string,
  scopesJson: string,
  tokenExpiresAt: string | null,
  refreshExpiresAt: string | null,
  lastVerifiedAt: string | null,
  lastError: string | null,
  fingerprint: string | null,
  secretHadWhitespace: number,
  createdAt: string,
  secretSetAt: string | null,
];

interface IntegrationReviewRow {
  platform: PlatformId;
  enabled: number;
  options_json: string;
  secret_ref: string | null;
  secret_fingerprints_json: string;
  configured_at: string | null;
  updated_at: string | null;
  secret_set_at: string | null;
}

export interface ReviewDeps {
  db: Database.Database;
  secrets: SecretStore;
  fingerprint: Fingerprinter;
  audit: AuditLog;
  clock: Clock;
  clipboard: Clipboard;
  /** Keychain accounts found with no row at the last reconciliation. */
  orphans(): readonly string[];
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
  private readonly connectionsQuery: Database.Statement;

  constructor(private readonly deps: ReviewDeps) {
    this.connectionsQuery = deps.db
      .prepare(
        `SELECT id, platform, kind, label, region, status, scopes_json, token_expires_at, refresh_expires_at, last_verified_at,
                last_error, secret_fingerprint, secret_had_whitespace, created_at, secret_set_at
         FROM connections WHERE status != 'deleting'`,
      )
      .raw(true);
  }

  review(): Review {
    const now = this.deps.clock().getTime();
    const settings = this.deps.healthSettings ?? DEFAULT_HEALTH_SETTINGS;
    const integrations = this.deps.db.prepare('SELECT * FROM integrations').all() as IntegrationReviewRow[];
    const byPlatform = new Map(integrations.map((i) => [i.platform, i]));
    const counts = new Map(
      (
        this.deps.db
          .prepare(
            "SELECT platform, COUNT(*) AS n FROM connections WHERE status != 'deleting' GROUP BY platform",
          )
          .all() as Array<{ platform: PlatformId; n: number }>
      ).map((r) => [r.platform, r.n]),
    );
    const sageLegacy = isSageLegacy(byPlatform.get('sage'));
    const platformFacts = { sageLegacy, zohoConnections: counts.get('zohobooks') ?? 0 };

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
        credentialKind: definition.id === 'sage' && sageLegacy ? 'appRegistrationLegacy' : 'appRegistration',
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
          sageLegacy: definition.id === 'sage' && sageLegacy,
        }),
      });
    }

    // Raw rows (arrays) are several times faster to fetch than objects at 10,000 rows.
    const connections = this.connectionsQuery.all() as ConnectionTuple[];
    for (const [
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
    ] of connections) {
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
            tokenExpiresAt,
            refreshExpiresAt,
            lastVerifiedAt,
            lastError,
            secretHadWhitespace: whitespace === 1,
          },
          platformFacts,
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
    return { generatedAt: new Date(now).toISOString(), rows, summary };
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
    const clauses: string[] = [];
    const params: string[] = [];
    const filterBy = (clause: string, value: string | undefined) => {
      if (value === undefined) return;
      clauses.push(clause);
      params.push(value);
    };
    filterBy('action LIKE ?', filter.action === undefined ? undefined : `${filter.action}%`);
    filterBy('target = ?', filter.target);
    filterBy('outcome = ?', filter.outcome);
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const rows = this.deps.db
      .prepare(
        `SELECT id, at, actor, action, target, outcome, detail_json FROM audit_events ${where} ORDER BY id DESC LIMIT ?`,
      )
      .all(...params, filter.limit) as Array<Omit<AuditEventView, 'detail'> & { detail_json: string }>;
    return rows.map(({ detail_json, ...row }) => ({
      ...row,
      detail: JSON.parse(detail_json) as AuditEventView['detail'],
    }));
  }

  private storedFingerprint(target: SecretTarget): string | null {
    if (target.kind === 'connection') {
      const row = this.deps.db
        .prepare('SELECT secret_fingerprint FROM connections WHERE id = ?')
        .get(target.connectionId) as { secret_fingerprint: string | null } | undefined;
      if (!row) throw new AppError('NOT_FOUND');
      return row.secret_fingerprint;
    }
    const row = this.deps.db
      .prepare('SELECT secret_fingerprints_json FROM integrations WHERE platform = ?')
      .get(target.platform) as { secret_fingerprints_json: string } | undefined;
    if (!row) throw new AppError('NOT_FOUND');
    return (JSON.parse(row.secret_fingerprints_json) as Record<string, string>)[target.field] ?? null;
  }

  private async read(target: SecretTarget, action: string): Promise<string> {
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
      const row = this.deps.db
        .prepare('SELECT secret_ref FROM connections WHERE id = ?')
        .get(target.connectionId) as { secret_ref: string | null } | undefined;
      if (!row?.secret_ref) throw new AppError('NOT_FOUND');
      const stored = await this.deps.secrets.get(row.secret_ref);
      if (!stored) throw new AppError('NOT_FOUND', 'Secret missing from the keychain');
      const bundle = JSON.parse(stored) as { refreshToken?: string; apiKey?: string };
      const value = bundle.refreshToken ?? bundle.apiKey;
      if (!value) throw new AppError('NOT_FOUND');
      return value;
    }
    getPlatform(target.platform);
    const row = this.deps.db
      .prepare('SELECT secret_ref FROM integrations WHERE platform = ?')
      .get(target.platform) as { secret_ref: string | null } | undefined;
    const stored = row?.secret_ref ? await this.deps.secrets.get(row.secret_ref) : null;
    const value = stored
      ? (JSON.parse(stored) as { fields: Record<string, string | undefined> }).fields[target.field]
      : undefined;
    if (!value) throw new AppError('NOT_FOUND');
    return value;
  }
}

function isSageLegacy(row: IntegrationReviewRow | undefined): boolean {
  return (JSON.parse(row?.options_json ?? '{}') as { credentialType?: string }).credentialType === 'v3.0';
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function describe(target: SecretTarget): string {
  return target.kind === 'connection' ? target.connectionId : `${target.platform}:${target.field}`;
}
