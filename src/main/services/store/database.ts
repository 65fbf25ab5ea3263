import { chmodSync, closeSync, existsSync, mkdirSync, openSync, renameSync } from 'node:fs';
import { basename, dirname } from 'node:path';

import Database from 'better-sqlite3';

import { DatabaseFromFutureError, isCorruptionError } from './errors';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface OpenDatabaseOptions {
  busyTimeoutMs?: number;
  migrations?: readonly Migration[];
  /** Used to name a corrupt file moved aside. */
  now?: () => Date;
}

export interface OpenedDatabase {
  db: Database.Database;
  /** Set when the previous file was unreadable and was moved aside before starting a new one. */
  movedAside?: { fileName: string; at: string };
}

/**
 * Opens (creating if needed) the app database with the house settings, checks it,
 * and migrates it. A corrupt file is moved aside (never deleted) together with its
 * -wal and -shm, and a new database is started; the caller must tell the user.
 * A database from a newer app version is refused and left byte-for-byte untouched.
 */
export function openAppDatabase(file: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const now = options.now ?? (() => new Date());
  try {
    return { db: openAndMigrate(file, options) };
  } catch (error) {
    if (!isCorruptionError(error)) throw error;
    const at = now();
    const fileName = moveAside(file, at);
    return { db: openAndMigrate(file, options), movedAside: { fileName, at: at.toISOString() } };
  }
}

function openAndMigrate(file: string, options: OpenDatabaseOptions): Database.Database {
  prepareFile(file);
  const db = new Database(file, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  try {
    // Read the version before any write: a newer file must not be modified, not even to switch to WAL.
    const version = db.pragma('user_version', { simple: true }) as number;
    const migrations = options.migrations ?? MIGRATIONS;
    const latest = options.migrations
      ? Math.max(0, ...migrations.map((m) => m.version))
      : LATEST_SCHEMA_VERSION;
    if (version > latest) throw new DatabaseFromFutureError(version, latest);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok')
      throw Object.assign(new Error(`quick_check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
    applyConnectionSettings(db);
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Settings that live on the connection, so they are applied on every open. */
function applyConnectionSettings(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('trusted_schema = OFF');
  db.pragma('secure_delete = ON');
}

/** Applies each pending migration and its version bump in one transaction. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): void {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  for (const migration of ordered) {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/**
 * SQLite creates files 0644 minus umask and the -wal/-shm copy the database's
 * mode, so the folder (0700) and the file (0600) are made before the first open.
 */
function prepareFile(file: string): void {
  const folder = dirname(file);
  if (!existsSync(folder)) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    chmodSync(folder, 0o700);
  }
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  if (process.platform !== 'win32') chmodSync(file, 0o600);
}

function moveAside(file: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const target = `${file}.corrupt-${stamp}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return basename(target);
}
