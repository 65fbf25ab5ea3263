import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach } from 'vitest';

import { composeServices, type ServiceEnvironment, type Services } from '../../../src/main/services/compose';
import { createLogger } from '../../../src/main/services/log';
import { openLogFile } from '../../../src/main/services/log-file';
import { KeytarSecretStore } from '../../../src/main/services/vault/keytar-secret-store';
import type { SecretStore } from '../../../src/main/services/vault/secret-store';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** The system clipboard, in memory; `concealed` says whether the app marked its content as a secret. */
export class MemoryClipboard {
  text = '';
  concealed = false;
  writeSecret(text: string): void {
    this.text = text;
    this.concealed = true;
  }
  /** What another app (or the user) copying text does. */
  writeText(text: string): void {
    this.text = text;
    this.concealed = false;
  }
  readText(): string {
    return this.text;
  }
  clear(): void {
    this.text = '';
    this.concealed = false;
  }
}

/** A fresh folder removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'integration-desk-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The real OS keychain under a service name unique to this test; every item is deleted afterwards. */
export function testKeychain(): KeytarSecretStore {
  const store = new KeytarSecretStore(`com.integrationdesk.test.${randomUUID().slice(0, 8)}`);
  cleanups.push(async () => {
    for (const account of await store.accounts()) await store.delete(account);
  });
  return store;
}

/** Everything written to the log during the test, to assert nothing secret was. */
export function captureLog(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, logger: createLogger((line) => lines.push(line)) };
}

/** Real services on a real SQLite file and the real keychain. */
export function testServices(
  overrides: Partial<ServiceEnvironment> & { secrets?: SecretStore } = {},
): Services & {
  opened: string[];
  logLines: string[];
  /** The log file every line also went to, as in the app (a real file, rotated, 0600). */
  logFilePath: string;
  clipboard: MemoryClipboard;
  /** Where the next export is saved (null: the user cancels the dialog). */
  savePath: { next: string | null };
} {
  const opened: string[] = [];
  const clipboard = new MemoryClipboard();
  const savePath = { next: null as string | null };
  const lines: string[] = [];
  const logFile = openLogFile({ dir: join(tempDir(), 'logs') });
  cleanups.push(() => logFile.close());
  const logger = createLogger((line) => {
    lines.push(line);
    logFile.write(line);
  });
  const services = composeServices({
    dataDir: overrides.dataDir ?? tempDir(),
    secrets: overrides.secrets ?? testKeychain(),
    systemLocales: ['en-CA'],
    osUser: 'support-tester',
    openExternal: async (url) => {
      opened.push(url);
    },
    log: logger,
    clipboard,
    chooseSavePath: async () => savePath.next,
    recentLog: (count) => logFile.recentLines(count),
    ...overrides,
  });
  cleanups.push(() => services.close());
  return Object.assign(services, { opened, logLines: lines, logFilePath: logFile.path, clipboard, savePath });
}
