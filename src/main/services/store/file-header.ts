import { closeSync, openSync, readSync, statSync } from 'node:fs';

/**
 * What the first 100 bytes of an SQLite file say about it, read with plain file I/O
 * (https://www.sqlite.org/fileformat2.html#the_database_header).
 */
export interface SettledHeader {
  applicationId: number;
  userVersion: number;
}

const HEADER_BYTES = 100;
const MAGIC = 'SQLite format 3\u0000';
/** Bytes 18 and 19, the file format write and read versions: 2 means WAL. */
const WAL_FORMAT = 2;

/**
 * The header of a WAL-mode database whose file alone holds its current state: no -wal with
 * frames in it (they could hold a newer page 1) and no rollback journal. Anything else — not
 * SQLite, another journal mode, a -wal to replay, a short read — gives null, and the caller
 * must ask SQLite through a read-only connection instead. Reading never changes the file.
 */
export function readSettledHeader(file: string): SettledHeader | null {
  if (statSync(`${file}-journal`, { throwIfNoEntry: false })) return null;
  if ((statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0) > 0) return null;
  const bytes = Buffer.alloc(HEADER_BYTES);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, bytes, 0, HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  if (read < HEADER_BYTES || bytes.toString('latin1', 0, 16) !== MAGIC) return null;
  if (bytes[18] !== WAL_FORMAT || bytes[19] !== WAL_FORMAT) return null;
  return { userVersion: bytes.readInt32BE(60), applicationId: bytes.readInt32BE(68) };
}
