import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { migrate, openAppDatabase } from '../../src/main/services/store/database';
import {
  DatabaseFromFutureError,
  DatabaseOpenError,
  isBusyError,
  isCorruptionError,
  isReadOnlyError,
} from '../../src/main/services/store/errors';
import {
  APPLICATION_ID,
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  type Migration,
} from '../../src/main/services/store/migrations';
import { formatLogLine } from '../../src/main/services/log';
import { tempDir } from './support/temp';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('opening the app database', () => {
  it('applies the house settings on every open and reads them back', () => {
    const file = join(tempDir(), 'data', 'app.sqlite');
    const { db } = openAppDatabase(file, { busyTimeoutMs: 4321 });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('trusted_schema', { simple: true })).toBe(0);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(4321);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it.skipIf(process.platform === 'win32')(
    'creates the folder 0700 and the database, -wal and -shm 0600',
    () => {
      const folder = join(tempDir(), 'fresh');
      const file = join(folder, 'app.sqlite');
      const { db } = openAppDatabase(file);
      db.prepare("INSERT INTO settings (key, value_json) VALUES ('theme', '\"dark\"')").run();
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      for (const suffix of ['', '-wal', '-shm']) {
        expect(existsSync(file + suffix)).toBe(true);
        expect(statSync(file + suffix).mode & 0o777).toBe(0o600);
      }
      db.close();
    },
  );

  it('enforces foreign keys', () => {
    const { db } = openAppDatabase(join(tempDir(), 'app.sqlite'));
    expect(() =>
      db
        .prepare(
          "INSERT INTO connections (id, platform, label, status, created_at) VALUES ('c1', 'zohobooks', 'x', 'linked', 'now')",
        )
        .run(),
    ).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }));
    db.close();
  });

  it('refuses a database written by a newer version and leaves it and its -wal byte-for-byte unchanged', () => {
    const folder = tempDir();
    const live = join(folder, 'live.sqlite');
    openAppDatabase(live).db.close();
    // A newer version bumped the schema and died with its last writes still in the -wal: copy both
    // while its connection is open (closing would checkpoint the -wal away).
    const future = new Database(live);
    future.pragma('wal_autocheckpoint = 0');
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    future.exec("INSERT INTO settings (key, value_json) VALUES ('from-the-future', '1')");
    const file = join(folder, 'future.sqlite');
    copyFileSync(live, file);
    copyFileSync(`${live}-wal`, `${file}-wal`);
    future.close();
    const before = [sha256(file), sha256(`${file}-wal`)];
    expect(() => openAppDatabase(file)).toThrow(
      expect.objectContaining({ name: 'DatabaseFromFutureError', reason: 'newer', path: file }),
    );
    expect([sha256(file), sha256(`${file}-wal`)]).toEqual(before);
    expect(readdirSync(folder).filter((f) => f.includes('corrupt'))).toEqual([]);
  });

  it('moves an unreadable file aside (never deleting it) and starts a new database', () => {
    const folder = tempDir();
    const file = join(folder, 'app.sqlite');
    const garbage = Buffer.from('this is not a database '.repeat(400));
    writeFileSync(file, garbage);
    const { db, movedAside } = openAppDatabase(file, { now: () => new Date('2026-11-21T10:00:00Z') });
    expect(movedAside?.fileName).toBe('app.sqlite.corrupt-2026-11-21T10-00-00-000Z');
    expect(readFileSync(join(folder, movedAside!.fileName))).toEqual(garbage);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('treats damaged pages as corruption and recovers by moving the file aside', () => {
    const folder = tempDir();
    const file = join(folder, 'app.sqlite');
    const { db } = openAppDatabase(file);
    const insert = db.prepare(
      'INSERT INTO audit_events (at, actor, action, target, outcome) VALUES (?, ?, ?, ?, ?)',
    );
    for (let i = 0; i < 500; i++) insert.run('t', 'a', 'x'.repeat(100), 'y', 'success');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    db.close();
    const bytes = readFileSync(file);
    bytes.fill(0xa5, 4096 * 2, 4096 * 4); // overwrite pages 3-4
    writeFileSync(file, bytes);
    const reopened = openAppDatabase(file);
    expect(reopened.movedAside).toBeDefined();
    expect(existsSync(join(folder, reopened.movedAside!.fileName))).toBe(true);
    reopened.db.close();
  });

  it('a damaged file is set aside with its -wal and -shm, so the last writes are kept with it', () => {
    // The app stopped with its last write still in the -wal (never checkpointed), then the main
    // file was damaged. The copy set aside must keep that write: a -wal left under the live name
    // belongs to no file any more, and the new database's own writes go over it.
    const live = join(tempDir(), 'live.sqlite');
    const { db: writer } = openAppDatabase(live);
    const insert = writer.prepare(
      'INSERT INTO audit_events (at, actor, action, target, outcome) VALUES (?, ?, ?, ?, ?)',
    );
    for (let i = 0; i < 500; i++) insert.run('t', 'a', 'x'.repeat(100), 'y', 'success');
    writer.pragma('wal_checkpoint(TRUNCATE)');
    writer.pragma('wal_autocheckpoint = 0');
    insert.run('t', 'a', 'the last write', 'y', 'success');
    const folder = tempDir();
    const file = join(folder, 'app.sqlite');
    copyFileSync(live, file);
    copyFileSync(`${live}-wal`, `${file}-wal`);
    copyFileSync(`${live}-shm`, `${file}-shm`);
    writer.close();
    const lastWrites = readFileSync(`${file}-wal`);
    expect(lastWrites.includes('the last write')).toBe(true);
    const bytes = readFileSync(file);
    bytes.fill(0xa5, 4096 * 2, 4096 * 4); // pages 3-4 damaged
    writeFileSync(file, bytes);

    const { db, movedAside } = openAppDatabase(file, { now: () => new Date('2026-11-21T10:00:00Z') });
    const kept = join(folder, movedAside!.fileName);
    expect(movedAside?.reason).toBe('corrupt');
    expect(readFileSync(`${kept}-wal`)).toEqual(lastWrites);
    expect(existsSync(`${kept}-shm`)).toBe(true);
    // The new database starts empty, with nothing of the old one's -wal.
    expect(db.prepare('SELECT count(*) FROM audit_events').pluck().get()).toBe(0);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    expect(readFileSync(`${kept}-wal`)).toEqual(lastWrites);
    expect(readFileSync(file).includes('the last write')).toBe(false);
  });

  it('only SQLITE_CORRUPT and SQLITE_NOTADB count as corruption', () => {
    expect(isCorruptionError({ code: 'SQLITE_CORRUPT' })).toBe(true);
    expect(isCorruptionError({ code: 'SQLITE_NOTADB' })).toBe(true);
    for (const code of ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_READONLY']) {
      expect(isCorruptionError({ code })).toBe(false);
    }
  });

  it('a busy database is an error, not a reason to move the file aside', () => {
    const file = join(tempDir(), 'app.sqlite');
    // Another process holds an exclusive lock on a file not yet in WAL mode: even reads must wait.
    const holder = new Database(file);
    holder.exec('CREATE TABLE other (x)');
    holder.exec('BEGIN EXCLUSIVE');
    holder.exec('INSERT INTO other VALUES (1)');
    expectRefusedAsBusy(file, holder);
  });
});

