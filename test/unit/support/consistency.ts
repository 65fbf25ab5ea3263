import type Database from 'better-sqlite3';

import { createFingerprinter } from '../../../src/main/services/vault/fingerprint';
import {
  accountKind,
  connectionSecret,
  parseConnectionItem,
  parseIntegrationItem,
} from '../../../src/main/services/vault/keychain-items';
import type { SecretStore } from '../../../src/main/services/vault/secret-store';

export interface Consistency {
  /** Rows whose keychain item does not hold the secret their fingerprint records (or is unreadable). */
  tornPairs: string[];
  /** Rows pointing at an item that is not in the keychain. */
  missing: string[];
  /** Versioned items (integration-/connection-) that no row points at. */
  unreferenced: string[];
  /** Keychain changes still recorded as in progress. */
  intents: number;
  /** Connections still half-disconnected. */
  deleting: number;
  integrity: string;
}

/**
 * Checks the keychain against SQLite from the outside, reading both stores
 * directly: what start-up reconciliation must leave behind is
 * `{ tornPairs: [], missing: [], unreferenced: [], intents: 0, deleting: 0, integrity: 'ok' }`.
 */
export async function checkConsistency(db: Database.Database, keychain: SecretStore): Promise<Consistency> {
  const fingerprint = createFingerprinter(keychain);
  const items = new Map((await keychain.entries()).map((e) => [e.account, e.value]));
  const result: Consistency = {
    tornPairs: [],
    missing: [],
    unreferenced: [],
    intents: db.prepare('SELECT COUNT(*) FROM secret_intents').pluck().get() as number,
    deleting: db
      .prepare("SELECT COUNT(*) FROM connections WHERE status = 'deleting'")
      .pluck()
      .get() as number,
    integrity: db.pragma('integrity_check', { simple: true }) as string,
  };
  const referenced = new Set<string>();
  const integrations = db
    .prepare(
      'SELECT platform, secret_ref, secret_fingerprints_json FROM integrations WHERE secret_ref IS NOT NULL',
    )
    .all() as Array<{ platform: string; secret_ref: string; secret_fingerprints_json: string }>;
  for (const row of integrations) {
    referenced.add(row.secret_ref);
    const value = items.get(row.secret_ref);
    if (value === undefined) {
      result.missing.push(`integration:${row.platform}`);
      continue;
    }
    const item = parseIntegrationItem(value);
    const recorded = JSON.parse(row.secret_fingerprints_json) as Record<string, string>;
    const fields = Object.entries(item?.fields ?? {});
    const matches =
      item !== null &&
      fields.length === Object.keys(recorded).length &&
      (await Promise.all(fields.map(async ([k, v]) => recorded[k] === (await fingerprint(v))))).every(
        Boolean,
      );
    if (!matches) result.tornPairs.push(`integration:${row.platform}`);
  }
  const connections = db
    .prepare('SELECT id, secret_ref, secret_fingerprint FROM connections WHERE secret_ref IS NOT NULL')
    .all() as Array<{ id: string; secret_ref: string; secret_fingerprint: string }>;
  for (const row of connections) {
    referenced.add(row.secret_ref);
    const value = items.get(row.secret_ref);
    if (value === undefined) {
      result.missing.push(row.id);
      continue;
    }
    const item = parseConnectionItem(value);
    if (!item || (await fingerprint(connectionSecret(item))) !== row.secret_fingerprint)
      result.tornPairs.push(row.id);
  }
  for (const account of items.keys()) {
    const kind = accountKind(account);
    if ((kind === 'integration' || kind === 'connection') && !referenced.has(account))
      result.unreferenced.push(account);
  }
  return result;
}

export const CONSISTENT: Consistency = {
  tornPairs: [],
  missing: [],
  unreferenced: [],
  intents: 0,
  deleting: 0,
  integrity: 'ok',
};
