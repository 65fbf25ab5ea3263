/**
 * Child process of test/unit/main-boot.test.ts: loads the BUILT main process (out/main/index.js)
 * under plain Node with the recording stand-in resolved as `electron`, makes the app ready the way
 * Electron would, calls what main handed to Electron (IPC handlers, the app:// handler, permission
 * and navigation handlers) as Electron would, and writes what it saw as JSON.
 *
 *   node --import tsx test/unit/support/boot-built-main.ts <scenario> <workDir> <reportFile> <trustedChannel>
 *
 * Scenarios: `first` (a normal start), `second` (another instance already holds the lock),
 * `smoke-unpackaged` and `smoke-packaged` (a start with `--smoke-test=<workDir>/smoke.json`, as a
 * development run and as a packaged app). A database from a newer version is a `first` start whose
 * workDir already holds such a file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { release } from 'node:os';
import { join, resolve } from 'node:path';

import { loadBuiltPreload, pageEvaluator } from './load-preload';
import { createRecordingElectron, type StandInContents } from './recording-electron';

const [scenario, workDir, reportFile, trustedChannel] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
];
const projectDir = resolve(__dirname, '../../..');
const mainEntry = join(projectDir, 'out/main/index.js');

const stand = createRecordingElectron({
  pathsRoot: join(workDir, 'paths'),
  singleInstanceLock: scenario !== 'second',
  isPackaged: scenario === 'smoke-packaged',
});
const smokeReport = join(workDir, 'smoke.json');
if (scenario.startsWith('smoke-')) process.argv.push(`--smoke-test=${smokeReport}`);

// Electron adds process.getSystemVersion() (the OS version, for About); Node has os.release().
(process as unknown as { getSystemVersion?: () => string }).getSystemVersion ??= () => release();

// The page side: the built preload's window.api, its invoke routed to main's handlers as a call from
// the app's own top frame (so a smoke test's executeJavaScript sees the real bridge).
loadBuiltPreload(stand);
stand.setPageEvaluator(pageEvaluator(stand));
stand.routeInvoke(async (channel, payload) => {
  const handler = stand.ipcHandlers.get(channel) as
    ((e: unknown, p: unknown) => Promise<unknown>) | undefined;
  const id = stand.windows[0]?.webContents.id ?? -1;
  return handler?.(
    { sender: { id }, senderFrame: { url: 'app://bundle/index.html', parent: null } },
    payload,
  );
});

// Resolve `electron` to the stand-in for every require in the built bundle and its dependencies.
const standInPath = join(workDir, 'electron-stand-in.js');
const standInModule = new Module(standInPath);
standInModule.filename = standInPath;
standInModule.loaded = true;
standInModule.exports = stand.electron;
const moduleInternals = Module as unknown as {
  _cache: Record<string, Module>;
  _resolveFilename: (request: string, ...rest: unknown[]) => string;
};
moduleInternals._cache[standInPath] = standInModule;
const resolveFilename = moduleInternals._resolveFilename;
moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'electron' ? standInPath : resolveFilename.call(this, request, ...rest);
};

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

type Contents = StandInContents;

/** Emits a navigation event as Electron would and says whether the app cancelled it. */
function navigationPrevented(contents: Contents, event: string, url: string): boolean {
  let prevented = false;
  contents.emit(event, { url, preventDefault: () => (prevented = true) }, url);
  return prevented;
}

async function probeIpc(ownContentsId: number) {
  const untrusted = {
    noFrame: { sender: { id: ownContentsId }, senderFrame: null },
    foreignOrigin: {
      sender: { id: ownContentsId },
      senderFrame: { url: 'https://evil.example/', parent: null },
    },
    subFrame: { sender: { id: ownContentsId }, senderFrame: { url: 'app://bundle/index.html', parent: {} } },
    otherWindow: { sender: { id: 9999 }, senderFrame: { url: 'app://bundle/index.html', parent: null } },
  };
  const refusals: Record<string, Record<string, unknown>> = {};
  for (const [channel, handler] of stand.ipcHandlers) {
    refusals[channel] = {};
    for (const [kind, event] of Object.entries(untrusted)) {
      refusals[channel][kind] = await (handler as (e: unknown, p: unknown) => Promise<unknown>)(
        event,
        undefined,
      );
    }
  }
  const trusted = stand.ipcHandlers.get(trustedChannel) as
    ((e: unknown, p: unknown) => Promise<unknown>) | undefined;
  const trustedReply = trusted
    ? await trusted(
        { sender: { id: ownContentsId }, senderFrame: { url: 'app://bundle/index.html', parent: null } },
        undefined,
      )
    : null;
  return { refusals, trustedReply };
}

async function probeProtocol() {
  const handler = stand.protocolHandlers.get('app') as
    ((request: { url: string }) => Promise<Response>) | undefined;
  if (!handler) return null;
  const entry = await handler({ url: 'app://bundle/index.html' });
  const traversal = await handler({ url: 'app://bundle/..%2f..%2fpackage.json' });
  return {
    entry: { status: entry.status, headers: Object.fromEntries(entry.headers), body: await entry.text() },
    traversal: { status: traversal.status },
  };
}

