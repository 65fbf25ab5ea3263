import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

import Database from 'better-sqlite3';

import {
  DatabaseFromFutureError,
  DatabaseOpenError,
  isBusyError,
  isCorruptionError,
  isHotJournalError,
  isReadOnlyError,
  type DatabaseOpenFailure,
} from './errors';
import { backUpDatabase, backups } from './backups';
import { readSettledHeader } from './file-header';
import { APPLICATION_ID, LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface OpenDatabaseOptions {
  busyTimeoutMs?: number;
  migrations?: readonly Migration[];
  /** Used to name a file moved aside, and a copy. */
  now?: () => Date;
  /** Where a copy of an existing database is made before its first pending migration (none: no copy). */
  backupsFolder?: string;
}

export interface OpenedDatabase {
  db: Database.Database;
  /**
   * Set when the previous file was unreadable or empty and was moved aside; `restoredFrom` names
   * the copy put in its place (the newest sound one), absent when a new database was started.
   */
  movedAside?: { fileName: string; at: string; reason: 'corrupt' | 'empty'; restoredFrom?: string };
}

/** Tables every Integration Desk database has had since its first version. */
const CORE_TABLES = ['integrations', 'connections', 'settings', 'audit_events'];

/**
 * Opens (creating if needed) the app database with the house settings, checks
 * it, and migrates it. The existing file is first examined through a read-only
 * connection, and refused untouched (no WAL switch, no checkpoint, no chmod)
 * when it belongs to another program, comes from a newer version, or is busy.
 * A damaged or empty file is moved aside with its -wal and -shm (never
 * deleted) and a new database is started; the caller must tell the user.
 * Every refusal is a DatabaseOpenError naming its reason and path.
 */
export function openAppDatabase(file: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const now = options.now ?? (() => new Date());
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = options.migrations
    ? Math.max(0, ...migrations.map((m) => m.version))
    : LATEST_SCHEMA_VERSION;
  const folder = dirname(file);
  prepareFolder(folder);

  let movedAside: OpenedDatabase['movedAside'];
  let check = false;
  const found = examine(file);
  if (found === 'empty') {
    movedAside = moveAside(file, 'empty', now());
  } else if (found === 'file') {
    // Left by another account, say: named as such rather than failing on the first read.
    requireAccess(file, constants.R_OK, 'unreadableFile');
    // This app's own settled file is recognised from its header alone, so the checks a read-only
    // connection would make run on the connection kept for use: one open instead of two.
    const header = readSettledHeader(file);
    if (header?.applicationId === APPLICATION_ID) {
      if (header.userVersion > latest) throw new DatabaseFromFutureError(header.userVersion, latest, file);
      check = true;
    } else if (!isSound(file, latest, options.busyTimeoutMs)) {
      movedAside = moveAside(file, 'corrupt', now());
    }
    // Refused before the permissions are tightened or SQLite switches the file to WAL. (After a move
    // aside the folder was just found writable.)
    requireAccess(folder, constants.W_OK, 'readOnlyFolder');
  }
  const { backupsFolder } = options;
  if (movedAside) movedAside = restoreOrCreate(file, migrations, latest, movedAside, backupsFolder);
  else if (found === 'missing') createDatabase(file, migrations);
  const beforeUpgrade = backupsFolder
    ? (db: Database.Database) => {
        backUpDatabase(db, backupsFolder, now(), 'beforeMigration');
      }
    : undefined;
  const opened = openForUse(file, migrations, options.busyTimeoutMs, check, beforeUpgrade);
  if (opened !== 'corrupt') return movedAside ? { db: opened, movedAside } : { db: opened };
  const setAside = restoreOrCreate(
    file,
    migrations,
    latest,
    moveAside(file, 'corrupt', now()),
    backupsFolder,
  );
  return { db: openForUse(file, migrations, options.busyTimeoutMs), movedAside: setAside };
}

/**
 * After a file was moved aside: puts the newest sound copy (store/backups.ts) in its place, or
 * starts a new database when there is none. A copy is restored through a temporary name, as a
 * new database is built, and only once SQLite finds it this app's, not newer, and whole.
 */
function restoreOrCreate(
  file: string,
  migrations: readonly Migration[],
  latest: number,
  movedAside: NonNullable<OpenedDatabase['movedAside']>,
  backupsFolder: string | undefined,
): NonNullable<OpenedDatabase['movedAside']> {
  const copies = backupsFolder
    ? backups(backupsFolder).map(({ name }) => ({ name, path: join(backupsFolder, name) }))
    : [];
  for (const copy of copies) {
    const temporary = temporaryName(file);
    try {
      copyFileSync(copy.path, temporary);
      chmodSync(temporary, 0o600);
      if (isRestorable(temporary, latest)) {
        renameSync(temporary, file);
        return { ...movedAside, restoredFrom: copy.name };
      }
    } catch {
      // An unreadable copy is passed over like a damaged one.
    }
    rmSync(temporary, { force: true });
  }
  createDatabase(file, migrations);
  return movedAside;
}

/** A copy is put in place only when the examination of an existing file would keep it: this app's, not newer, whole. */
function isRestorable(file: string, latest: number): boolean {
  try {
    return isSound(file, latest);
  } catch {
    // Another program's file or a newer version's: refused as a data file is, passed over as a copy.
    return false;
  }
}

/** The folder is made 0700 if it does not exist; an existing one is used as it is. */
function prepareFolder(folder: string): void {
  let stats: Stats | undefined;
  // A file in the way of a parent folder fails the stat itself (ENOTDIR), not only the mkdir.
  try {
    stats = statSync(folder, { throwIfNoEntry: false });
    if (!stats) {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      chmodSync(folder, 0o700);
      stats = statSync(folder);
    }
  } catch (error) {
    throw new DatabaseOpenError(folderFailure(error), folder);
  }
  if (!stats.isDirectory()) throw new DatabaseOpenError('notAFolder', folder);
  // Another account's folder (made by a run with sudo, say) cannot even be looked in: named, not a raw EACCES.
  requireAccess(folder, constants.R_OK | constants.X_OK, 'readOnlyFolder');
}

function folderFailure(error: unknown): DatabaseOpenFailure {
  const code = (error as { code?: string }).code;
  return code === 'ENOTDIR' || code === 'EEXIST' ? 'notAFolder' : 'readOnlyFolder';
}

function requireAccess(path: string, mode: number, failure: DatabaseOpenFailure): void {
  try {
    accessSync(path, mode);
  } catch {
    throw new DatabaseOpenError(failure, path);
  }
}

function examine(file: string): 'missing' | 'empty' | 'file' {
  const stats = statSync(file, { throwIfNoEntry: false });
  if (!stats) {
    // Only a dangling symbolic link is found by lstat and not by stat: still something in the file's place.
    if (lstatSync(file, { throwIfNoEntry: false })) throw new DatabaseOpenError('notAFile', file);
    return 'missing';
  }
  if (!stats.isFile()) throw new DatabaseOpenError('notAFile', file);
  return stats.size === 0 ? 'empty' : 'file';
}

/**
 * Looks at an existing file through a read-only connection, which never
 * switches the journal mode or checkpoints a -wal: is it this app's, from which
 * version, and sound? Throws for files to refuse; answers false for a damaged one.
 */
function isSound(file: string, latest: number, busyTimeoutMs?: number): boolean {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, {
      readonly: true,
      fileMustExist: true,
      timeout: busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    });
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    if (!isOurs(applicationId, version, tables)) throw new DatabaseOpenError('foreign', file);
    if (version > latest) throw new DatabaseFromFutureError(version, latest, file);
    return db.pragma('quick_check', { simple: true }) === 'ok';
  } catch (error) {
    if (isCorruptionError(error)) return false;
    throw asOpenError(error, file);
  } finally {
    // Left open, the connection would keep a handle on a file that may be moved aside next (Windows refuses that).
    db?.close();
  }
}

