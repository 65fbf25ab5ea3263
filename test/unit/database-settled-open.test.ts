import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { openAppDatabase } from '../../src/main/services/store/database';
import { readSettledHeader } from '../../src/main/services/store/file-header';
import { APPLICATION_ID, LATEST_SCHEMA_VERSION } from '../../src/main/services/store/migrations';
import { tempDir } from './support/temp';

// The usual start: this app's own file, in WAL mode, with nothing left in a -wal. It is recognised
// from its header, and the checks run on the connection kept for use: they must refuse and
// recover exactly as the read-only examination does.

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** This app's database, closed cleanly (the -wal checkpointed away), with some rows in it. */
function settledDatabase(file: string, rows = 500): void {
  const { db } = openAppDatabase(file);
  const insert = db.prepare(
    'INSERT INTO audit_events (at, actor, action, target, outcome) VALUES (?, ?, ?, ?, ?)',
  );
  for (let i = 0; i < rows; i++) insert.run('t', 'a', 'x'.repeat(100), 'y', 'success');
  db.close();
  expect(existsSync(`${file}-wal`)).toBe(false);
}

describe('opening a settled database of this app', () => {
  it('is recognised from its header: this app’s mark and schema version, read without SQLite', () => {
    const file = join(tempDir(), 'app.sqlite');
    settledDatabase(file, 1);
    expect(readSettledHeader(file)).toEqual({
      applicationId: APPLICATION_ID,
      userVersion: LATEST_SCHEMA_VERSION,
    });
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('from a newer version: refused, the file byte-for-byte unchanged, no -wal or -shm left', () => {
    const file = join(tempDir(), 'app.sqlite');
    settledDatabase(file, 1);
    const future = new Database(file);
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    future.close();
    expect(readSettledHeader(file)?.userVersion).toBe(LATEST_SCHEMA_VERSION + 1);
    // Restored from a backup with wider permissions: not even those are changed.
    chmodSync(file, 0o644);
    const before = sha256(file);
    expect(() => openAppDatabase(file)).toThrow(
      expect.objectContaining({ name: 'DatabaseFromFutureError', reason: 'newer', path: file }),
    );
    expect(sha256(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it('with damaged pages: moved aside exactly as it was, and a new database started', () => {
    const folder = tempDir();
    const file = join(folder, 'app.sqlite');
    settledDatabase(file);
    const bytes = readFileSync(file);
    bytes.fill(0xa5, 4096 * 2, 4096 * 4); // pages 3-4
    writeFileSync(file, bytes);
    expect(readSettledHeader(file)).not.toBeNull();
    const { db, movedAside } = openAppDatabase(file, { now: () => new Date('2026-12-06T07:00:00Z') });
    expect(movedAside).toMatchObject({
      reason: 'corrupt',
      fileName: 'app.sqlite.corrupt-2026-12-06T07-00-00-000Z',
    });
    expect(readFileSync(join(folder, movedAside!.fileName))).toEqual(bytes);
    expect(db.prepare('SELECT count(*) FROM audit_events').pluck().get()).toBe(0);
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('with a damaged schema page: moved aside, and a new database started', () => {
    const folder = tempDir();
    const file = join(folder, 'app.sqlite');
    settledDatabase(file, 1);
    const bytes = readFileSync(file);
    bytes.fill(0xa5, 100, 4096); // page 1 after the header: the schema table
    writeFileSync(file, bytes);
    expect(readSettledHeader(file)).not.toBeNull();
    const { db, movedAside } = openAppDatabase(file);
    expect(movedAside?.reason).toBe('corrupt');
    expect(readFileSync(join(folder, movedAside!.fileName))).toEqual(bytes);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('is not trusted when a -wal holds frames: its page 1 may be newer than the file’s', () => {
    const folder = tempDir();
    const live = join(folder, 'live.sqlite');
    settledDatabase(live, 1);
    const writer = new Database(live);
    writer.pragma('wal_autocheckpoint = 0');
    writer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    const file = join(folder, 'copy.sqlite');
    copyFileSync(live, file);
    copyFileSync(`${live}-wal`, `${file}-wal`);
    writer.close();
    // The file's own header still says the current version: only SQLite, replaying the -wal, knows.
    expect(readFileSync(file).readInt32BE(60)).toBe(LATEST_SCHEMA_VERSION);
    expect(readSettledHeader(file)).toBeNull();
    expect(() => openAppDatabase(file)).toThrow(expect.objectContaining({ reason: 'newer' }));
  });

  it('is not trusted for a file in rollback-journal mode, nor for one that is not SQLite', () => {
    const folder = tempDir();
    const rollback = join(folder, 'rollback.sqlite');
    const other = new Database(rollback);
    other.exec('CREATE TABLE notes (body TEXT)');
    other.close();
    expect(readSettledHeader(rollback)).toBeNull();
    const text = join(folder, 'text.sqlite');
    writeFileSync(text, 'this is not a database '.repeat(10));
    expect(readSettledHeader(text)).toBeNull();
  });

  it('is not trusted beside a rollback journal, nor with a damaged or cut-short header', () => {
    const folder = tempDir();
    const file = join(folder, 'app.sqlite');
    settledDatabase(file, 1);
    const header = readFileSync(file).subarray(0, 100);
    expect(readSettledHeader(file)).not.toBeNull();
    // Each copy differs from this app's settled header in one way only.
    const copies: Record<string, Buffer> = {
      'no SQLite magic': Buffer.concat([Buffer.from('SQLite format 4'), header.subarray(15)]),
      'cut short (99 bytes)': header.subarray(0, 99),
      'write version not WAL': Buffer.from(header).fill(1, 18, 19),
      'read version not WAL': Buffer.from(header).fill(1, 19, 20),
    };
    for (const [name, bytes] of Object.entries(copies)) {
      const copy = join(folder, `${name}.sqlite`);
      writeFileSync(copy, bytes);
      expect(readSettledHeader(copy), name).toBeNull();
    }
    writeFileSync(`${file}-journal`, '');
    expect(readSettledHeader(file), 'beside a -journal').toBeNull();
  });
});
