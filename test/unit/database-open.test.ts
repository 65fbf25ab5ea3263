import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { openAppDatabase } from '../../src/main/services/store/database';
import { DatabaseOpenError } from '../../src/main/services/store/errors';
import { startupFailureMessage } from '../../src/main/startup-messages';
import { tempDir } from './support/temp';

// The open path never changes a file it refuses, and every refusal names its cause and its path.

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const mode = (path: string) => statSync(path).mode & 0o777;
const posix = process.platform !== 'win32';
const isRoot = posix && process.getuid?.() === 0;
const NOBODY = 65534;

const projectDir = resolve(__dirname, '../..');
/**
 * Run as root, the unprivileged user must be able to read the project (a checkout inside a 0700
 * folder, such as one made by mktemp -d, is closed to it): otherwise these cases cannot run.
 */
const unprivilegedBlocked =
  isRoot &&
  spawnSync(
    process.execPath,
    ['-e', `require('fs').accessSync(${JSON.stringify(join(projectDir, 'node_modules/tsx/package.json'))})`],
    { uid: NOBODY, gid: NOBODY, cwd: '/' },
  ).status !== 0;
if (unprivilegedBlocked)
  console.log(`Read-only folder and file cases skipped: the user nobody cannot read ${projectDir}`);

/** Opens as an unprivileged user (root may write anywhere, so it cannot meet a read-only folder). */
function openAsUser(file: string): Record<string, unknown> {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'support/open-database-child.ts'), file],
    {
      cwd: projectDir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, HOME: '/tmp' },
      ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    },
  );
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  if (!line) throw new Error(`The unprivileged child said nothing:\n${result.stderr}`);
  return JSON.parse(line) as Record<string, unknown>;
}

/** A folder the unprivileged user may enter (and, unless `writable` is false, write in). */
function userFolder(writable = true): string {
  const parent = tempDir();
  chmodSync(parent, 0o755);
  const folder = join(parent, 'data');
  mkdirSync(folder);
  if (isRoot) chownSync(folder, NOBODY, NOBODY);
  chmodSync(folder, writable ? 0o700 : 0o500);
  return folder;
}

/** The app's database, made by the unprivileged user in a folder of theirs. */
function userDatabase(): { folder: string; file: string } {
  const folder = userFolder();
  const file = join(folder, 'integration-desk.sqlite');
  expect(openAsUser(file)).toMatchObject({ opened: true });
  return { folder, file };
}

function foreignDatabase(file: string, journal: 'delete' | 'wal' = 'delete'): void {
  const other = new Database(file);
  other.pragma(`journal_mode = ${journal}`);
  other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('someone else''s data')");
  other.close();
}