function isOurs(applicationId: number, version: number, tables: string[]): boolean {
  if (applicationId === APPLICATION_ID) return true;
  if (applicationId !== 0) return false;
  // Files from before the mark: this app's tables; or nothing at all yet (created, never migrated).
  if (tables.length === 0) return version === 0;
  return CORE_TABLES.every((t) => tables.includes(t));
}

/**
 * A new database is built under a temporary name and renamed into place once
 * migrated, so the path never holds a half-made file. It is created 0600
 * before SQLite opens it: SQLite creates files 0644 minus the umask, and the
 * -wal and -shm copy the database's mode.
 */
function createDatabase(file: string, migrations: readonly Migration[]): void {
  // Only a creation can leave one behind, and one cut short leaves no file: so the next start creates.
  removeUnfinishedCreations(file);
  const temporary = temporaryName(file);
  try {
    // The umask can only remove bits from 0600.
    closeSync(openSync(temporary, 'wx', 0o600));
  } catch {
    throw new DatabaseOpenError('readOnlyFolder', dirname(file));
  }
  const db = new Database(temporary);
  try {
    migrate(db, migrations);
    db.pragma(`application_id = ${APPLICATION_ID}`);
  } finally {
    // Windows renames no file that is still open.
    db.close();
  }
  renameSync(temporary, file);
}

