import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

import { API_NAMES } from '@shared/ipc/contract';
import { fuseWireFile, readFuseWire, type FuseStateName } from './fuse-wire';
import type { Logger } from './services/log';
import { LATEST_SCHEMA_VERSION } from './services/store/migrations';
import type { SecretStore } from './services/vault/secret-store';
import { KEYCHAIN_SERVICES } from './services/vault/service-names';

/**
 * `--smoke-test=<report.json>`: the release workflow launches each INSTALLED package with it. The app
 * starts as usual, but in a temporary user-data folder and with its own keychain service; once the
 * window has loaded it checks the preload bridge, a keychain set/get/delete and that the migrations
 * ran, writes `{ ok, sandboxed, fuses, checks }` to the file and exits (0 only when everything
 * holds). A watchdog writes a failure and exits if that takes too long. Honoured only when
 * `app.isPackaged`: a development run ignores the switch.
 *
 * Electron reaches this module as structural types from the composition root (src/main/index.ts),
 * so tests drive it with a stand-in.
 */
export const SMOKE_TEST_SWITCH = '--smoke-test=';
export const SMOKE_TEST_TIMEOUT_MS = 90_000;

export type SmokeTestRequest = { reportPath: string } | { refused: string } | null;

/** Reads the switch from the command line; `refused` says why it is ignored. */
export function smokeTestRequest(argv: readonly string[], isPackaged: boolean): SmokeTestRequest {
  const arg = argv.find((a) => a.startsWith(SMOKE_TEST_SWITCH));
  if (arg === undefined) return null;
  if (!isPackaged) return { refused: 'only a packaged app honours --smoke-test' };
  const reportPath = arg.slice(SMOKE_TEST_SWITCH.length);
  if (!isAbsolute(reportPath)) return { refused: '--smoke-test needs an absolute path for its report' };
  return { reportPath };
}

export interface SmokeApp {
  readonly isPackaged: boolean;
  setPath(name: 'userData', path: string): void;
  getVersion(): string;
  exit(code: number): void;
  getAppMetrics(): { pid: number; type: string; sandboxed?: boolean }[];
  readonly commandLine: { hasSwitch(name: string): boolean };
}

export interface SmokeContents {
  isLoading(): boolean;
  once(event: 'did-finish-load', listener: () => void): unknown;
  executeJavaScript(code: string): Promise<unknown>;
}

export interface SmokeReport {
  ok: boolean;
  sandboxed: boolean;
  fuses: Record<string, FuseStateName> | null;
  checks: Record<string, { ok: boolean; detail?: string }>;
  version: string;
  platform: NodeJS.Platform;
  arch: string;
}

export interface SmokeTest {
  readonly reportPath: string;
  readonly userDataDir: string;
  readonly keychainService: string;
  /** Runs the checks once the window exists, writes the report and exits. */
  run(dependencies: {
    contents: SmokeContents;
    secrets: SecretStore;
    schemaVersion: () => number;
    /** The app's own start-up keychain work: the checks wait for it, so no keychain calls overlap. */
    startupWork: Promise<unknown>;
  }): Promise<void>;
}

/**
 * Call first thing in main, before the single-instance lock (which is per user-data folder).
 * Returns undefined on a normal start, or when the switch is refused (logged).
 */
export function prepareSmokeTest(
  app: SmokeApp,
  log: Logger,
  options: { argv?: readonly string[]; executable?: string; timeoutMs?: number } = {},
): SmokeTest | undefined {
  const request = smokeTestRequest(options.argv ?? process.argv, app.isPackaged);
  if (request === null) return undefined;
  if ('refused' in request) {
    log.warn('Smoke-test switch ignored', { reason: request.refused });
    return undefined;
  }
  const { reportPath } = request;
  const userDataDir = mkdtempSync(join(tmpdir(), 'integration-desk-smoke-'));
  app.setPath('userData', userDataDir);
  let finished = false;
  const finish = (report: SmokeReport) => {
    if (finished) return;
    finished = true;
    writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
    app.exit(report.ok ? 0 : 1);
  };
  const base = () => ({
    version: app.getVersion(),
    platform: process.platform,
    arch: process.arch,
    sandboxed: isSandboxed(app),
    fuses: readRunningFuses(options.executable ?? process.execPath),
  });
  const watchdog = setTimeout(
    () =>
      finish({
        ...base(),
        ok: false,
        checks: { watchdog: { ok: false, detail: 'the app did not finish loading in time' } },
      }),
    options.timeoutMs ?? SMOKE_TEST_TIMEOUT_MS,
  );
  watchdog.unref?.();

  return {
    reportPath,
    userDataDir,
    keychainService: KEYCHAIN_SERVICES.smokeTest,
    async run({ contents, secrets, schemaVersion, startupWork }) {
      await loaded(contents);
      await startupWork.catch(() => undefined);
      const checks: SmokeReport['checks'] = {
        preload: await checkPreload(contents),
        keychain: await checkKeychain(secrets),
        migrations: checkMigrations(schemaVersion),
      };
      // The app itself stored a fingerprint key under the smoke-test service: leave nothing behind.
      await emptyKeychainService(secrets);
      clearTimeout(watchdog);
      const report = { ...base(), checks };
      finish({ ...report, ok: report.sandboxed && Object.values(checks).every((c) => c.ok) });
    },
  };
}

