import Database from 'better-sqlite3';
import { join } from 'node:path';

import { composeServices, DATABASE_FILE_NAME } from '../src/main/services/compose';
import { createLogger } from '../src/main/services/log';
import type { SecretStore } from '../src/main/services/vault/secret-store';
import { median, timeMs } from './stats';

export interface MainStartResult {
  /** Fresh folder: creates the file and runs every migration. */
  firstEverMs: number;
  composeMs: number;
  bareMs: number;
}

/**
 * Opening + migrating + listing never touches the keychain, so this store throws if
 * anything calls it: a keychain round trip sneaking into start-up fails the bench loudly
 * instead of silently skewing the figure.
 */
const noKeychain: SecretStore = new Proxy({} as SecretStore, {
  get: (_target, name) => () => {
    throw new Error(`bench (a): start-up unexpectedly called the keychain (${String(name)})`);
  },
});

/** Start-up never touches the clipboard or the save dialog. */
const noDesktop = {
  clipboard: { writeSecret: () => undefined, readText: () => '', clear: () => undefined },
  chooseSavePath: async () => null,
};

function startServices(dataDir: string): void {
  const services = composeServices({
    dataDir,
    secrets: noKeychain,
    systemLocales: ['en-CA'],
    osUser: 'bench',
    openExternal: async () => undefined,
    log: createLogger(() => undefined),
    ...noDesktop,
  });
  try {
    services.integrations.list();
  } finally {
    services.close();
  }
}

/** The floor: what better-sqlite3 alone needs to open the same file and read the same table. */
function bareSqlite(file: string): void {
  const db = new Database(file);
  try {
    db.prepare('SELECT * FROM integrations').all();
  } finally {
    db.close();
  }
}

export async function benchMainStart(dataDir: string, iterations = 30, warmup = 5): Promise<MainStartResult> {
  const firstEverMs = await timeMs(() => startServices(dataDir));
  // A realistic existing file: one integration row and its audit event.
  const seed = composeServices({
    dataDir,
    secrets: noKeychain,
    systemLocales: ['en-CA'],
    osUser: 'bench',
    openExternal: async () => undefined,
    ...noDesktop,
  });
  seed.integrations.setEnabled('clearbooks', true);
  seed.close();

  const file = join(dataDir, DATABASE_FILE_NAME);
  const compose: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    // Interleaved, so drift on a shared machine hits both sides alike.
    const c = await timeMs(() => startServices(dataDir));
    const b = await timeMs(() => bareSqlite(file));
    if (i >= warmup) {
      compose.push(c);
      bare.push(b);
    }
  }
  return { firstEverMs, composeMs: median(compose), bareMs: median(bare) };
}
