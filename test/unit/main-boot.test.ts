import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CHANNEL_NAMES, wireChannel } from '@shared/ipc/contract';
import {
  CONTENT_SECURITY_POLICY,
  cspMetaPolicies,
  META_CONTENT_SECURITY_POLICY,
} from '../../src/main/security/csp';
import { DATABASE_FILE_NAME } from '../../src/main/services/compose';
import { APPLICATION_ID } from '../../src/main/services/store/migrations';
import { KeytarSecretStore } from '../../src/main/services/vault/keytar-secret-store';
import { KEYCHAIN_SERVICES } from '../../src/main/services/vault/service-names';
import { isSandboxed } from '../../src/main/smoke-test';
import { startupMessage } from '../../src/main/startup-messages';
import { assertBuiltFromCurrentSources, builtMain, projectDir } from './support/built-app';

/**
 * The composition root, as built: out/main/index.js runs under plain Node with a recording stand-in
 * resolved as `electron` (test/unit/support/recording-electron.ts), in a child process per start.
 * Each test asserts what the app asked Electron to do, or what its handlers answer when called the
 * way Electron calls them — not how main is written, so new start-up features do not break it.
 * The real Electron runs the same checks in test/e2e/electron/ where it can.
 */
interface BootReport {
  windowsCreated: number;
  windowOptions: { webPreferences?: Record<string, unknown> }[];
  loadedUrls: string[][];
  order: Record<
    'ready' | 'registerSchemesAsPrivileged' | 'enableSandbox' | 'requestSingleInstanceLock',
    number
  >;
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[][];
  protocolsHandled: string[];
  ipcRegistrations: string[];
  permissionHandlers: Record<'request' | 'check' | 'device', boolean>;
  errorBoxes: { title: string; content: string }[];
  quitCallsAtStart: number;
  ipc?: {
    refusals: Record<string, Record<string, { ok: boolean; error?: { code: string } }>>;
    trustedReply: { ok: boolean; value?: { dataFilePath?: string } } | null;
  };
  protocol?: {
    entry: { status: number; headers: Record<string, string>; body: string };
    traversal: { status: number };
  };
  permissions?: {
    request: Record<string, boolean | undefined>;
    check: Record<string, boolean | undefined>;
    device: boolean | undefined;
  };
  navigation?: Record<string, unknown>;
  secondInstance?: { restored: number; focused: number; windowsAfter: number };
  quitAfterLastWindow?: boolean;
  exitCodes: number[];
  userDataSetTo: [string, string][];
  smokeReport: {
    ok: boolean;
    sandboxed: boolean;
    fuses: unknown;
    checks: Record<string, { ok: boolean; detail?: string }>;
  } | null;
}

const driver = join(__dirname, 'support/boot-built-main.ts');
let root: string;

function boot(
  scenario: 'first' | 'second' | 'smoke-unpackaged' | 'smoke-packaged',
  workDir: string,
): BootReport {
  const reportFile = join(workDir, 'report.json');
  const env = { ...process.env };
  delete env['ELECTRON_RENDERER_URL'];
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', driver, scenario, workDir, reportFile, wireChannel('getSettings')],
    { cwd: projectDir, env, encoding: 'utf8', timeout: 60_000 },
  );
  if (run.status !== 0 || !existsSync(reportFile)) {
    throw new Error(
      `The built main process did not boot (exit ${run.status ?? run.signal}):\n${run.stderr}\n${run.stdout}`,
    );
  }
  return JSON.parse(readFileSync(reportFile, 'utf8')) as BootReport;
}

let first: BootReport;
let second: BootReport;
let newer: BootReport;
let smokeUnpackaged: BootReport;
let smokePackaged: BootReport;
let newerDb: { path: string; hashBefore: string };
const userDataOf = (workDir: string) => join(workDir, 'paths', 'userData');
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(() => {
  assertBuiltFromCurrentSources(builtMain, ['src/main', 'src/shared']);
  root = mkdtempSync(join(tmpdir(), 'integration-desk-boot-'));
  const dirs = {
    first: join(root, 'first'),
    second: join(root, 'second'),
    newer: join(root, 'newer'),
    smokeUnpackaged: join(root, 'smoke-unpackaged'),
    smokePackaged: join(root, 'smoke-packaged'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir);

  // A data file written by a newer version of the app: ours (application id), schema far ahead.
  mkdirSync(userDataOf(dirs.newer), { recursive: true });
  const path = join(userDataOf(dirs.newer), DATABASE_FILE_NAME);
  const db = new Database(path);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma('user_version = 9999');
  db.close();
  newerDb = { path, hashBefore: sha256(path) };

  first = boot('first', dirs.first);
  second = boot('second', dirs.second);
  newer = boot('first', dirs.newer);
  smokeUnpackaged = boot('smoke-unpackaged', dirs.smokeUnpackaged);
  smokePackaged = boot('smoke-packaged', dirs.smokePackaged);
}, 240_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  for (const [, dir] of smokePackaged?.userDataSetTo ?? []) rmSync(dir, { recursive: true, force: true });
});

