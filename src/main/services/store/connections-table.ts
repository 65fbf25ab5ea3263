import type Database from 'better-sqlite3';

import type { ConnectionStatus } from '@shared/ipc/schemas';
import type { PlatformId } from '@shared/platforms';

export interface ConnectionRow {
  id: string;
  platform: PlatformId;
  kind: 'oauth' | 'apiKey';
  label: string;
  external_id: string | null;
  region: string | null;
  status: ConnectionStatus;
  scopes_json: string;
  scopes_requested_json: string;
  token_expires_at: string | null;
  refresh_expires_at: string | null;
  /** The keychain account of the current version of the connection's secret. */
  secret_ref: string | null;
  secret_fingerprint: string | null;
  secret_had_whitespace: 0 | 1;
  server_json: string;
  /** Fingerprint of the provider user who signed in, where the provider caps tokens per user (Zoho). */
  owner_key: string | null;
  created_at: string;
  secret_set_at: string | null;
  last_verified_at: string | null;
  last_error: string | null;
}

/** What `list()` reads: the columns a connection's summary shows. */
const LIST_COLUMNS = [
  'id',
  'platform',
  'kind',
  'label',
  'external_id',
  'region',
  'status',
  'scopes_json',
  'token_expires_at',
  'refresh_expires_at',
  'created_at',
  'last_verified_at',
  'last_error',
  'secret_fingerprint',
] satisfies readonly (keyof ConnectionRow)[];
export type ConnectionListRow = Pick<ConnectionRow, (typeof LIST_COLUMNS)[number]>;

/** Columns a new secret version sets; with `created_at` (a whole row) it may also insert the row. */
export type ConnectionColumns = Partial<Omit<ConnectionRow, 'id' | 'secret_ref' | 'secret_fingerprint'>>;

/** The review's columns, in order (fetched as raw arrays: several times faster at 10,000 rows). */
export type ConnectionReviewTuple = [
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
  ownerKey: string | null,
];

/** The marker a connection carries when its keychain secret is gone. */
export const SECRET_MISSING = 'SECRET_MISSING';

/** One key per platform and provider user, for counting that user's live OAuth links. */
export const ownerCountKey = (platform: PlatformId, ownerKey: string | null): string =>
  `${platform}\u0000${ownerKey ?? ''}`;

/** What reading code (the review) may do with the connections table: read. */
export interface ConnectionsReader {
  get(id: string): ConnectionRow | undefined;
  all(): ConnectionRow[];
  /** Live connections (not being deleted), with the review's columns. */
  reviewTuples(): ConnectionReviewTuple[];
}

/** Columns a whole new row must have before it may be inserted. */
const REQUIRED_FOR_INSERT: readonly (keyof ConnectionColumns)[] = [
  'platform',
  'kind',
  'label',
  'status',
  'created_at',
];
const COLUMN = /^[a-z_]+$/;

/** The one owner of the `connections` table: every query on it is here. */
export class ConnectionsTable implements ConnectionsReader {
  private reviewQuery: Database.Statement | undefined;

  constructor(private readonly db: Database.Database) {}

  get(id: string): ConnectionRow | undefined {
    return this.db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as ConnectionRow | undefined;
  }

  all(): ConnectionRow[] {
    return this.db.prepare('SELECT * FROM connections').all() as ConnectionRow[];
  }

  /**
   * The connections as the Connections screen lists them, oldest first: the columns it shows only
   * (not the stored server or the secret's keychain account; 10,000 rows in about half the time).
   */
  list(platform?: PlatformId): ConnectionListRow[] {
    const columns = LIST_COLUMNS.join(', ');
    return (
      platform
        ? this.db
            .prepare(`SELECT ${columns} FROM connections WHERE platform = ? ORDER BY created_at`)
            .all(platform)
        : this.db.prepare(`SELECT ${columns} FROM connections ORDER BY created_at`).all()
    ) as ConnectionListRow[];
  }

  /** The company already linked on this platform, if any (re-linking replaces its secret). */
  findLinked(platform: PlatformId, externalId: string): ConnectionRow | undefined {
    return this.db
      .prepare("SELECT * FROM connections WHERE platform = ? AND external_id = ? AND status != 'deleting'")
      .get(platform, externalId) as ConnectionRow | undefined;
  }

  /** The live connection whose stored secret has this fingerprint (the same API key linked before). */
  findByFingerprint(platform: PlatformId, fingerprint: string): ConnectionRow | undefined {
    return this.db
      .prepare(
        "SELECT * FROM connections WHERE platform = ? AND secret_fingerprint = ? AND status != 'deleting' ORDER BY created_at",
      )
      .get(platform, fingerprint) as ConnectionRow | undefined;
  }