describe('a database another program is writing to', () => {
  it('is busy, not damaged: refused with its path when the switch to WAL must wait, and kept in place', () => {
    const folder = tempDir();
    const file = join(folder, 'app.sqlite');
    openAppDatabase(file).db.close();
    // This app's file as an older version or a copy left it: rollback journal, so it is checked through SQLite.
    const legacy = new Database(file);
    legacy.pragma('journal_mode = DELETE');
    legacy.close();
    // The other program has begun writing (readers may still come in, but nobody may change the journal).
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    holder.prepare("INSERT INTO settings (key, value_json) VALUES ('other', '1')").run();
    expectRefusedAsBusy(file, holder);
  });

  it('is busy, not damaged, when it holds this app’s own settled file locked during the checks', () => {
    const folder = tempDir();
    const file = join(folder, 'app.sqlite');
    openAppDatabase(file).db.close();
    const holder = new Database(file);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    expectRefusedAsBusy(file, holder);
  });
});

describe('migrations', () => {
  it('are numbered 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('a migration that throws halfway leaves the version and schema unchanged', () => {
    const db = new Database(join(tempDir(), 'm.sqlite'));
    const failing: Migration[] = [
      ...MIGRATIONS,
      {
        version: LATEST_SCHEMA_VERSION + 1,
        up(d) {
          d.exec('CREATE TABLE half_done (x)');
          throw new Error('boom');
        },
      },
    ];
    migrate(db);
    const schemaBefore = db.prepare('SELECT name FROM sqlite_schema ORDER BY name').all();
    expect(() => migrate(db, failing)).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare('SELECT name FROM sqlite_schema ORDER BY name').all()).toEqual(schemaBefore);
    db.close();
  });

  it('migration 1 creates the tables and leaves a sound database', () => {
    const db = new Database(join(tempDir(), 'm1.sqlite'));
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 1),
    );
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(
      expect.arrayContaining(['audit_events', 'connections', 'integrations', 'settings']),
    );
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // STRICT tables refuse a value of the wrong type instead of storing it.
    expect(() =>
      db.prepare("INSERT INTO integrations (platform, enabled) VALUES ('sage', 'yes')").run(),
    ).toThrow();
    db.close();
  });

  it('migration 3 records when each secret was set, starting from what the rows already knew', () => {
    const db = new Database(join(tempDir(), 'm3.sqlite'));
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 2),
    );
    db.prepare(
      "INSERT INTO integrations (platform, enabled, configured_at) VALUES ('sage', 1, '2026-02-01T00:00:00.000Z')",
    ).run();
    db.prepare(
      "INSERT INTO connections (id, platform, label, status, created_at) VALUES ('c1', 'sage', 'Acme', 'linked', '2026-03-01T00:00:00.000Z')",
    ).run();
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 3),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(db.prepare('SELECT secret_set_at FROM connections').pluck().get()).toBe(
      '2026-03-01T00:00:00.000Z',
    );
    expect(db.prepare('SELECT secret_set_at FROM integrations').pluck().get()).toBe(
      '2026-02-01T00:00:00.000Z',
    );
    expect(
      db.prepare("SELECT name FROM sqlite_schema WHERE name = 'audit_events_by_target'").pluck().get(),
    ).toBe('audit_events_by_target');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('migration 2 adds connection servers and expiry to existing rows without losing them', () => {
    const db = new Database(join(tempDir(), 'm2.sqlite'));
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 1),
    );
    db.prepare("INSERT INTO integrations (platform, enabled) VALUES ('sage', 1)").run();
    db.prepare(
      "INSERT INTO connections (id, platform, label, status, created_at) VALUES ('c1', 'sage', 'Acme', 'linked', '2026-01-01')",
    ).run();
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 2),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(
      db
        .prepare(
          'SELECT id, label, kind, server_json, refresh_expires_at, secret_had_whitespace FROM connections',
        )
        .get(),
    ).toEqual({
      id: 'c1',
      label: 'Acme',
      kind: 'oauth',
      server_json: '{}',
      refresh_expires_at: null,
      secret_had_whitespace: 0,
    });
    expect(() => db.prepare("UPDATE connections SET kind = 'password'").run()).toThrow();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('migration 5 moves the provider user out of server_json into its own column, pending writes included', () => {
    const db = new Database(join(tempDir(), 'm5.sqlite'));
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 4),
    );
    db.prepare("INSERT INTO integrations (platform, enabled) VALUES ('zohobooks', 1)").run();
    const connection = db.prepare(
      "INSERT INTO connections (id, platform, label, status, created_at, server_json) VALUES (?, 'zohobooks', ?, 'linked', '2026-01-01', ?)",
    );
    const server = { region: 'eu', tokenEndpoint: 'https://accounts.zoho.eu/oauth/v2/token' };
    connection.run('owned', 'Acme', JSON.stringify({ ...server, ownerKey: 'hmac-sha256:u1' }));
    connection.run('unowned', 'Beta', JSON.stringify(server));
    connection.run('malformed', 'Gamma', '{');
    connection.run('numeric', 'Delta', JSON.stringify({ ownerKey: 7 }));
    const intent = db.prepare(
      "INSERT INTO secret_intents (account, action, owner_kind, owner_id, recovery, row_json, created_at) VALUES (?, 'write', ?, ?, 'rollForward', ?, '2026-01-01')",
    );
    const owned = { label: 'Acme', server_json: JSON.stringify({ ...server, ownerKey: 'hmac-sha256:u1' }) };
    intent.run('connection-a', 'connection', 'owned', JSON.stringify(owned));
    // Left as they are (spaced as no JSON.stringify would write them, so a rewrite would show).
    intent.run('connection-b', 'connection', 'unowned', '{ "label": "Beta", "server_json": "{ }" }');
    intent.run('connection-c', 'connection', 'malformed', '{');
    intent.run('connection-e', 'connection', 'unowned', '{ "label": "Epsilon" }');
    intent.run('connection-f', 'connection', 'unowned', '{ "server_json": { "ownerKey": "u1" } }');
    intent.run('connection-g', 'connection', 'unowned', '{ "server_json": "{" }');
    intent.run('connection-h', 'connection', 'unowned', '{ "server_json": "{ \\"ownerKey\\": 7 }" }');
    intent.run('connection-i', 'connection', 'unowned', '7');
    intent.run('integration-d', 'integration', 'zohobooks', JSON.stringify(owned));
    const intentsBefore = db
      .prepare('SELECT account, row_json FROM secret_intents ORDER BY account')
      .all() as { account: string; row_json: string }[];

    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 5),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(db.prepare('SELECT id, server_json, owner_key FROM connections ORDER BY id').all()).toEqual([
      { id: 'malformed', server_json: '{', owner_key: null },
      { id: 'numeric', server_json: '{"ownerKey":7}', owner_key: null },
      { id: 'owned', server_json: JSON.stringify(server), owner_key: 'hmac-sha256:u1' },
      { id: 'unowned', server_json: JSON.stringify(server), owner_key: null },
    ]);
    const rowJson = (account: string) =>
      db.prepare('SELECT row_json FROM secret_intents WHERE account = ?').pluck().get(account) as string;
    expect(JSON.parse(rowJson('connection-a'))).toEqual({
      label: 'Acme',
      server_json: JSON.stringify(server),
      owner_key: 'hmac-sha256:u1',
    });
    // Only connection intents that held a provider user change.
    expect(db.prepare('SELECT account, row_json FROM secret_intents ORDER BY account').all()).toEqual(
      intentsBefore.map((row) =>
        row.account === 'connection-a' ? { ...row, row_json: rowJson('connection-a') } : row,
      ),
    );
    // The per-user count of live links reads the column through its index.
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM connections WHERE platform = ? AND kind = 'oauth' AND status != 'deleting' AND owner_key IS ?",
      )
      .all('zohobooks', 'hmac-sha256:u1') as { detail: string }[];
    expect(plan.map((step) => step.detail).join(' ')).toContain('connections_by_owner');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('opening an existing database', () => {
  const seeded = (file: string) => {
    const { db } = openAppDatabase(file);
    db.prepare("INSERT INTO settings (key, value_json) VALUES ('language', '\"fr-CA\"')").run();
    db.close();
  };

  it('a sound database is opened as it is: its rows kept, nothing moved aside, no -wal left once closed', () => {
    const folder = tempDir();
    const file = join(folder, 'app.sqlite');
    seeded(file);
    const { db, movedAside } = openAppDatabase(file);
    expect(movedAside).toBeUndefined();
    expect(db.prepare("SELECT value_json FROM settings WHERE key = 'language'").pluck().get()).toBe(
      '"fr-CA"',
    );
    db.close();
    expect(readdirSync(folder).sort()).toEqual(['app.sqlite']);
  });

  it('a database from before the file mark (version 3) is migrated and marked, its rows kept', () => {
    const file = join(tempDir(), 'app.sqlite');
    const old = new Database(file);
    migrate(
      old,
      MIGRATIONS.filter((m) => m.version <= 3),
    );
    old.prepare("INSERT INTO integrations (platform, enabled) VALUES ('sage', 1)").run();
    old.close();
    const { db, movedAside } = openAppDatabase(file);
    expect(movedAside).toBeUndefined();
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.prepare('SELECT platform, enabled, secret_problem FROM integrations').all()).toEqual([
      { platform: 'sage', enabled: 1, secret_problem: null },
    ]);
    expect(db.prepare('SELECT count(*) FROM secret_intents').pluck().get()).toBe(0);
    db.close();
  });

  it('a file this app created but never migrated (no tables, version 0) is taken up, not refused', () => {
    const file = join(tempDir(), 'app.sqlite');
    const bare = new Database(file);
    bare.pragma('journal_mode = DELETE');
    bare.exec('CREATE TABLE t (x); DROP TABLE t;'); // a real header page, and no table left
    bare.close();
    expect(statSync(file).size).toBeGreaterThan(0);
    const { db, movedAside } = openAppDatabase(file);
    expect(movedAside).toBeUndefined();
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it.each([
    [
      'marked by another program, with no tables',
      (d: Database.Database) => d.pragma('application_id = 305419896'),
    ],
    [
      'with no tables but a schema version of its own',
      (d: Database.Database) => d.pragma('user_version = 7'),
    ],
    [
      'holding only some of this app’s table names',
      (d: Database.Database) => d.exec('CREATE TABLE settings (key, value_json)'),
    ],
  ])('refuses, untouched, another program’s file %s', (_, make) => {
    const file = join(tempDir(), 'app.sqlite');
    const other = new Database(file);
    other.pragma('journal_mode = DELETE');
    other.exec('CREATE TABLE t (x); DROP TABLE t;');
    make(other);
    other.close();
    const before = sha256(file);
    expect(() => openAppDatabase(file)).toThrow(expect.objectContaining({ reason: 'foreign', path: file }));
    expect(sha256(file)).toBe(before);
  });

  it('refuses, untouched, another program’s file left in the middle of a write (a hot rollback journal)', () => {
    // This app's files are always in WAL mode, so a rollback journal beside one means another program's.
    // Copying a file and its journal while a write holds them is what a crash in that write leaves.
    const folder = tempDir();
    const live = join(folder, 'other.sqlite');
    const other = new Database(live);
    other.pragma('journal_mode = DELETE');
    other.pragma('cache_size = 1'); // the write spills into the file before it commits
    other.exec('CREATE TABLE notes (body TEXT)');
    other.exec(
      'INSERT INTO notes SELECT hex(randomblob(200)) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000) SELECT x FROM c)',
    );
    other.exec('BEGIN');
    other.exec("UPDATE notes SET body = 'x'");
    const file = join(folder, 'app.sqlite');
    copyFileSync(live, file);
    copyFileSync(`${live}-journal`, `${file}-journal`);
    other.exec('ROLLBACK');
    other.close();
    const before = [sha256(file), sha256(`${file}-journal`)];
    expect(() => openAppDatabase(file)).toThrow(expect.objectContaining({ reason: 'foreign', path: file }));
    expect([sha256(file), sha256(`${file}-journal`)]).toEqual(before);
  });

  it('a migration that fails on an existing database is reported as itself, not as a busy file', () => {
    const file = join(tempDir(), 'app.sqlite');
    seeded(file);
    const failing: Migration[] = [
      ...MIGRATIONS,
      {
        version: LATEST_SCHEMA_VERSION + 1,
        up() {
          throw new Error('the migration failed');
        },
      },
    ];
    expect(() => openAppDatabase(file, { migrations: failing })).toThrow('the migration failed');
    // SQLite's own refusal too: an error of the migration, not a read-only or busy file.
    const badSql: Migration[] = [
      ...MIGRATIONS,
      {
        version: LATEST_SCHEMA_VERSION + 1,
        up(db) {
          db.exec('ALTER TABLE no_such_table ADD COLUMN x TEXT');
        },
      },
    ];
    let thrown: unknown;
    try {
      openAppDatabase(file, { migrations: badSql }).db.close();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'SQLITE_ERROR', message: 'no such table: no_such_table' });
    expect(thrown).not.toBeInstanceOf(DatabaseOpenError);
  });

  it.skipIf(process.platform === 'win32')(
    'a copy restored with its -wal and -shm open to everyone has all three closed to group and others',
    () => {
      const live = join(tempDir(), 'live.sqlite');
      const { db: writer } = openAppDatabase(live);
      writer.pragma('wal_autocheckpoint = 0');
      writer.prepare("INSERT INTO settings (key, value_json) VALUES ('k', '1')").run();
      const file = join(tempDir(), 'app.sqlite');
      for (const suffix of ['', '-wal', '-shm']) {
        copyFileSync(live + suffix, file + suffix);
        chmodSync(file + suffix, 0o644);
      }
      writer.close();
      const { db } = openAppDatabase(file);
      for (const suffix of ['', '-wal', '-shm'])
        expect(statSync(file + suffix).mode & 0o777, suffix).toBe(0o600);
      expect(db.prepare("SELECT value_json FROM settings WHERE key = 'k'").pluck().get()).toBe('1');
      db.close();
    },
  );
});