describe('the built main process on a normal start', () => {
  it('registers every contract channel exactly once, and nothing outside the contract', () => {
    const expected = CHANNEL_NAMES.map(wireChannel);
    for (const channel of expected) {
      expect(
        first.ipcRegistrations.filter((c) => c === channel),
        channel,
      ).toHaveLength(1);
    }
    expect(first.ipcRegistrations.filter((c) => !expected.includes(c))).toEqual([]);
  });

  it('registers each channel through the sender check: every untrusted sender is refused', () => {
    const refusals = first.ipc?.refusals ?? {};
    expect(Object.keys(refusals).sort()).toEqual([...first.ipcRegistrations].sort());
    for (const [channel, byKind] of Object.entries(refusals)) {
      expect(Object.keys(byKind).sort(), channel).toEqual([
        'foreignOrigin',
        'noFrame',
        'otherWindow',
        'subFrame',
      ]);
      for (const [kind, reply] of Object.entries(byKind)) {
        expect(reply, `${channel} from ${kind}`).toMatchObject({
          ok: false,
          error: { code: 'FORBIDDEN_SENDER' },
        });
      }
    }
    // …and the app's own top frame is served, from a store in the user-data folder.
    expect(first.ipc?.trustedReply).toMatchObject({ ok: true });
    expect(first.ipc?.trustedReply?.value?.dataFilePath).toBe(
      join(userDataOf(join(root, 'first')), DATABASE_FILE_NAME),
    );
  });

  it('creates exactly one window, sandboxed and isolated, with the built preload', () => {
    expect(first.windowsCreated).toBe(1);
    const prefs = first.windowOptions[0]?.webPreferences ?? {};
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      preload: join(projectDir, 'out/preload/index.js'),
    });
    expect(prefs['webSecurity']).not.toBe(false);
    expect(prefs['allowRunningInsecureContent']).not.toBe(true);
    expect(prefs['experimentalFeatures']).not.toBe(true);
    expect(prefs['enableBlinkFeatures']).toBeUndefined();
    expect(existsSync(String(prefs['preload']))).toBe(true);
  });

  it('registers app:// as a privileged scheme and turns the sandbox on before ready', () => {
    const { order } = first;
    expect(order.registerSchemesAsPrivileged).toBeGreaterThanOrEqual(0);
    expect(order.registerSchemesAsPrivileged).toBeLessThan(order.ready);
    expect(order.enableSandbox).toBeGreaterThanOrEqual(0);
    expect(order.enableSandbox).toBeLessThan(order.ready);
    expect(first.privilegedSchemes.flat()).toContainEqual({
      scheme: 'app',
      privileges: expect.objectContaining({ standard: true, secure: true }) as unknown,
    });
  });

  it('loads app://bundle/index.html, served by its app:// handler with the CSP header', () => {
    expect(first.loadedUrls).toEqual([['app://bundle/index.html']]);
    expect(first.protocolsHandled).toContain('app');
    expect(first.protocol?.entry.status).toBe(200);
    expect(first.protocol?.entry.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(first.protocol?.entry.body).toContain('<div id="root">');
    expect(cspMetaPolicies(first.protocol?.entry.body ?? '')).toEqual([META_CONTENT_SECURITY_POLICY]);
    expect(first.protocol?.traversal.status).toBeGreaterThanOrEqual(400);
  });

  it('sets permission handlers that refuse what the app does not use', () => {
    expect(first.permissionHandlers).toEqual({ request: true, check: true, device: true });
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      expect(first.permissions?.request[permission], permission).toBe(false);
    }
    expect(first.permissions?.check['media']).toBe(false);
    expect(first.permissions?.device).toBe(false);
  });

  it('keeps the window on the app: foreign navigation, new windows (middle-click too) and webviews refused', () => {
    expect(first.navigation).toEqual({
      foreignNavigationPrevented: true,
      foreignRedirectPrevented: true,
      lookalikePrevented: true,
      appNavigationPrevented: false,
      windowOpen: { action: 'deny' },
      middleClick: { action: 'deny' },
      webviewPrevented: true,
    });
  });

  it('hands a second launch to the window already open: restored, focused, no new window', () => {
    expect(first.secondInstance).toEqual({ restored: 1, focused: 1, windowsAfter: 1 });
  });

  it('shows no start-up error, and quits when its last window closes', () => {
    expect(first.errorBoxes).toEqual([]);
    expect(first.quitCallsAtStart).toBe(0);
    expect(first.quitAfterLastWindow).toBe(true);
  });

  it("makes the day's copy of the database in the user-data folder once start-up's work is done", () => {
    expect(readdirSync(join(userDataOf(join(root, 'first')), 'backups'))).toEqual([
      expect.stringMatching(/^integration-desk-\d{8}T\d{9}Z-daily\.sqlite$/),
    ]);
  });
});