function probePermissions() {
  const { request, check, device } = stand.permissionHandlers;
  const asked = (permission: string) => {
    let granted: boolean | undefined;
    (request as ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | undefined)?.(
      {},
      permission,
      (g) => (granted = g),
    );
    return granted;
  };
  const checked = (permission: string) =>
    (check as ((wc: unknown, p: string) => boolean) | undefined)?.({}, permission);
  return {
    request: Object.fromEntries(
      ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-sanitized-write'].map((p) => [
        p,
        asked(p),
      ]),
    ),
    check: Object.fromEntries(
      ['media', 'geolocation', 'clipboard-sanitized-write'].map((p) => [p, checked(p)]),
    ),
    device: (device as ((d: unknown) => boolean) | undefined)?.({ deviceType: 'usb' }),
  };
}

async function main(): Promise<void> {
  const report: Record<string, unknown> = { scenario };
  createRequire(__filename)(mainEntry);
  // Electron becomes ready after the main script's first run; anything main must do before `ready`
  // (privileged schemes, the sandbox switch) has happened by now or it is too late.
  await sleep(10);
  stand.becomeReady();

  if (scenario === 'second') {
    await sleep(300);
  } else if (scenario === 'smoke-packaged') {
    await until(() => stand.callCount('app.exit') > 0, 30_000);
  } else {
    await until(
      () => stand.callCount('app.quit') > 0 || (stand.windows[0]?.webContents.loadedUrls.length ?? 0) > 0,
      15_000,
    );
  }
  // Let start-up work that runs after the window (keychain probe, reconciliation) settle.
  await sleep(200);

  report['windowsCreated'] = stand.callCount('new BrowserWindow');
  report['windowOptions'] = stand.calls
    .filter((c) => c.name === 'new BrowserWindow')
    .map((c) => JSON.parse(JSON.stringify(c.args[0] ?? {})) as unknown);
  report['loadedUrls'] = stand.windows.map((w) => w.webContents.loadedUrls);
  report['order'] = {
    ready: stand.firstCall('(electron) ready'),
    registerSchemesAsPrivileged: stand.firstCall('protocol.registerSchemesAsPrivileged'),
    enableSandbox: stand.firstCall('app.enableSandbox'),
    requestSingleInstanceLock: stand.firstCall('app.requestSingleInstanceLock'),
  };
  report['privilegedSchemes'] = stand.calls
    .filter((c) => c.name === 'protocol.registerSchemesAsPrivileged')
    .map((c) => c.args[0]);
  report['protocolsHandled'] = [...stand.protocolHandlers.keys()];
  report['ipcRegistrations'] = stand.ipcRegistrations;
  report['permissionHandlers'] = {
    request: Boolean(stand.permissionHandlers.request),
    check: Boolean(stand.permissionHandlers.check),
    device: Boolean(stand.permissionHandlers.device),
  };
  report['errorBoxes'] = stand.errorBoxes;
  report['quitCallsAtStart'] = stand.callCount('app.quit');
  report['exitCodes'] = stand.calls.filter((c) => c.name === 'app.exit').map((c) => c.args[0]);
  report['userDataSetTo'] = stand.calls.filter((c) => c.name === 'app.setPath').map((c) => c.args);
  report['smokeReport'] = existsSync(smokeReport)
    ? (JSON.parse(readFileSync(smokeReport, 'utf8')) as unknown)
    : null;
  if (scenario === 'smoke-packaged') {
    writeFileSync(reportFile, JSON.stringify(report, null, 2));
    return;
  }

  const window = stand.windows[0];
  if (window) {
    const contents = window.webContents;
    report['ipc'] = await probeIpc(contents.id);
    report['protocol'] = await probeProtocol();
    report['permissions'] = probePermissions();

    const opened = contents.windowOpenHandler as
      ((d: { url: string; disposition: string }) => unknown) | undefined;
    // Any web contents created later (a webview's guest, say) gets the app's guards too.
    const attached = new (Object.getPrototypeOf(contents).constructor as new () => Contents)();
    stand.appEmitter.emit('web-contents-created', {}, attached);
    report['navigation'] = {
      foreignNavigationPrevented: navigationPrevented(contents, 'will-navigate', 'https://example.com/'),
      foreignRedirectPrevented: navigationPrevented(contents, 'will-redirect', 'https://example.com/'),
      lookalikePrevented: navigationPrevented(contents, 'will-navigate', 'app://bundle.evil/index.html'),
      appNavigationPrevented: navigationPrevented(contents, 'will-navigate', 'app://bundle/index.html'),
      windowOpen: opened?.({ url: 'https://example.com/', disposition: 'new-window' }) ?? null,
      middleClick: opened?.({ url: 'https://example.com/', disposition: 'background-tab' }) ?? null,
      webviewPrevented: navigationPrevented(attached, 'will-attach-webview', 'https://example.com/'),
    };

    // A second launch: Electron emits `second-instance` in the first one.
    window.minimized = true;
    const before = { restore: stand.callCount('window.restore'), focus: stand.callCount('window.focus') };
    stand.appEmitter.emit(
      'second-instance',
      { preventDefault: () => undefined },
      ['integration-desk'],
      projectDir,
    );
    await sleep(20);
    report['secondInstance'] = {
      restored: stand.callCount('window.restore') - before.restore,
      focused: stand.callCount('window.focus') - before.focus,
      windowsAfter: stand.windows.length,
    };

    // The day's copy of the database follows start-up's keychain work (src/main/index.ts).
    await until(() => existsSync(join(workDir, 'paths', 'userData', 'backups')), 10_000);
    // Closing the last window quits the app (and closes the database).
    window.close();
    await sleep(50);
    report['quitAfterLastWindow'] = stand.callCount('app.quit') > 0;
  }
  writeFileSync(reportFile, JSON.stringify(report, null, 2));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('boot-built-main failed:', error);
    process.exit(2);
  },
);
