import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import {
  BACKUP_EVERY_MS,
  backUpDatabase,
  backUpIfDue,
  backups,
  KEEP_BACKUPS,
} from '../../src/main/services/store/backups';
import { openAppDatabase } from '../../src/main/services/store/database';
import { APPLICATION_ID, LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/main/services/store/migrations';
import { tempDir, testServices } from './support/temp';

// Real SQLite files throughout: each copy is opened as SQLite would open it after a restore.

const at = (iso: string) => new Date(iso);

function seeded() {
  const file = join(tempDir(), 'integration-desk.sqlite');
  const { db } = openAppDatabase(file);
  const insert = db.prepare('INSERT INTO settings (key, value_json) VALUES (?, \'"x"\')');
  for (let i = 0; i < 200; i++) insert.run(`key-${i}`);
  return { file, db };
}

function opened(path: string) {
  const copy = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: copy.pragma('integrity_check', { simple: true }),
      settings: copy.prepare('SELECT count(*) FROM settings').pluck().get(),
      version: copy.pragma('user_version', { simple: true }),
    };
  } finally {
    copy.close();
  }
}

describe('copies of the database', () => {
  it('are whole databases that open, pass integrity_check and hold the same rows; owner-only', () => {
    const { db } = seeded();
    const folder = join(tempDir(), 'backups');
    const name = backUpDatabase(db, folder, at('2026-12-07T23:27:05.123Z'), 'daily');
    expect(name).toBe('integration-desk-20261207T232705123Z-daily.sqlite');
    expect(opened(join(folder, name))).toEqual({
      integrity: 'ok',
      settings: db.prepare('SELECT count(*) FROM settings').pluck().get(),
      version: LATEST_SCHEMA_VERSION,
    });
    // A single file: no -wal to carry along.
    expect(readdirSync(folder)).toEqual([name]);
    if (process.platform !== 'win32') {
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      expect(statSync(join(folder, name)).mode & 0o777).toBe(0o600);
    }
    db.close();
  });

  it('taken while another connection is writing, hold what was committed and nothing half-written', async () => {
    const { file, db } = seeded();
    // Another writer inserts 500 rows in a transaction it has not committed yet.
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const Database = require(workerData.module);
       const db = new Database(workerData.file);
       db.exec('BEGIN IMMEDIATE');
       const insert = db.prepare("INSERT INTO settings (key, value_json) VALUES (?, '1')");
       for (let i = 0; i < 500; i++) insert.run('pending-' + i);
       parentPort.postMessage('writing');
       parentPort.once('message', () => { db.exec('COMMIT'); db.close(); parentPort.postMessage('done'); });`,
      { eval: true, workerData: { file, module: require.resolve('better-sqlite3') } },
    );
    await new Promise((ok) => worker.once('message', ok));
    const folder = join(tempDir(), 'backups');
    const during = backUpDatabase(db, folder, at('2026-12-07T10:00:00.000Z'), 'daily');
    worker.postMessage('commit');
    await new Promise((ok) => worker.once('message', ok));
    await worker.terminate();
    expect(opened(join(folder, during))).toMatchObject({ integrity: 'ok', settings: 200 });
    const after = backUpDatabase(db, folder, at('2026-12-07T11:00:00.000Z'), 'daily');
    expect(opened(join(folder, after))).toMatchObject({ integrity: 'ok', settings: 700 });
    db.close();
  });

  it(`keep the newest ${KEEP_BACKUPS}, leave other files alone, and clear a copy cut short`, () => {
    const { db } = seeded();
    const folder = join(tempDir(), 'backups');
    backUpDatabase(db, folder, at('2026-12-01T00:00:00.000Z'), 'daily');
    // Files that are not copies, however alike their names, are neither counted nor removed.
    const others = [
      'integration-desk-20261201T000000000Z-daily.sqlite.old',
      'my-integration-desk-20261201T000000000Z-daily.sqlite',
      'notes.txt',
    ];
    for (const name of others) writeFileSync(join(folder, name), 'kept');
    writeFileSync(join(folder, 'integration-desk-20261201T120000000Z-daily.sqlite.partial'), 'cut short');
    for (let day = 2; day <= 7; day++)
      backUpDatabase(db, folder, at(`2026-12-0${day}T00:00:00.000Z`), 'daily');
    expect(backups(folder).map((b) => b.at.toISOString().slice(0, 10))).toEqual([
      '2026-12-07',
      '2026-12-06',
      '2026-12-05',
      '2026-12-04',
      '2026-12-03',
    ]);
    expect(
      readdirSync(folder)
        .filter((n) => !/^integration-desk-.*-daily\.sqlite$/.test(n))
        .sort(),
    ).toEqual(others);
    db.close();
  });

  it('leave nothing behind when the copy fails', () => {
    const { db } = seeded();
    db.close();
    const folder = join(tempDir(), 'backups');
    expect(() => backUpDatabase(db, folder, at('2026-12-07T00:00:00.000Z'), 'daily')).toThrow(/not open/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('are made once a day: at the first start, not again within the day, again after it', () => {
    const { db } = seeded();
    const folder = join(tempDir(), 'backups');
    const first = at('2026-12-07T08:00:00.000Z');
    expect(backUpIfDue(db, folder, first)).toBe('integration-desk-20261207T080000000Z-daily.sqlite');
    expect(backUpIfDue(db, folder, new Date(first.getTime() + BACKUP_EVERY_MS - 1))).toBeNull();
    expect(backUpIfDue(db, folder, new Date(first.getTime() + BACKUP_EVERY_MS))).toMatch(/-daily\.sqlite$/);
    expect(backups(folder)).toHaveLength(2);
    db.close();
  });

  it('are made before a migration, of the database as it was; not for a new database nor one already current', () => {
    const folder = join(tempDir(), 'data');
    const file = join(folder, 'integration-desk.sqlite');
    const backupsFolder = join(folder, 'backups');
    // A database of the version before the last, as the previous release left it.
    const older = openAppDatabase(file, {
      migrations: MIGRATIONS.filter((m) => m.version < LATEST_SCHEMA_VERSION),
    });
    older.db.prepare("INSERT INTO settings (key, value_json) VALUES ('theme', '\"dark\"')").run();
    older.db.close();
    const now = () => at('2026-12-07T12:00:00.000Z');
    const upgraded = openAppDatabase(file, { backupsFolder, now });
    expect(upgraded.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    upgraded.db.close();
    const [copy, ...more] = backups(backupsFolder);
    expect(more).toEqual([]);
    expect(copy).toMatchObject({ reason: 'beforeMigration', at: now() });
    expect(opened(join(backupsFolder, copy!.name))).toEqual({
      integrity: 'ok',
      settings: 1,
      version: LATEST_SCHEMA_VERSION - 1,
    });
    // Opened again (current now), and a new database elsewhere: no copy.
    openAppDatabase(file, { backupsFolder, now }).db.close();
    const fresh = join(tempDir(), 'new');
    openAppDatabase(join(fresh, 'integration-desk.sqlite'), {
      backupsFolder: join(fresh, 'backups'),
      now,
    }).db.close();
    expect(backups(backupsFolder)).toHaveLength(1);
    expect(existsSync(join(fresh, 'backups'))).toBe(false);
  });

  it('are made once before an upgrade of several versions, of the database as it was before the first', () => {
    const folder = join(tempDir(), 'data');
    const file = join(folder, 'integration-desk.sqlite');
    const backupsFolder = join(folder, 'backups');
    openAppDatabase(file, {
      migrations: MIGRATIONS.filter((m) => m.version <= LATEST_SCHEMA_VERSION - 2),
    }).db.close();
    openAppDatabase(file, { backupsFolder }).db.close();
    const [copy, ...more] = backups(backupsFolder);
    expect(more).toEqual([]);
    expect(opened(join(backupsFolder, copy!.name)).version).toBe(LATEST_SCHEMA_VERSION - 2);
  });

  it('are not made of a file that was created but never given a version (nothing to keep)', () => {
    const folder = tempDir();
    const file = join(folder, 'integration-desk.sqlite');
    const blank = new Database(file);
    blank.exec('CREATE TABLE scratch (x); DROP TABLE scratch;');
    blank.close();
    const { db } = openAppDatabase(file, { backupsFolder: join(folder, 'backups') });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
    expect(existsSync(join(folder, 'backups'))).toBe(false);
  });

  it("the app's services make the day's copy in the data folder's backups folder", () => {
    const dataDir = tempDir();
    const services = testServices({ dataDir, clock: () => at('2026-12-07T09:30:00.000Z') });
    expect(services.backUpIfDue()).toBe('integration-desk-20261207T093000000Z-daily.sqlite');
    expect(services.backUpIfDue()).toBeNull();
    expect(readdirSync(join(dataDir, 'backups'))).toEqual([
      'integration-desk-20261207T093000000Z-daily.sqlite',
    ]);
    services.close();
  });
});

describe('a data file that cannot be used', () => {
  /** The data folder with two daily copies (a theme, then a language, saved between them) and its file. */
  function withCopies() {
    const folder = tempDir();
    const file = join(folder, 'integration-desk.sqlite');
    const backupsFolder = join(folder, 'backups');
    const { db } = openAppDatabase(file);
    const save = db.prepare('INSERT OR REPLACE INTO settings (key, value_json) VALUES (?, ?)');
    save.run('theme', '"dark"');
    const older = backUpDatabase(db, backupsFolder, at('2026-12-05T08:00:00.000Z'), 'daily');
    save.run('language', '"fr-CA"');
    const newer = backUpDatabase(db, backupsFolder, at('2026-12-06T08:00:00.000Z'), 'daily');
    db.close();
    return { folder, file, backupsFolder, older, newer };
  }
  const keys = (db: Database.Database) =>
    db.prepare("SELECT key FROM settings WHERE key IN ('theme', 'language') ORDER BY key").pluck().all();

  it('is moved aside and the newest sound copy is put in its place, named for the first screen; the copy stays', () => {
    const { folder, file, backupsFolder, newer } = withCopies();
    writeFileSync(file, 'not a database at all, the disk failed here');
    const now = () => at('2026-12-07T09:00:00.000Z');
    const { db, movedAside } = openAppDatabase(file, { backupsFolder, now });
    expect(movedAside).toEqual({
      fileName: 'integration-desk.sqlite.corrupt-2026-12-07T09-00-00-000Z',
      at: '2026-12-07T09:00:00.000Z',
      reason: 'corrupt',
      restoredFrom: newer,
    });
    expect(keys(db)).toEqual(['language', 'theme']);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(existsSync(join(folder, movedAside!.fileName))).toBe(true);
    expect(backups(backupsFolder).map((b) => b.name)).toContain(newer);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    // No restore leftovers beside the file.
    expect(readdirSync(folder).filter((n) => n.includes('.new-'))).toEqual([]);
  });

  it("passes over what only looks like a sound copy: damaged, from a newer version, a folder, another program's", () => {
    const { file, backupsFolder, older, newer } = withCopies();
    // The newest real copy: its second page overwritten (its header still reads as this app's).
    const damaged = readFileSync(join(backupsFolder, newer));
    const pageSize = damaged.readUInt16BE(16);
    damaged.fill(0x5a, pageSize, pageSize * 2);
    writeFileSync(join(backupsFolder, newer), damaged);
    // Newer still, each named as a copy: not a database at all, a newer version's, a folder, another program's.
    const named = (day: string) =>
      join(backupsFolder, `integration-desk-202612${day}T000000000Z-daily.sqlite`);
    writeFileSync(named('07'), 'damaged copy');
    const future = new Database(named('08'));
    future.pragma(`application_id = ${APPLICATION_ID}`);
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    future.close();
    mkdirSync(named('09'));
    const foreign = new Database(named('10'));
    foreign.exec("CREATE TABLE notes (text); INSERT INTO notes VALUES ('another program');");
    foreign.close();
    writeFileSync(file, '');
    const { db, movedAside } = openAppDatabase(file, { backupsFolder });
    expect(movedAside).toMatchObject({ reason: 'empty', restoredFrom: older });
    expect(keys(db)).toEqual(['theme']);
    db.close();
  });

  it('starts a new database when there is no sound copy, and says so', () => {
    const folder = tempDir();
    const file = join(folder, 'integration-desk.sqlite');
    writeFileSync(file, 'not a database');
    const { db, movedAside } = openAppDatabase(file, { backupsFolder: join(folder, 'backups') });
    expect(movedAside).toMatchObject({ reason: 'corrupt' });
    expect(movedAside).not.toHaveProperty('restoredFrom');
    expect(db.prepare('SELECT count(*) FROM settings').pluck().get()).toBe(0);
    db.close();
  });

  it("the app's first screen and audit trail name the copy put in place", () => {
    const { folder, file, newer } = withCopies();
    writeFileSync(file, 'not a database');
    const services = testServices({ dataDir: folder });
    expect(services.startupNotices().notices).toEqual([
      expect.objectContaining({ kind: 'databaseMovedAside', reason: 'corrupt', restoredFrom: newer }),
    ]);
    expect(services.settings.get()).toMatchObject({ theme: 'dark', language: 'fr-CA' });
    expect(services.review.auditEvents({ action: 'database.', limit: 5 })).toMatchObject([
      { action: 'database.movedAside', detail: { reason: 'corrupt', restoredFrom: newer } },
    ]);
    expect(services.logLines.join('\n')).toContain(`"restoredFrom":"${newer}"`);
    services.close();
  });
});
