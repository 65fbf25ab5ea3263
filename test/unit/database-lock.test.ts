import { Worker } from 'node:worker_threads';

import { afterEach, describe, expect, it } from 'vitest';

import { dispatch } from '../../src/main/ipc/dispatch';
import { createIpcHandlers } from '../../src/main/ipc/handlers';
import { tempDir, testServices } from './support/temp';

// Another writer on the same file (a second copy of the app, a backup tool) holds SQLite's write lock
// (BEGIN IMMEDIATE) from a thread of its own, so this thread waits in SQLite's busy handler as the
// app's main process would. Everything else is real: the services, the IPC dispatch, the file.

let services: ReturnType<typeof testServices> | undefined;
afterEach(() => services?.close());

/** Holds the write lock of `file` for `ms`, then commits; resolves `held` once it has the lock. */
function holdWriteLock(file: string, ms: number) {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require(workerData.module);
     const db = new Database(workerData.file);
     db.exec('BEGIN IMMEDIATE');
     parentPort.postMessage('held');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms);
     db.exec('COMMIT');
     db.close();`,
    { eval: true, workerData: { file, ms, module: require.resolve('better-sqlite3') } },
  );
  const held = new Promise<void>((ok, fail) => {
    worker.once('message', () => ok());
    worker.once('error', fail);
  });
  const released = new Promise<void>((ok) => worker.once('exit', () => ok()));
  return { held, released };
}

function start(busyTimeoutMs: number) {
  services = testServices({ dataDir: tempDir(), busyTimeoutMs });
  const handlers = createIpcHandlers(services);
  const file = services.settings.get().dataFilePath;
  const call = (channel: string, payload?: unknown) => dispatch(handlers, channel, payload, services!.log);
  return { file, call };
}

describe('a database another writer holds', () => {
  it('a change waits for a short hold and is saved', async () => {
    const { file, call } = start(3000);
    const lock = holdWriteLock(file, 300);
    await lock.held;
    const began = Date.now();
    expect(await call('updateSettings', { theme: 'dark' })).toMatchObject({ ok: true });
    // It waited for the other writer rather than failing at once.
    expect(Date.now() - began).toBeGreaterThanOrEqual(200);
    await lock.released;
    expect(await call('getSettings')).toMatchObject({ ok: true, value: { theme: 'dark' } });
  });

  it('a hold longer than the wait fails the change as DB_BUSY, changes nothing, and the next try is saved', async () => {
    const { file, call } = start(200);
    const lock = holdWriteLock(file, 1500);
    await lock.held;
    expect(await call('updateSettings', { theme: 'dark' })).toEqual({
      ok: false,
      error: { code: 'DB_BUSY', messageKey: 'errors.DB_BUSY' },
    });
    await lock.released;
    expect(await call('getSettings')).toMatchObject({ ok: true, value: { theme: 'auto' } });
    expect(await call('updateSettings', { theme: 'dark' })).toMatchObject({ ok: true });
    expect(await call('getSettings')).toMatchObject({ ok: true, value: { theme: 'dark' } });
  });
});