/** Where a database is built or restored before it is renamed into place (cleared if left behind). */
function temporaryName(file: string): string {
  return `${file}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Leftovers of a creation cut short (never a user's data: the rename had not happened). */
function removeUnfinishedCreations(file: string): void {
  const prefix = `${basename(file)}.new-`;
  const folder = dirname(file);
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (name.startsWith(prefix) && lstatSync(path).isFile()) unlinkSync(path);
  }
}

/**
 * Opens this app's own file for use: tightened permissions, house settings, migrations. With
 * `check` (a file recognised from its header, whose version was compared there), it first runs
 * the read-only examination's `quick_check` on this connection, before anything is written: a
 * damaged file comes back as 'corrupt' for the caller to move aside. Without it, damage is refused.
 */
function openForUse(
  file: string,
  migrations: readonly Migration[],
  busyTimeoutMs?: number,
): Database.Database;
function openForUse(
  file: string,
  migrations: readonly Migration[],
  busyTimeoutMs: number | undefined,
  check: boolean,
  beforeUpgrade?: (db: Database.Database) => void,
): Database.Database | 'corrupt';
function openForUse(
  file: string,
  migrations: readonly Migration[],
  busyTimeoutMs?: number,
  check?: boolean,
  beforeUpgrade?: (db: Database.Database) => void,
): Database.Database | 'corrupt' {
  requireAccess(file, constants.W_OK, 'readOnlyFile');
  tightenPermissions(file);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, timeout: busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
    if (check && db.pragma('quick_check', { simple: true }) !== 'ok') {
      db.close();
      return 'corrupt';
    }
    applyConnectionSettings(db);
    migrate(db, migrations, beforeUpgrade);
    return db;
  } catch (error) {
    db?.close();
    if (!isCorruptionError(error)) throw asOpenError(error, file);
    if (check) return 'corrupt';
    throw new DatabaseOpenError('corrupt', file);
  }
}

/**
 * Group and other lose any access to this app's own files (a copy restored
 * with 0644, say); nothing is ever granted, so a file made read-only stays so.
 */
function tightenPermissions(file: string): void {
  if (process.platform === 'win32') return;
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (!stats?.isFile()) continue;
    const mode = stats.mode & 0o777;
    if (!(mode & 0o077)) continue;
    try {
      chmodSync(path, mode & 0o700);
    } catch {
      // Another account's file (left by a run with sudo, say): its mode is not this user's to change.
      // Refused, named, when this user cannot write it either; otherwise used as it is.
      requireAccess(path, constants.W_OK, 'readOnlyFile');
    }
  }
}

function asOpenError(error: unknown, file: string): unknown {
  if (isBusyError(error)) return new DatabaseOpenError('busy', file);
  if (isHotJournalError(error)) return new DatabaseOpenError('foreign', file);
  if (!isReadOnlyError(error)) return error;
  // SQLite needs to create the -wal and -shm beside the file: a read-only folder shows up here too
  // (before the folder's own check, for a file it could not read without them), and so does a -wal
  // or -shm another account left (named, rather than the file).
  const folder = dirname(file);
  if (!canWrite(folder)) return new DatabaseOpenError('readOnlyFolder', folder);
  const blocked = [`${file}-wal`, `${file}-shm`].find((path) => existsSync(path) && !canWrite(path));
  return new DatabaseOpenError('readOnlyFile', blocked ?? file);
}

function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Settings that live on the connection, so they are applied on every open. */
function applyConnectionSettings(db: Database.Database): void {
  // One exec rather than five prepared statements: the open is on the start-up path.
  db.exec(
    'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; ' +
      'PRAGMA trusted_schema = OFF; PRAGMA secure_delete = ON;',
  );
}

/**
 * Applies each pending migration and its version bump in one transaction. `beforeUpgrade` runs
 * once before the first of them on a database that has a version already (not a new one).
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
  beforeUpgrade?: (db: Database.Database) => void,
): void {
  let version = db.pragma('user_version', { simple: true }) as number;
  let upgrading = version > 0;
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= version) continue;
    if (upgrading) beforeUpgrade?.(db);
    upgrading = false;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
    version = migration.version;
  }
}

/** Moves the file and its -wal and -shm aside as `<name>.corrupt-<time>` (or `.empty-<time>`). */
function moveAside(
  file: string,
  reason: 'corrupt' | 'empty',
  at: Date,
): NonNullable<OpenedDatabase['movedAside']> {
  try {
    accessSync(dirname(file), constants.W_OK);
  } catch {
    // A damaged file that cannot be set aside is named itself; an empty one only needs a writable folder.
    throw reason === 'corrupt'
      ? new DatabaseOpenError('corrupt', file)
      : new DatabaseOpenError('readOnlyFolder', dirname(file));
  }
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const target = `${file}.${reason}-${stamp}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return { fileName: basename(target), at: at.toISOString(), reason };
}
