import type Database from 'better-sqlite3';

import { AppError } from '@shared/ipc/errors';
import type { AuditLog } from '../audit';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { SECRET_MISSING, type ConnectionsTable } from '../store/connections-table';
import type { IntegrationsTable } from '../store/integrations-table';
import type { SecretIntent, SecretIntentsTable } from '../store/secret-intents-table';
import type { Fingerprinter } from '../vault/fingerprint';
import type { KeychainHealth } from '../vault/keychain-health';
import {
  accountKind,
  connectionSecret,
  ORPHAN_ACCOUNT_PATTERN,
  parseConnectionItem,
  parseIntegrationItem,
} from '../vault/keychain-items';
import type { SecretStore } from '../vault/secret-store';
import type { SecretVersions } from './secret-versions';

export interface ReconciliationReport {
  /** Writes cut short whose new item was kept: the rotated or newly issued token wins. */
  rolledForward: number;
  /** Writes cut short that were undone (their new item deleted, if it was written at all). */
  rolledBack: number;
  /** Replaced or removed items deleted from the keychain. */
  deletesFinished: number;
  /** Disconnects interrupted after they began, finished. */
  disconnectsFinished: number;
  /** Rows whose secret is not in the keychain: `integration:<platform>` or a connection id. */
  missing: string[];
  /** Rows marked missing earlier whose secret is there after all. */
  restored: string[];
  /** Connections whose recorded fingerprint was not their secret's (left by older versions): corrected. */
  fingerprintsCorrected: string[];
  /** Registrations whose keychain secrets do not match what SQLite records: reported, to be saved again. */
  mismatched: string[];
  /** Keychain items this app cannot place: reported in the review, deleted only on request. */
  orphans: string[];
}

interface Deps {
  db: Database.Database;
  secrets: SecretStore;
  health: KeychainHealth;
  versions: SecretVersions;
  intents: SecretIntentsTable;
  integrations: IntegrationsTable;
  connections: ConnectionsTable;
  fingerprint: Fingerprinter;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}

/**
 * Start-up reconciliation between the keychain and SQLite. It runs only on a
 * keychain a probe has just found healthy: a locked keychain answers "no such
 * item" to everything, and believing it would mark every company as needing
 * re-authorisation. It finishes or undoes every interrupted write and delete
 * (from the intents), finishes interrupted disconnects, checks each row's secret
 * against its fingerprint, and lists the items no row or intent explains.
 */
export class KeychainReconciliation {
  private orphanAccounts: string[] = [];
  private running: Promise<ReconciliationReport | null> | undefined;
  private finished = false;

  constructor(private readonly deps: Deps) {}

  /** True until the first run has ended (the start-up notices are not final before). */
  get checking(): boolean {
    return !this.finished;
  }

  /** Probes the keychain and, when it is healthy, reconciles. Null when it was not healthy. */
  run(): Promise<ReconciliationReport | null> {
    this.running ??= this.probeAndReconcile().finally(() => {
      this.running = undefined;
      this.finished = true;
    });
    return this.running;
  }

  /** Keychain items found with no row or intent at the last run. */
  orphans(): readonly string[] {
    return this.orphanAccounts;
  }

  /** Deletes a keychain item the last run reported as an orphan (Repair in the review). */
  async deleteOrphan(account: string): Promise<{ deleted: boolean }> {
    if (!this.orphanAccounts.includes(account)) throw new AppError('NOT_FOUND');
    await this.deps.health.ensureHealthy();
    const deleted = await this.deps.secrets.delete(account);
    this.orphanAccounts = this.orphanAccounts.filter((a) => a !== account);
    this.deps.audit.record({ action: 'secret.deleteOrphan', target: account, outcome: 'success' });
    return { deleted };
  }

  private async probeAndReconcile(): Promise<ReconciliationReport | null> {
    if ((await this.deps.health.probe()) !== 'healthy') return null;
    try {
      const report = await this.reconcile();
      this.orphanAccounts = report.orphans;
      const changed = Object.entries(report).some(([, v]) => (Array.isArray(v) ? v.length > 0 : v > 0));
      if (changed)
        this.deps.log.warn(
          'Keychain and store reconciled',
          Object.fromEntries(Object.entries(report).map(([k, v]) => [k, Array.isArray(v) ? v.length : v])),
        );
      return report;
    } catch (error) {
      this.deps.log.error('Reconciliation failed', { error });
      return null;
    }
  }