describe.skipIf(!posix)('opening the database refuses, untouched, what it must not change', () => {
  it('another program’s SQLite file: refused as foreign, not switched to WAL, not migrated', () => {
    const file = join(tempDir(), 'integration-desk.sqlite');
    foreignDatabase(file);
    chmodSync(file, 0o644);
    const before = sha256(file);
    expect(() => openAppDatabase(file)).toThrow(expect.objectContaining({ reason: 'foreign', path: file }));
    expect(sha256(file)).toBe(before);
    expect(mode(file)).toBe(0o644);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('another program’s file in WAL mode with its -wal: both left byte-for-byte', () => {
    const folder = tempDir();
    const live = join(folder, 'live.sqlite');
    foreignDatabase(live, 'wal');
    const writer = new Database(live);
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec("INSERT INTO notes VALUES ('not yet checkpointed')");
    const file = join(folder, 'integration-desk.sqlite');
    writeFileSync(file, readFileSync(live));
    writeFileSync(`${file}-wal`, readFileSync(`${live}-wal`));
    writer.close();
    const before = [sha256(file), sha256(`${file}-wal`)];
    expect(() => openAppDatabase(file)).toThrow(expect.objectContaining({ reason: 'foreign' }));
    expect([sha256(file), sha256(`${file}-wal`)]).toEqual(before);
  });

  it('a zero-length file: moved aside as empty (kept, not deleted) and a new database started', () => {
    const folder = tempDir();
    const file = join(folder, 'integration-desk.sqlite');
    writeFileSync(file, '');
    const { db, movedAside } = openAppDatabase(file, { now: () => new Date('2026-12-01T10:00:00Z') });
    expect(movedAside).toEqual({
      fileName: 'integration-desk.sqlite.empty-2026-12-01T10-00-00-000Z',
      at: '2026-12-01T10:00:00.000Z',
      reason: 'empty',
    });
    expect(statSync(join(folder, movedAside!.fileName)).size).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('a folder where the file should be: refused as not a file, and left alone', () => {
    const file = join(tempDir(), 'integration-desk.sqlite');
    mkdirSync(file, { mode: 0o755 });
    writeFileSync(join(file, 'keep.txt'), 'mine');
    expect(() => openAppDatabase(file)).toThrow(expect.objectContaining({ reason: 'notAFile', path: file }));
    expect(mode(file)).toBe(0o755);
    expect(readdirSync(file)).toEqual(['keep.txt']);
  });

  it('a dangling link where the file should be: refused as not a file', () => {
    const file = join(tempDir(), 'integration-desk.sqlite');
    symlinkSync('/nonexistent/elsewhere.sqlite', file);
    expect(() => openAppDatabase(file)).toThrow(expect.objectContaining({ reason: 'notAFile', path: file }));
  });

  it('a file where the data folder should be: refused as not a folder', () => {
    const folder = join(tempDir(), 'userData');
    writeFileSync(folder, 'not a folder');
    expect(() => openAppDatabase(join(folder, 'integration-desk.sqlite'))).toThrow(
      expect.objectContaining({ reason: 'notAFolder', path: folder }),
    );
  });

  it.skipIf(unprivilegedBlocked)(
    'a read-only data folder: refused, naming the folder (new and existing databases)',
    () => {
      const empty = userFolder(false);
      expect(openAsUser(join(empty, 'integration-desk.sqlite'))).toEqual({
        opened: false,
        reason: 'readOnlyFolder',
        path: empty,
      });
      const { folder: existing, file } = userDatabase();
      chmodSync(existing, 0o500);
      const before = sha256(file);
      expect(openAsUser(file)).toEqual({ opened: false, reason: 'readOnlyFolder', path: existing });
      expect(sha256(file)).toBe(before);
    },
  );

  it.skipIf(unprivilegedBlocked)(
    'a read-only data folder holding a file whose last writes are still in its -wal, with or without its -shm: refused, naming the folder, untouched',
    () => {
      // The app stopped before its -wal was checkpointed. Without the -shm (a copy restored without
      // it, say), SQLite must create one to read the file at all, which the folder forbids; with
      // it, SQLite could read and write the file, but the folder is refused all the same.
      for (const kept of [
        ['', '-wal'],
        ['', '-wal', '-shm'],
      ]) {
        const live = join(tempDir(), 'live.sqlite');
        const { db: writer } = openAppDatabase(live);
        writer.pragma('wal_autocheckpoint = 0');
        writer.prepare("INSERT INTO settings (key, value_json) VALUES ('last', '1')").run();
        const folder = userFolder();
        const file = join(folder, 'integration-desk.sqlite');
        for (const suffix of kept) {
          copyFileSync(live + suffix, file + suffix);
          if (isRoot) chownSync(file + suffix, NOBODY, NOBODY);
        }
        writer.close();
        chmodSync(folder, 0o500);
        // The -shm is SQLite's index of the -wal, which any reader updates: the data are the other two.
        const before = [sha256(file), sha256(`${file}-wal`)];
        expect(openAsUser(file), kept.join()).toEqual({
          opened: false,
          reason: 'readOnlyFolder',
          path: folder,
        });
        expect([sha256(file), sha256(`${file}-wal`)]).toEqual(before);
        expect(readdirSync(folder).sort()).toEqual(
          kept.map((suffix) => `integration-desk.sqlite${suffix}`).sort(),
        );
      }
    },
  );

  it.skipIf(unprivilegedBlocked)(
    'a read-only data file: refused, naming the file, and not made writable',
    () => {
      const { file } = userDatabase();
      chmodSync(file, 0o400);
      expect(openAsUser(file)).toEqual({ opened: false, reason: 'readOnlyFile', path: file });
      expect(mode(file)).toBe(0o400);
    },
  );

  it.skipIf(unprivilegedBlocked)(
    'a data folder the user cannot enter (another account’s, closed to others): refused, naming the folder, untouched',
    () => {
      // Left by a run with sudo, say. Both a new database and an existing one are refused.
      const { folder: existing, file } = userDatabase();
      const empty = userFolder();
      for (const folder of [empty, existing]) {
        if (isRoot) chownSync(folder, 0, 0);
        chmodSync(folder, isRoot ? 0o700 : 0o000);
      }
      const before = sha256(file);
      for (const folder of [empty, existing])
        expect(openAsUser(join(folder, 'integration-desk.sqlite'))).toEqual({
          opened: false,
          reason: 'readOnlyFolder',
          path: folder,
        });
      if (!isRoot) for (const folder of [empty, existing]) chmodSync(folder, 0o700);
      expect(readdirSync(empty)).toEqual([]);
      expect(readdirSync(existing)).toEqual(['integration-desk.sqlite']);
      expect(sha256(file)).toBe(before);
    },
  );

  it.skipIf(unprivilegedBlocked)(
    'a data folder that cannot be created (its parent is read-only): refused, naming that folder',
    () => {
      const parent = userFolder(false);
      const folder = join(parent, 'Integration Desk');
      expect(openAsUser(join(folder, 'integration-desk.sqlite'))).toEqual({
        opened: false,
        reason: 'readOnlyFolder',
        path: folder,
      });
      expect(existsSync(folder)).toBe(false);
    },
  );

  it.skipIf(unprivilegedBlocked)(
    'an empty file in a read-only folder: refused naming the folder, which it could not be moved aside in',
    () => {
      const folder = userFolder();
      const file = join(folder, 'integration-desk.sqlite');
      writeFileSync(file, '');
      chmodSync(folder, 0o500);
      expect(openAsUser(file)).toEqual({ opened: false, reason: 'readOnlyFolder', path: folder });
      expect(readdirSync(folder)).toEqual(['integration-desk.sqlite']);
    },
  );

  it.skipIf(unprivilegedBlocked)(
    'a data file the user cannot read (another account owns it): refused as unreadable, naming the file, untouched',
    () => {
      const { folder, file } = userDatabase();
      if (isRoot) chownSync(file, 0, 0);
      chmodSync(file, 0o600);
      const before = sha256(file);
      const result = openAsUser(file);
      if (!isRoot) {
        // Its owner can read it: nothing to refuse.
        expect(result).toMatchObject({ opened: true });
        return;
      }
      expect(result).toEqual({ opened: false, reason: 'unreadableFile', path: file });
      expect(sha256(file)).toBe(before);
      expect(mode(file)).toBe(0o600);
      expect(readdirSync(folder)).toEqual(['integration-desk.sqlite']);
    },
  );

  it.skipIf(unprivilegedBlocked || !isRoot)(
    'a -wal or -shm another account left (the app once run with sudo): refused as read-only, naming it, untouched',
    () => {
      // 0644: the app would tighten it and may not; 0600: SQLite itself cannot open it for writing.
      for (const leftMode of [0o644, 0o600])
        for (const left of [['-wal'], ['-shm'], ['-shm', '-wal']]) {
          const { file } = userDatabase();
          // Root writes last, and its -wal and -shm stay behind.
          const root = new Database(file);
          root.pragma('wal_autocheckpoint = 0');
          root.exec("INSERT INTO settings (key, value_json) VALUES ('by-root', '1')");
          for (const suffix of left) {
            chownSync(file + suffix, 0, 0);
            chmodSync(file + suffix, leftMode);
          }
          const before = sha256(file);
          const named = file + (left.includes('-wal') ? '-wal' : '-shm');
          expect(openAsUser(file), `${left.join()} ${leftMode.toString(8)}`).toEqual({
            opened: false,
            reason: 'readOnlyFile',
            path: named,
          });
          for (const suffix of left) expect(mode(file + suffix)).toBe(leftMode);
          expect(sha256(file)).toBe(before);
          root.close();
        }
    },
    // Twelve children, each loading TypeScript cold on a fresh machine.
    60_000,
  );

  it.skipIf(unprivilegedBlocked)(
    'a damaged file that cannot be moved aside: refused as corrupt, naming the file',
    () => {
      const folder = userFolder();
      const file = join(folder, 'integration-desk.sqlite');
      writeFileSync(file, 'this is not a database '.repeat(400));
      if (isRoot) chownSync(file, NOBODY, NOBODY);
      chmodSync(folder, 0o500);
      expect(openAsUser(file)).toEqual({ opened: false, reason: 'corrupt', path: file });
      expect(readFileSync(file, 'utf8')).toMatch(/^this is not a database/);
    },
  );
});

describe.skipIf(!posix)('permissions of the app’s own file', () => {
  it('are tightened (group and others lose access), never widened', () => {
    const file = join(tempDir(), 'integration-desk.sqlite');
    openAppDatabase(file).db.close();
    chmodSync(file, 0o644);
    openAppDatabase(file).db.close();
    expect(mode(file)).toBe(0o600);
    // Made read-only by its owner: stays read-only (root can still write to it, so it opens here).
    chmodSync(file, 0o400);
    if (isRoot) {
      openAppDatabase(file).db.close();
      expect(mode(file)).toBe(0o400);
    }
  });

  it('an unfinished creation (killed before its rename) is cleared away and never taken for data', () => {
    const folder = tempDir();
    const file = join(folder, 'integration-desk.sqlite');
    writeFileSync(`${file}.new-123-abcd`, '');
    const { db, movedAside } = openAppDatabase(file);
    db.close();
    expect(movedAside).toBeUndefined();
    expect(readdirSync(folder).filter((f) => f.includes('.new-'))).toEqual([]);
  });
});

describe('start-up failure sentences', () => {
  it('name the cause and the path, in English and in French', () => {
    const cases = [
      [
        'readOnlyFolder',
        /cannot write in its data folder \/data/,
        /ne peut pas écrire dans son dossier de données \/data/,
      ],
      ['readOnlyFile', /\/data\/x\.sqlite is read-only/, /\/data\/x\.sqlite est en lecture seule/],
      [
        'unreadableFile',
        /cannot read the data file \/data\/x\.sqlite/,
        /ne peut pas lire le fichier de données \/data\/x\.sqlite/,
      ],
      [
        'notAFile',
        /data in \/data\/x\.sqlite, but a folder/,
        /données dans \/data\/x\.sqlite, mais un dossier/,
      ],
      ['notAFolder', /folder \/data, but something other than a folder/, /dossier \/data, mais autre chose/],
      [
        'busy',
        /\/data\/x\.sqlite is in use by another program/,
        /\/data\/x\.sqlite est utilisé par un autre programme/,
      ],
      [
        'foreign',
        /\/data\/x\.sqlite is not an Integration Desk data file/,
        /\/data\/x\.sqlite n'est pas un fichier de données/,
      ],
      [
        'newer',
        /\/data\/x\.sqlite was written by a newer version/,
        /\/data\/x\.sqlite a été écrit par une version plus récente/,
      ],
      ['corrupt', /\/data\/x\.sqlite is damaged/, /\/data\/x\.sqlite est endommagé/],
    ] as const;
    for (const [reason, en, fr] of cases) {
      const path = reason === 'readOnlyFolder' || reason === 'notAFolder' ? '/data' : '/data/x.sqlite';
      expect(startupFailureMessage(new DatabaseOpenError(reason, path), ['en-CA'])).toMatch(en);
      expect(startupFailureMessage(new DatabaseOpenError(reason, path), ['fr-CA'])).toMatch(fr);
    }
    expect(startupFailureMessage(new Error('boom'), ['en-CA'])).toBe(
      'Integration Desk could not start. Your data has not been changed.',
    );
  });
});