function loaded(contents: SmokeContents): Promise<void> {
  return new Promise((resolve) => {
    if (!contents.isLoading()) resolve();
    else contents.once('did-finish-load', () => resolve());
  });
}

/** The page's own view: window.api is the contract, answers a call, and no Node is in reach. */
async function checkPreload(contents: SmokeContents): Promise<{ ok: boolean; detail?: string }> {
  try {
    // A constant expression, run only in a packaged app's smoke test (no page input reaches it).
    const seen = (await contents.executeJavaScript(
      `(async () => {
        const api = window.api;
        const settings = api ? await api.getSettings() : null;
        return { keys: api ? Object.keys(api).sort() : [], answered: settings !== null && settings.ok === true,
                 node: [typeof window.require, typeof window.process, typeof window.ipcRenderer] };
      })()`,
    )) as { keys: string[]; answered: boolean; node: string[] };
    const expected = [...API_NAMES].sort();
    const ok =
      JSON.stringify(seen.keys) === JSON.stringify(expected) &&
      seen.answered &&
      seen.node.every((t) => t === 'undefined');
    return ok
      ? { ok }
      : {
          ok,
          detail: `keys=${seen.keys.length}/${expected.length} answered=${seen.answered} node=${seen.node.join(',')}`,
        };
  } catch (error) {
    return { ok: false, detail: describe(error) };
  }
}

async function checkKeychain(secrets: SecretStore): Promise<{ ok: boolean; detail?: string }> {
  const account = `smoke-${randomBytes(6).toString('hex')}`;
  const value = randomBytes(24).toString('base64url');
  try {
    await secrets.set(account, value);
    const read = await secrets.get(account);
    const deleted = await secrets.delete(account);
    const after = await secrets.get(account);
    const ok = read === value && deleted && after === null;
    return ok
      ? { ok }
      : {
          ok,
          detail: `read back ${read === value ? 'same' : 'different'}, deleted=${deleted}, after=${after === null ? 'gone' : 'still there'}`,
        };
  } catch (error) {
    return { ok: false, detail: describe(error) };
  }
}

function checkMigrations(schemaVersion: () => number): { ok: boolean; detail?: string } {
  try {
    const version = schemaVersion();
    return version === LATEST_SCHEMA_VERSION
      ? { ok: true }
      : { ok: false, detail: `schema version ${version}, expected ${LATEST_SCHEMA_VERSION}` };
  } catch (error) {
    return { ok: false, detail: describe(error) };
  }
}

async function emptyKeychainService(secrets: SecretStore): Promise<void> {
  try {
    for (const account of await secrets.accounts()) await secrets.delete(account);
  } catch {
    // Reported by the keychain check already.
  }
}

/**
 * Chromium's sandbox is on: no --no-sandbox switch, a renderer running, and every renderer in the
 * sandbox. macOS and Windows say so per process (`sandboxed`); Linux does not (Electron reports it
 * there as undefined), so a renderer counts as sandboxed when the kernel filters its system calls:
 * Chromium's Linux sandbox always puts renderers under seccomp-bpf ("Seccomp: 2" in
 * /proc/<pid>/status), and --no-sandbox leaves them at 0.
 */
export function isSandboxed(
  app: Pick<SmokeApp, 'getAppMetrics' | 'commandLine'>,
  platform: NodeJS.Platform = process.platform,
  processStatus: (pid: number) => string | null = readProcessStatus,
): boolean {
  if (app.commandLine.hasSwitch('no-sandbox')) return false;
  const renderers = app.getAppMetrics().filter((metric) => metric.type === 'Tab');
  if (renderers.length === 0) return false;
  return renderers.every((metric) =>
    platform === 'linux'
      ? /^Seccomp:\s*2$/m.test(processStatus(metric.pid) ?? '')
      : metric.sandboxed === true,
  );
}

function readProcessStatus(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
}

function readRunningFuses(executable: string): Record<string, FuseStateName> | null {
  try {
    return readFuseWire(readFileSync(fuseWireFile(executable, process.platform)));
  } catch {
    return null;
  }
}

/** An error's code or name only: never a message that could carry a value. */
function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'error';
}