  private async reconcile(): Promise<ReconciliationReport> {
    const { secrets, intents } = this.deps;
    const report: ReconciliationReport = {
      rolledForward: 0,
      rolledBack: 0,
      deletesFinished: 0,
      disconnectsFinished: 0,
      missing: [],
      restored: [],
      fingerprintsCorrected: [],
      mismatched: [],
      orphans: [],
    };
    // One call lists every item with its value (keytar's findCredentials).
    const items = new Map((await secrets.entries()).map((e) => [e.account, e.value]));

    for (const intent of intents.unowned()) await this.recover(intent, items, report);

    for (const row of this.deps.connections.all().filter((r) => r.status === 'deleting')) {
      // The person asked to disconnect and the provider may already have revoked: finish the removal.
      await this.deps.versions.remove({ kind: 'connection', id: row.id }, () => {
        const ref = this.deps.connections.delete(row.id);
        this.deps.audit.record({
          action: 'connection.disconnect',
          target: row.id,
          outcome: 'success',
          detail: { resumed: true, platform: row.platform },
        });
        return ref;
      });
      if (row.secret_ref) items.delete(row.secret_ref);
      report.disconnectsFinished += 1;
    }

    await this.checkConnections(items, report);
    await this.checkIntegrations(items, report);

    const referenced = new Set<string>();
    for (const row of this.deps.connections.all()) if (row.secret_ref) referenced.add(row.secret_ref);
    for (const row of this.deps.integrations.all()) if (row.secret_ref) referenced.add(row.secret_ref);
    const inFlight = intents.ownedAccounts();
    for (const account of items.keys()) {
      const kind = accountKind(account);
      if (kind === 'probe') {
        // A health probe cut short: its item holds nothing secret.
        await secrets.delete(account);
      } else if (ORPHAN_ACCOUNT_PATTERN.test(account) && !referenced.has(account) && !inFlight.has(account)) {
        report.orphans.push(account);
      }
    }
    return report;
  }

  /** Finishes or undoes one interrupted keychain change. */
  private async recover(
    intent: SecretIntent,
    items: Map<string, string>,
    report: ReconciliationReport,
  ): Promise<void> {
    const { db, secrets, intents, connections, audit } = this.deps;
    const value = items.get(intent.account);
    if (intent.action === 'delete') {
      if (value !== undefined) await secrets.delete(intent.account);
      intents.remove(intent.account);
      items.delete(intent.account);
      report.deletesFinished += 1;
      return;
    }
    if (intent.recovery === 'rollForward' && intent.owner_kind === 'connection' && value !== undefined) {
      const item = parseConnectionItem(value);
      if (item && (await this.deps.fingerprint(connectionSecret(item))) === intent.fingerprint) {
        const replaced = db
          .transaction(() => {
            const result = connections.commitSecret(
              intent.owner_id,
              intent.account,
              intent.fingerprint!,
              JSON.parse(intent.row_json) as Record<string, never>,
            );
            if (!result.applied) return undefined;
            intents.remove(intent.account);
            if (result.replaced)
              intents.addDelete(
                result.replaced,
                { kind: 'connection', id: intent.owner_id },
                this.deps.clock().toISOString(),
              );
            audit.record({ action: 'secret.rollForward', target: intent.owner_id, outcome: 'success' });
            return result.replaced;
          })
          .immediate();
        if (replaced !== undefined) {
          if (replaced) {
            await this.deps.versions.deleteItem(replaced);
            items.delete(replaced);
          }
          report.rolledForward += 1;
          return;
        }
      }
    }
    if (value !== undefined) await secrets.delete(intent.account);
    intents.remove(intent.account);
    items.delete(intent.account);
    report.rolledBack += 1;
  }

  private async checkConnections(items: Map<string, string>, report: ReconciliationReport): Promise<void> {
    const { connections, audit } = this.deps;
    for (const row of connections.all()) {
      if (!row.secret_ref) continue;
      const item = parseConnectionItem(items.get(row.secret_ref) ?? null);
      if (!item) {
        if (row.last_error !== SECRET_MISSING) {
          connections.markSecretMissing(row.id);
          audit.record({ action: 'connection.secretMissing', target: row.id, outcome: 'success' });
        }
        report.missing.push(row.id);
        continue;
      }
      const fingerprint = await this.deps.fingerprint(connectionSecret(item));
      if (fingerprint !== row.secret_fingerprint) {
        // Older versions wrote a rotated token to the keychain before SQLite: the keychain holds the live one.
        connections.setFingerprint(row.id, fingerprint);
        audit.record({ action: 'connection.fingerprintCorrected', target: row.id, outcome: 'success' });
        report.fingerprintsCorrected.push(row.id);
      }
      if (row.last_error === SECRET_MISSING) {
        connections.clearSecretMissing(row.id);
        report.restored.push(row.id);
      }
    }
  }

  private async checkIntegrations(items: Map<string, string>, report: ReconciliationReport): Promise<void> {
    const { integrations, audit } = this.deps;
    for (const row of integrations.all()) {
      if (!row.secret_ref) continue;
      const target = `integration:${row.platform}`;
      const item = parseIntegrationItem(items.get(row.secret_ref) ?? null);
      const problem = !item
        ? 'missing'
        : (await this.matches(item.fields, row.secret_fingerprints_json))
          ? null
          : 'mismatch';
      if (problem !== row.secret_problem) {
        integrations.setSecretProblem(row.platform, problem);
        if (problem)
          audit.record({ action: `integration.secret.${problem}`, target: row.platform, outcome: 'success' });
      }
      if (problem === 'missing') report.missing.push(target);
      else if (problem === 'mismatch') report.mismatched.push(target);
      else if (row.secret_problem) report.restored.push(target);
    }
  }

  private async matches(fields: Record<string, string | undefined>, recordedJson: string): Promise<boolean> {
    const recorded = JSON.parse(recordedJson) as Record<string, string>;
    const names = Object.keys(fields).filter((k) => fields[k] !== undefined);
    if (names.length !== Object.keys(recorded).length) return false;
    for (const name of names)
      if ((await this.deps.fingerprint(fields[name]!)) !== recorded[name]) return false;
    return true;
  }
}