describe.skipIf(!existsSync('/proc/self/fd'))('closing the database', () => {
  /** The files inside `folder` this process holds open (Linux lists each open file in /proc/self/fd). */
  const openFilesIn = (folder: string) =>
    readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return ''; // the listing's own handle, closed by now
        }
      })
      .filter((path) => path.startsWith(`${folder}/`));

  it('leaves no handle on any of its files, however it was opened (Windows could neither move nor delete them)', () => {
    const folder = tempDir();
    // A new database, built under a temporary name and renamed into place.
    openAppDatabase(join(folder, 'new.sqlite')).db.close();
    // A file from before the mark, examined through a read-only connection first.
    const old = join(folder, 'old.sqlite');
    const before = new Database(old);
    migrate(
      before,
      MIGRATIONS.filter((m) => m.version <= 3),
    );
    before.close();
    openAppDatabase(old).db.close();
    // A damaged file, found so by that connection and moved aside.
    const damaged = join(folder, 'damaged.sqlite');
    writeFileSync(damaged, 'this is not a database '.repeat(400));
    const reopened = openAppDatabase(damaged);
    expect(reopened.movedAside?.reason).toBe('corrupt');
    reopened.db.close();
    expect(openFilesIn(folder)).toEqual([]);
  });
});

describe('creating the database', () => {
  it('creates missing folders several levels deep', () => {
    const file = join(tempDir(), 'a', 'b', 'c', 'app.sqlite');
    const { db } = openAppDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('a data folder that cannot exist because a file is in its way is refused as not a folder', () => {
    const blocker = join(tempDir(), 'blocker');
    writeFileSync(blocker, 'mine');
    const folder = join(blocker, 'userData');
    expect(() => openAppDatabase(join(folder, 'app.sqlite'))).toThrow(
      expect.objectContaining({ reason: 'notAFolder', path: folder }),
    );
    expect(readFileSync(blocker, 'utf8')).toBe('mine');
  });

  it('follows the migrations it is given, up to their last version', () => {
    const withNotes: Migration[] = [
      ...MIGRATIONS,
      {
        version: LATEST_SCHEMA_VERSION + 1,
        up: (d) => d.exec('CREATE TABLE notes (body TEXT)'),
      },
    ];
    const file = join(tempDir(), 'app.sqlite');
    const { db } = openAppDatabase(file, { migrations: withNotes });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(0);
    db.close();
    // The same file is not "from the future" for the build that knows that migration.
    openAppDatabase(file, { migrations: withNotes }).db.close();
  });

  it('a file from a later version than the migrations it is given is refused as newer', () => {
    const file = join(tempDir(), 'app.sqlite');
    openAppDatabase(file).db.close();
    expect(() =>
      openAppDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version < LATEST_SCHEMA_VERSION) }),
    ).toThrow(expect.objectContaining({ reason: 'newer', path: file }));
  });

  it.skipIf(process.platform === 'win32')(
    'an existing data folder is used as it is, its permissions unchanged',
    () => {
      const folder = join(tempDir(), 'shared');
      mkdirSync(folder, { mode: 0o755 });
      chmodSync(folder, 0o755);
      openAppDatabase(join(folder, 'app.sqlite')).db.close();
      expect(statSync(folder).mode & 0o777).toBe(0o755);
    },
  );

  it('a new database whose migration fails leaves nothing at its path, and the next open starts clean', () => {
    const folder = tempDir();
    const file = join(folder, 'app.sqlite');
    const failing: Migration[] = [
      ...MIGRATIONS,
      {
        version: LATEST_SCHEMA_VERSION + 1,
        up() {
          throw new Error('the migration failed');
        },
      },
    ];
    expect(() => openAppDatabase(file, { migrations: failing })).toThrow('the migration failed');
    expect(existsSync(file)).toBe(false);
    const { db, movedAside } = openAppDatabase(file);
    expect(movedAside).toBeUndefined();
    db.close();
    expect(readdirSync(folder).filter((f) => f.includes('.new-'))).toEqual([]);
  });

  it('migrations listed out of order are applied in order', () => {
    const db = new Database(join(tempDir(), 'm.sqlite'));
    migrate(db, [...MIGRATIONS].reverse());
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare('SELECT count(*) FROM secret_intents').pluck().get()).toBe(0);
    db.close();
  });
});