  /** A company linked again with the same secret: its new name, and the verification just made. */
  renameAndVerify(id: string, label: string, verifiedAt: string): void {
    this.db
      .prepare(
        "UPDATE connections SET label = ?, last_verified_at = ?, last_error = NULL, status = 'linked' WHERE id = ?",
      )
      .run(label, verifiedAt, id);
  }

  /** Live OAuth links of one provider user (null: owner unknown); per-user refresh-token caps count them. */
  countLiveOAuth(platform: PlatformId, ownerKey: string | null): number {
    return this.db
      .prepare(
        `SELECT COUNT(*) FROM connections WHERE platform = ? AND kind = 'oauth' AND status != 'deleting'
           AND owner_key IS ?`,
      )
      .pluck()
      .get(platform, ownerKey) as number;
  }

  reviewTuples(): ConnectionReviewTuple[] {
    this.reviewQuery ??= this.db
      .prepare(
        `SELECT id, platform, kind, label, region, status, scopes_json, token_expires_at, refresh_expires_at, last_verified_at,
                last_error, secret_fingerprint, secret_had_whitespace, created_at, secret_set_at, owner_key
         FROM connections WHERE status != 'deleting'`,
      )
      .raw(true);
    return this.reviewQuery.all() as ConnectionReviewTuple[];
  }

  /**
   * Points a connection at a new version of its secret, with the fingerprint and
   * columns that belong to it, in one statement. Inserts the row when it does not
   * exist and `columns` make a whole row; otherwise changes nothing and says so.
   */
  commitSecret(
    id: string,
    account: string,
    fingerprint: string,
    columns: ConnectionColumns,
  ): { applied: boolean; replaced: string | null } {
    const row = { ...columns, secret_ref: account, secret_fingerprint: fingerprint };
    const names = Object.keys(row);
    if (!names.every((n) => COLUMN.test(n))) throw new Error('Invalid column name');
    const existing = this.get(id);
    if (existing) {
      this.db
        .prepare(`UPDATE connections SET ${names.map((n) => `${n} = @${n}`).join(', ')} WHERE id = @id`)
        .run({ ...row, id });
      return { applied: true, replaced: existing.secret_ref === account ? null : existing.secret_ref };
    }
    if (!REQUIRED_FOR_INSERT.every((n) => columns[n] !== undefined))
      return { applied: false, replaced: null };
    const all = ['id', ...names];
    this.db
      .prepare(`INSERT INTO connections (${all.join(', ')}) VALUES (${all.map((n) => `@${n}`).join(', ')})`)
      .run({ ...row, id });
    return { applied: true, replaced: null };
  }

  /** Deletes the row; returns the secret account it pointed at. */
  delete(id: string): string | null {
    const ref = this.get(id)?.secret_ref ?? null;
    this.db.prepare('DELETE FROM connections WHERE id = ?').run(id);
    return ref;
  }

  setStatus(id: string, status: ConnectionStatus): void {
    this.db.prepare('UPDATE connections SET status = ? WHERE id = ?').run(status, id);
  }

  /** The one place a missing secret becomes "needs re-auth". Only call it once a healthy keychain confirmed it. */
  markSecretMissing(id: string): void {
    this.db
      .prepare("UPDATE connections SET status = 'needsReauth', last_error = ? WHERE id = ?")
      .run(SECRET_MISSING, id);
  }

  /** The secret is back (e.g. the keychain was only locked when it was marked missing). */
  clearSecretMissing(id: string): void {
    this.db
      .prepare(
        "UPDATE connections SET status = 'linked', last_error = NULL WHERE id = ? AND last_error = ? AND status = 'needsReauth'",
      )
      .run(id, SECRET_MISSING);
  }

  /** Records the fingerprint of the secret the keychain really holds. */
  setFingerprint(id: string, fingerprint: string): void {
    this.db.prepare('UPDATE connections SET secret_fingerprint = ? WHERE id = ?').run(fingerprint, id);
  }

  recordVerified(id: string, at: string): void {
    this.db
      .prepare('UPDATE connections SET last_verified_at = ?, last_error = NULL WHERE id = ?')
      .run(at, id);
  }

  recordError(id: string, code: string): void {
    this.db.prepare('UPDATE connections SET last_error = ? WHERE id = ?').run(code, id);
  }

  /** A refresh without rotation: a new access-token expiry, and the last error cleared. */
  recordRefreshed(id: string, tokenExpiresAt: string): void {
    this.db
      .prepare('UPDATE connections SET token_expires_at = ?, last_error = NULL WHERE id = ?')
      .run(tokenExpiresAt, id);
  }

  /** Marks a platform's linked connections as needing re-authorisation; returns how many. */
  markPlatformNeedsReauth(platform: PlatformId, reason: string): number {
    return this.db
      .prepare(
        "UPDATE connections SET status = 'needsReauth', last_error = ? WHERE platform = ? AND status = 'linked'",
      )
      .run(reason, platform).changes;
  }
}
