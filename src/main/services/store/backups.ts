import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

import type Database from 'better-sqlite3';

/** How many copies are kept: the newest, whatever made them. */
export const KEEP_BACKUPS = 5;
/** A start makes a copy when the newest is older than this. */
export const BACKUP_EVERY_MS = 24 * 3600 * 1000;

export type BackupReason = 'daily' | 'beforeMigration';

/** A copy's name: its time (UTC, to the millisecond) and what made it. */
const NAME =
  /^integration-desk-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-(daily|beforeMigration)\.sqlite$/;

/** `2026-12-07T23:27:05.123Z` → `20261207T232705123Z`: sorts as text in time order, and is a file name everywhere. */
function stamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

/**
 * Copies the open database into `folder` through SQLite (`VACUUM INTO`: one read transaction, so
 * a consistent copy even while another connection writes, WAL included; never a copy of the live
 * file, https://sqlite.org/howtocorrupt.html), then keeps the newest `KEEP_BACKUPS` copies. The
 * folder is made 0700 and each copy 0600, as the database itself. Answers the copy's file name.
 */
export function backUpDatabase(
  db: Database.Database,
  folder: string,
  at: Date,
  reason: BackupReason,
): string {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
  // A copy cut short (the app quit, the disk filled) is never a backup: removed before the next.
  for (const left of readdirSync(folder)) if (left.endsWith('.partial')) unlinkSync(join(folder, left));
  const name = `integration-desk-${stamp(at)}-${reason}.sqlite`;
  const partial = join(folder, `${name}.partial`);
  // VACUUM INTO accepts an empty file: created 0600 first, as SQLite would create it 0644 less the umask.
  closeSync(openSync(partial, 'w', 0o600));
  try {
    db.prepare('VACUUM INTO ?').run(partial);
    renameSync(partial, join(folder, name));
  } catch (error) {
    unlinkSync(partial);
    throw error;
  }
  for (const old of backups(folder).slice(KEEP_BACKUPS)) unlinkSync(join(folder, old.name));
  return name;
}

/** The copies in `folder`, newest first (other files are left alone). */
export function backups(folder: string): { name: string; reason: BackupReason; at: Date }[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const match = NAME.exec(name);
      if (!match) return [];
      const [, year, month, day, hours, minutes, seconds, ms, reason] = match;
      const at = new Date(`${year}-${month}-${day}T${hours}:${minutes}:${seconds}.${ms}Z`);
      return [{ name, reason: reason as BackupReason, at }];
    })
    .sort((a, b) => b.at.getTime() - a.at.getTime());
}

/** Makes the daily copy when the newest copy is a day old or there is none; answers its name, or null. */
export function backUpIfDue(db: Database.Database, folder: string, now: Date): string | null {
  const newest = backups(folder)[0];
  if (newest && now.getTime() - newest.at.getTime() < BACKUP_EVERY_MS) return null;
  return backUpDatabase(db, folder, now, 'daily');
}