describe('what an open failure says', () => {
  it('extended SQLite codes count with their family; anything else, or no code at all, does not', () => {
    for (const code of ['SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_INDEX'])
      expect(isCorruptionError({ code })).toBe(true);
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', 'SQLITE_LOCKED_SHAREDCACHE'])
      expect(isBusyError({ code }), code).toBe(true);
    for (const code of ['SQLITE_CORRUPT', 'SQLITE_READONLY', 'X_SQLITE_BUSY', 'X_SQLITE_LOCKED'])
      expect(isBusyError({ code }), code).toBe(false);
    expect(isCorruptionError({ code: 'X_SQLITE_CORRUPT_VTAB' })).toBe(false);
    // SQLite's refusals to write or open beside the file, base and extended (https://www.sqlite.org/rescode.html).
    for (const code of [
      'SQLITE_READONLY',
      'SQLITE_READONLY_DBMOVED',
      'SQLITE_READONLY_DIRECTORY',
      'SQLITE_READONLY_CANTINIT',
      'SQLITE_CANTOPEN',
      'SQLITE_CANTOPEN_ISDIR',
      'SQLITE_CANTOPEN_FULLPATH',
    ])
      expect(isReadOnlyError({ code }), code).toBe(true);
    for (const code of [
      'SQLITE_IOERR_READ',
      'SQLITE_PERM',
      'X_SQLITE_READONLY',
      'X_SQLITE_CANTOPEN_ISDIR',
      'EACCES',
    ])
      expect(isReadOnlyError({ code }), code).toBe(false);
    for (const thrown of [null, undefined, 'SQLITE_BUSY', { code: 5 }]) {
      expect(isBusyError(thrown)).toBe(false);
      expect(isCorruptionError(thrown)).toBe(false);
      expect(isReadOnlyError(thrown)).toBe(false);
    }
  });

  it('the start-up log line names the refusal, its reason and the file', () => {
    const line = formatLogLine('error', 'Start-up failed', {
      error: new DatabaseOpenError('busy', '/data/app.sqlite'),
    });
    expect(line).toContain('DatabaseOpenError');
    expect(line).toContain('Cannot open the database (busy): /data/app.sqlite');
    const future = formatLogLine('error', 'Start-up failed', {
      error: new DatabaseFromFutureError(9, 4, '/data/app.sqlite'),
    });
    expect(future).toContain('DatabaseFromFutureError');
    expect(future).toContain('Database schema version 9 is newer than this app supports (4)');
  });
});

/**
 * While `holder` (another program) keeps its transaction open, opening `file` is refused as busy
 * with its path; once it lets go, the file is as it was and nothing was moved aside as damaged.
 */
function expectRefusedAsBusy(file: string, holder: Database.Database) {
  const before = sha256(file);
  expect(() => openAppDatabase(file, { busyTimeoutMs: 50 })).toThrow(
    expect.objectContaining({ reason: 'busy', path: file }),
  );
  holder.exec('ROLLBACK');
  holder.close();
  expect(sha256(file)).toBe(before);
  expect(readdirSync(join(file, '..')).filter((f) => f.includes('corrupt'))).toEqual([]);
}