describe('the built main process when another instance runs', () => {
  it('quits at once: no window, no IPC, no database opened', () => {
    expect(second.order.requestSingleInstanceLock).toBeGreaterThanOrEqual(0);
    expect(second.quitCallsAtStart).toBeGreaterThan(0);
    expect(second.windowsCreated).toBe(0);
    expect(second.ipcRegistrations).toEqual([]);
    expect(existsSync(join(userDataOf(join(root, 'second')), DATABASE_FILE_NAME))).toBe(false);
  });
});

describe('the built main process with a database from a newer version', () => {
  it('says so in a plain sentence, quits, and leaves the file untouched', () => {
    expect(newer.errorBoxes).toEqual([
      { title: 'Integration Desk', content: startupMessage('newer', ['en-US'], newerDb.path) },
    ]);
    expect(newer.quitCallsAtStart).toBeGreaterThan(0);
    expect(newer.windowsCreated).toBe(0);
    expect(sha256(newerDb.path)).toBe(newerDb.hashBefore);
  });
});

describe('the --smoke-test switch (src/main/smoke-test.ts), through the built main process', () => {
  it('is ignored by a development run: normal start, own user data, no report, no exit', () => {
    expect(smokeUnpackaged.smokeReport).toBeNull();
    expect(smokeUnpackaged.exitCodes).toEqual([]);
    expect(smokeUnpackaged.userDataSetTo).toEqual([]);
    expect(smokeUnpackaged.windowsCreated).toBe(1);
    expect(smokeUnpackaged.ipc?.trustedReply?.value?.dataFilePath).toBe(
      join(userDataOf(join(root, 'smoke-unpackaged')), DATABASE_FILE_NAME),
    );
  });

  it('in a packaged app: temporary user data, preload + keychain + migrations checked, report written, exit 0 only if sandboxed', async () => {
    const [[name, dir] = ['', '']] = smokePackaged.userDataSetTo;
    expect(name).toBe('userData');
    expect(dir.startsWith(tmpdir())).toBe(true);
    // The stand-in's renderer is the boot process itself, which the rule (unit-tested with the smoke
    // test) judges as it judges a real one: on Linux by its seccomp filter, which a container may add
    // and a plain machine does not, and this test's process inherits the same; elsewhere as reported.
    const sandboxed = isSandboxed({
      getAppMetrics: () => [{ pid: process.pid, type: 'Tab', sandboxed: true }],
      commandLine: { hasSwitch: () => false },
    });
    expect(smokePackaged.smokeReport).toMatchObject({
      ok: sandboxed,
      sandboxed,
      checks: { preload: { ok: true }, keychain: { ok: true }, migrations: { ok: true } },
    });
    // Plain Node is not an Electron binary: no fuse wire to read (a real package reports its fuses).
    expect(smokePackaged.smokeReport?.fuses).toBeNull();
    expect(smokePackaged.exitCodes).toEqual([sandboxed ? 0 : 1]);
    expect(existsSync(join(userDataOf(join(root, 'smoke-packaged')), DATABASE_FILE_NAME))).toBe(false);
    // It used its own keychain service and left it empty.
    expect(await new KeytarSecretStore(KEYCHAIN_SERVICES.smokeTest).accounts()).toEqual([]);
  });
});
