import type Database from 'better-sqlite3';

import type { AuditAction, AuditDetail, AuditOutcome } from '@shared/audit';
import type { Clock } from './clock';

export type { AuditOutcome };

export interface AuditEvent {
  /** One of the actions the renderer can name in words (see `@shared/audit`). */
  action: AuditAction;
  target: string;
  outcome: AuditOutcome;
  /** Non-secret context only (which field changed, old/new enabled state...). */
  detail?: AuditDetail;
}

/** A stored event: what was written, read back (older rows may hold keys this build does not know). */
export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  outcome: AuditOutcome;
  detail: Record<string, string | number | boolean | null>;
}

/** Append-only audit trail of state changes (the one owner of `audit_events`). Never given a secret. */
export class AuditLog {
  /** Prepared on first use: start-up records nothing, and its first answer should not wait for this. */
  private insert: Database.Statement | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly actor: string,
    private readonly clock: Clock,
  ) {}

  record(event: AuditEvent): void {
    this.insert ??= this.db.prepare(
      'INSERT INTO audit_events (at, actor, action, target, outcome, detail_json) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insert.run(
      this.clock().toISOString(),
      this.actor,
      event.action,
      event.target,
      event.outcome,
      JSON.stringify(event.detail ?? {}),
    );
  }

  /** Newest first; `action` matches as a prefix (e.g. "secret."). */
  query(filter: { action?: string; target?: string; outcome?: string; limit: number }): AuditRecord[] {
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
    const rows = this.db
      .prepare(
        `SELECT id, at, actor, action, target, outcome, detail_json FROM audit_events ${where} ORDER BY id DESC LIMIT ?`,
      )
      .all(...params, filter.limit) as Array<Omit<AuditRecord, 'detail'> & { detail_json: string }>;
    return rows.map(({ detail_json, ...row }) => ({
      ...row,
      detail: JSON.parse(detail_json) as AuditRecord['detail'],
    }));
  }

  recent(limit = 100): AuditRecord[] {
    const rows = this.db
      .prepare(
        'SELECT id, at, actor, action, target, outcome, detail_json FROM audit_events ORDER BY id DESC LIMIT ?',
      )
      .all(limit) as Array<Omit<AuditRecord, 'detail'> & { detail_json: string }>;
    return rows.map(({ detail_json, ...row }) => ({
      ...row,
      detail: JSON.parse(detail_json) as AuditRecord['detail'],
    }));
  }
}
