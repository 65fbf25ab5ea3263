import type Database from 'better-sqlite3';

import type { VersionedItemKind } from '../vault/keychain-items';

/**
 * A keychain change in progress, recorded in SQLite before the keychain is
 * touched, so that start-up can finish or undo it after a crash.
 */
export interface SecretIntent {
  /** The keychain account being written or deleted. */
  account: string;
  action: 'write' | 'delete';
  owner_kind: VersionedItemKind;
  /** The platform (integration) or connection id. */
  owner_id: string;
  /** For a write cut short: undo it, or finish it (the provider already replaced the old token). */
  recovery: 'rollBack' | 'rollForward';
  /** Fingerprint of the value written, to recognise it when rolling forward. */
  fingerprint: string | null;
  /** The row columns the commit sets (non-secret), so a roll-forward commits exactly that. */
  row_json: string;
  /** The process that owns it while it runs; null once no running operation does. */
  boot_id: string | null;
  created_at: string;
}

export interface WriteIntent {
  account: string;
  owner: { kind: VersionedItemKind; id: string };
  recovery: SecretIntent['recovery'];
  fingerprint: string;
  row: Record<string, unknown>;
}

/** The one owner of the `secret_intents` table. */
export class SecretIntentsTable {
  constructor(
    private readonly db: Database.Database,
    private readonly bootId: string,
  ) {}

  addWrite(intent: WriteIntent, now: string): void {
    this.db
      .prepare(
        `INSERT INTO secret_intents (account, action, owner_kind, owner_id, recovery, fingerprint, row_json, boot_id, created_at)
         VALUES (?, 'write', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        intent.account,
        intent.owner.kind,
        intent.owner.id,
        intent.recovery,
        intent.fingerprint,
        JSON.stringify(intent.row),
        this.bootId,
        now,
      );
  }

  /** Records that an item must leave the keychain (replaces any write intent for it). */
  addDelete(account: string, owner: { kind: VersionedItemKind; id: string }, now: string): void {
    this.db
      .prepare(
        `INSERT INTO secret_intents (account, action, owner_kind, owner_id, recovery, boot_id, created_at)
         VALUES (?, 'delete', ?, ?, 'rollBack', ?, ?)
         ON CONFLICT(account) DO UPDATE SET action = 'delete', row_json = '{}', fingerprint = NULL, boot_id = excluded.boot_id`,
      )
      .run(account, owner.kind, owner.id, this.bootId, now);
  }

  remove(account: string): void {
    this.db.prepare('DELETE FROM secret_intents WHERE account = ?').run(account);
  }

  /** No running operation owns it any more: the next reconciliation resolves it. */
  release(account: string): void {
    this.db.prepare('UPDATE secret_intents SET boot_id = NULL WHERE account = ?').run(account);
  }

  /** Intents no running operation owns: left by an earlier process, or released after a failure. */
  unowned(): SecretIntent[] {
    return this.db
      .prepare('SELECT * FROM secret_intents WHERE boot_id IS NULL OR boot_id != ? ORDER BY created_at')
      .all(this.bootId) as SecretIntent[];
  }

  /** Accounts some running operation is writing or deleting right now. */
  ownedAccounts(): Set<string> {
    return new Set(
      this.db
        .prepare('SELECT account FROM secret_intents WHERE boot_id = ?')
        .pluck()
        .all(this.bootId) as string[],
    );
  }

  all(): SecretIntent[] {
    return this.db.prepare('SELECT * FROM secret_intents').all() as SecretIntent[];
  }
}
