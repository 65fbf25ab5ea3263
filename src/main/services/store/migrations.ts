import type Database from 'better-sqlite3';

/**
 * `PRAGMA application_id` of an Integration Desk database ("IDES"): with it an
 * open can tell this app's file from another program's SQLite file
 * (https://www.sqlite.org/pragma.html#pragma_application_id).
 */
export const APPLICATION_ID = 0x49444553;

export interface Migration {
  /** The `user_version` the database has after this migration. */
  version: number;
  up(db: Database.Database): void;
}

/**
 * Ordered schema migrations. Never edit a released one: add a new entry.
 * Secrets are never stored here; `secret_ref` is the opaque keychain account.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    // Integrations, connections, settings and audit trail.
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE integrations (
          platform TEXT PRIMARY KEY NOT NULL,
          enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
          client_id TEXT,
          options_json TEXT NOT NULL DEFAULT '{}',
          secret_ref TEXT UNIQUE,
          secret_fingerprints_json TEXT NOT NULL DEFAULT '{}',
          configured_at TEXT,
          updated_at TEXT
        ) STRICT;

        CREATE TABLE connections (
          id TEXT PRIMARY KEY NOT NULL,
          platform TEXT NOT NULL REFERENCES integrations(platform) ON DELETE RESTRICT,
          label TEXT NOT NULL,
          external_id TEXT,
          region TEXT,
          status TEXT NOT NULL,
          scopes_json TEXT NOT NULL DEFAULT '[]',
          token_expires_at TEXT,
          secret_ref TEXT UNIQUE,
          secret_fingerprint TEXT,
          created_at TEXT NOT NULL,
          last_verified_at TEXT,
          last_error TEXT
        ) STRICT;
        CREATE INDEX connections_by_platform ON connections(platform, status);

        CREATE TABLE settings (
          key TEXT PRIMARY KEY NOT NULL,
          value_json TEXT NOT NULL
        ) STRICT;

        CREATE TABLE audit_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          target TEXT NOT NULL,
          outcome TEXT NOT NULL CHECK (outcome IN ('success', 'refused', 'failed')),
          detail_json TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE INDEX audit_events_by_time ON audit_events(at);
      `);
    },
  },
  {
    // Connection servers, refresh-token expiry, requested scopes, secret kind.
    version: 2,
    up(db) {
      db.exec(`
        ALTER TABLE connections ADD COLUMN kind TEXT NOT NULL DEFAULT 'oauth' CHECK (kind IN ('oauth', 'apiKey'));
        ALTER TABLE connections ADD COLUMN server_json TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE connections ADD COLUMN refresh_expires_at TEXT;
        ALTER TABLE connections ADD COLUMN scopes_requested_json TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE connections ADD COLUMN secret_had_whitespace INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX connections_by_external_id ON connections(platform, external_id);
      `);
    },
  },
  {
    // When each secret was last set, for the review.
    version: 3,
    up(db) {
      db.exec(`
        ALTER TABLE connections ADD COLUMN secret_set_at TEXT;
        UPDATE connections SET secret_set_at = created_at;
        ALTER TABLE integrations ADD COLUMN secret_set_at TEXT;
        UPDATE integrations SET secret_set_at = configured_at;
        CREATE INDEX audit_events_by_target ON audit_events(target, id);
      `);
    },
  },
  {
    // This app’s file mark, keychain write intents, integration secret problems.
    version: 4,
    up(db) {
      // Marks the file as Integration Desk's, so a later open can tell it from someone else's SQLite file.
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.exec(`
        ALTER TABLE integrations ADD COLUMN secret_problem TEXT CHECK (secret_problem IN ('missing', 'mismatch'));

        CREATE TABLE secret_intents (
          account TEXT PRIMARY KEY NOT NULL,
          action TEXT NOT NULL CHECK (action IN ('write', 'delete')),
          owner_kind TEXT NOT NULL CHECK (owner_kind IN ('integration', 'connection')),
          owner_id TEXT NOT NULL,
          recovery TEXT NOT NULL CHECK (recovery IN ('rollBack', 'rollForward')),
          fingerprint TEXT,
          row_json TEXT NOT NULL DEFAULT '{}',
          boot_id TEXT,
          created_at TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 5,
    up(db) {
      // The provider user a Zoho link belongs to becomes a column of its own, out of server_json:
      // the review and the token-cap count read it for every row, and json_extract parses the
      // JSON each time. Malformed JSON is left as it is: json_type() fails on it, so a CASE (which
      // promises its order, where AND does not) checks it first.
      db.exec(`
        ALTER TABLE connections ADD COLUMN owner_key TEXT;
        UPDATE connections
           SET owner_key = json_extract(server_json, '$.ownerKey'),
               server_json = json_remove(server_json, '$.ownerKey')
         WHERE CASE WHEN json_valid(server_json) THEN json_type(server_json, '$.ownerKey') END = 'text';
        CREATE INDEX connections_by_owner ON connections(platform, owner_key) WHERE kind = 'oauth';
      `);
      // A secret write interrupted before this version rolls its row forward from these columns.
      const intents = db
        .prepare(
          `SELECT account, row_json FROM secret_intents
            WHERE owner_kind = 'connection'
              AND CASE WHEN NOT json_valid(row_json) THEN 0
                       WHEN json_type(row_json, '$.server_json') IS NOT 'text' THEN 0
                       WHEN NOT json_valid(json_extract(row_json, '$.server_json')) THEN 0
                       ELSE json_type(json_extract(row_json, '$.server_json'), '$.ownerKey') = 'text' END`,
        )
        .all() as { account: string; row_json: string }[];
      const rewrite = db.prepare('UPDATE secret_intents SET row_json = ? WHERE account = ?');
      for (const intent of intents) {
        const row = JSON.parse(intent.row_json) as { server_json: string };
        const { ownerKey, ...server } = JSON.parse(row.server_json) as { ownerKey: string };
        rewrite.run(
          JSON.stringify({ ...row, server_json: JSON.stringify(server), owner_key: ownerKey }),
          intent.account,
        );
      }
    },
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
