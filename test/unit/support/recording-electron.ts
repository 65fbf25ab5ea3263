import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { withFallback } from './permissive';
import { createStandInWindows, type StandInContents, type StandInWindowLike } from './stand-in-windows';

export type { StandInContents, StandInWindowLike };

/**
 * A recording stand-in for the `electron` module, so the BUILT main process (out/main/index.js) and
 * preload (out/preload/index.js) can run under plain Node on machines where Electron cannot.
 *
 * It records what the app asks Electron to do (register a scheme, create a window, load a URL, set
 * a permission handler, quit…) and keeps the handlers the app hands over, so a test can call them as
 * Electron would. What it models is the few parts the start-up checks read; every other member —
 * anything main may start using later (menus, screen, notifications…) — is a permissive recorder
 * that accepts any call, so adding a feature to main does not break the boot test.
 *
 * What it does NOT prove: that a real Chromium renderer loads the page, that the sandbox holds, that
 * native modules load under Electron's ABI. The Playwright specs in test/e2e/electron/ do that where
 * Electron runs (CI).
 */

export interface RecordedCall {
  readonly seq: number;
  readonly name: string;
  readonly args: readonly unknown[];
}

export interface StandInOptions {
  /** Folder under which app.getPath() answers (userData is `<root>/userData`). */
  pathsRoot: string;
  isPackaged?: boolean;
  /** What requestSingleInstanceLock() answers: false makes this the second instance. */
  singleInstanceLock?: boolean;
  preferredLanguages?: string[];
}

type Handler = (...args: never[]) => unknown;

export interface RecordingElectron {
  /** What `require('electron')` returns. */
  electron: Record<string, unknown>;
  calls: RecordedCall[];
  /** Emits `ready` and resolves whenReady(), as Electron does after the main script's first run. */
  becomeReady(): void;
  windows: StandInWindowLike[];
  protocolHandlers: Map<string, Handler>;
  ipcHandlers: Map<string, Handler>;
  ipcRegistrations: string[];
  permissionHandlers: { request?: Handler; check?: Handler; device?: Handler };
  errorBoxes: { title: string; content: string }[];
  openedExternally: string[];
  /** What the preload exposed through contextBridge, by key. */
  exposed: Map<string, unknown>;
  invocations: { channel: string; payload: unknown }[];
  appEmitter: EventEmitter;
  /** Where the preload's ipcRenderer.invoke goes (by default: an INTERNAL error reply). */
  routeInvoke(route: (channel: string, payload: unknown) => Promise<unknown>): void;
  /** What webContents.executeJavaScript runs the code against. */
  setPageEvaluator(evaluate: (code: string) => Promise<unknown>): void;
  /** Sequence number of the first call with this name, or -1. */
  firstCall(name: string): number;
  callCount(name: string): number;
}

export function createRecordingElectron(options: StandInOptions): RecordingElectron {
  const calls: RecordedCall[] = [];
  let seq = 0;
  const record = (name: string, args: unknown[]) => {
    calls.push({ seq: seq++, name, args });
  };
  const paths = new Map<string, string>();
  const pathFor = (name: string) => {
    const existing = paths.get(name);
    if (existing) return existing;
    const dir = join(options.pathsRoot, name);
    mkdirSync(dir, { recursive: true });
    paths.set(name, dir);
    return dir;
  };

  // --- app ------------------------------------------------------------------------------------
  let markReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (markReady = resolve));
  let ready = false;
  const appEmitter = new EventEmitter();

  const app = withFallback(
    Object.assign(appEmitter, {
      isPackaged: options.isPackaged ?? false,
      name: 'Integration Desk',
      commandLine: withFallback(
        {
          appendSwitch: (...args: unknown[]) => record('app.commandLine.appendSwitch', args),
          hasSwitch: () => false,
          getSwitchValue: () => '',
        },
        'app.commandLine',
        record,
      ),
      enableSandbox: () => record('app.enableSandbox', []),
      requestSingleInstanceLock: () => {
        record('app.requestSingleInstanceLock', []);
        return options.singleInstanceLock ?? true;
      },
      quit: () => {
        record('app.quit', []);
        appEmitter.emit('will-quit', { preventDefault: () => undefined });
      },
      exit: (code?: number) => record('app.exit', [code ?? 0]),
      // The renderer is this very process: on Linux the smoke test reads its seccomp state in /proc.
      getAppMetrics: () => [
        { pid: process.pid, type: 'Browser' },
        { pid: process.pid, type: 'Tab', sandboxed: true },
      ],
      whenReady: () => readyPromise,
      isReady: () => ready,
      getPath: (name: string) => pathFor(name),
      setPath: (name: string, value: string) => {
        record('app.setPath', [name, value]);
        paths.set(name, value);
      },
      setAppLogsPath: (path?: string) => {
        record('app.setAppLogsPath', [path]);
        paths.set('logs', path ?? pathFor('logs'));
      },
      getAppPath: () => process.cwd(),
      getName: () => 'Integration Desk',
      getVersion: () => '0.0.0-stand-in',
      getLocale: () => (options.preferredLanguages ?? ['en-US'])[0],
      getSystemLocale: () => (options.preferredLanguages ?? ['en-US'])[0],
      getPreferredSystemLanguages: () => options.preferredLanguages ?? ['en-US'],
    }),
    'app',
    record,
  );

  /** Makes the app ready the way Electron does: the `ready` event, then whenReady() resolves. */
  const becomeReady = () => {
    record('(electron) ready', []);
    ready = true;
    appEmitter.emit('ready', {}, {});
    markReady();
  };

  // --- windows --------------------------------------------------------------------------------
  let pageEvaluator: ((code: string) => Promise<unknown>) | undefined;
  const { BrowserWindow: StandInWindow, windows } = createStandInWindows({
    record,
    appEmitter,
    pageEvaluator: () => pageEvaluator,
  });

  // --- protocol, ipc, session ------------------------------------------------------------------
  const protocolHandlers = new Map<string, Handler>();
  const protocol = withFallback(
    {
      registerSchemesAsPrivileged: (schemes: unknown) =>
        record('protocol.registerSchemesAsPrivileged', [schemes]),
      handle: (scheme: string, handler: Handler) => {
        record('protocol.handle', [scheme]);
        protocolHandlers.set(scheme, handler);
      },
      isProtocolHandled: (scheme: string) => protocolHandlers.has(scheme),
      unhandle: (scheme: string) => protocolHandlers.delete(scheme),
    },
    'protocol',
    record,
  );

  const ipcHandlers = new Map<string, Handler>();
  const ipcRegistrations: string[] = [];
  const ipcMain = withFallback(
    Object.assign(new EventEmitter(), {
      handle: (channel: string, listener: Handler) => {
        record('ipcMain.handle', [channel]);
        ipcRegistrations.push(channel);
        ipcHandlers.set(channel, listener);
      },
      handleOnce: (channel: string, listener: Handler) => {
        record('ipcMain.handleOnce', [channel]);
        ipcRegistrations.push(channel);
        ipcHandlers.set(channel, listener);
      },
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
    }),
    'ipcMain',
    record,
  );

  const permissionHandlers: {
    request?: Handler;
    check?: Handler;
    device?: Handler;
  } = {};
  const defaultSession = withFallback(
    {
      setPermissionRequestHandler: (handler: Handler) => {
        record('session.setPermissionRequestHandler', []);
        permissionHandlers.request = handler;
      },
      setPermissionCheckHandler: (handler: Handler) => {
        record('session.setPermissionCheckHandler', []);
        permissionHandlers.check = handler;
      },
      setDevicePermissionHandler: (handler: Handler) => {
        record('session.setDevicePermissionHandler', []);
        permissionHandlers.device = handler;
      },
    },
    'session.defaultSession',
    record,
  );

  // --- the rest main uses ----------------------------------------------------------------------
  const errorBoxes: { title: string; content: string }[] = [];
  const dialog = withFallback(
    {
      showErrorBox: (title: string, content: string) => {
        record('dialog.showErrorBox', [title, content]);
        errorBoxes.push({ title, content });
      },
      showMessageBox: (...args: unknown[]) => {
        record('dialog.showMessageBox', args);
        return Promise.resolve({ response: 0, checkboxChecked: false });
      },
      showMessageBoxSync: (...args: unknown[]) => {
        record('dialog.showMessageBoxSync', args);
        return 0;
      },
      showSaveDialog: () => Promise.resolve({ canceled: true }),
      showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
    },
    'dialog',
    record,
  );
  const openedExternally: string[] = [];
  const shell = withFallback(
    {
      openExternal: (url: string) => {
        record('shell.openExternal', [url]);
        openedExternally.push(url);
        return Promise.resolve();
      },
    },
    'shell',
    record,
  );
  let clipboardText = '';
  const clipboard = withFallback(
    {
      writeText: (text: string) => (clipboardText = text),
      readText: () => clipboardText,
      clear: () => (clipboardText = ''),
    },
    'clipboard',
    record,
  );
  const display = {
    id: 1,
    scaleFactor: 1,
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1040 },
    workAreaSize: { width: 1920, height: 1040 },
    size: { width: 1920, height: 1080 },
  };
  const screen = withFallback(
    Object.assign(new EventEmitter(), {
      getPrimaryDisplay: () => display,
      getAllDisplays: () => [display],
      getDisplayMatching: () => display,
      getDisplayNearestPoint: () => display,
    }),
    'screen',
    record,
  );
  const Menu = withFallback(
    {
      buildFromTemplate: (template: unknown[]) => {
        record('Menu.buildFromTemplate', [template]);
        return withFallback({ items: template }, 'Menu#instance', record);
      },
      setApplicationMenu: (menu: unknown) => record('Menu.setApplicationMenu', [menu]),
      getApplicationMenu: () => null,
    },
    'Menu',
    record,
  );
  const nativeTheme = withFallback(
    Object.assign(new EventEmitter(), { shouldUseDarkColors: false, themeSource: 'system' }),
    'nativeTheme',
    record,
  );

  // --- preload side ----------------------------------------------------------------------------
  const exposed = new Map<string, unknown>();
  const contextBridge = withFallback(
    {
      exposeInMainWorld: (key: string, api: unknown) => {
        record('contextBridge.exposeInMainWorld', [key]);
        exposed.set(key, api);
      },
    },
    'contextBridge',
    record,
  );
  const invocations: { channel: string; payload: unknown }[] = [];
  let invokeRoute: ((channel: string, payload: unknown) => Promise<unknown>) | undefined;
  const ipcRenderer = withFallback(
    Object.assign(new EventEmitter(), {
      invoke: (channel: string, payload: unknown) => {
        invocations.push({ channel, payload });
        return invokeRoute
          ? invokeRoute(channel, payload)
          : Promise.resolve({ ok: false, error: { code: 'INTERNAL' } });
      },
    }),
    'ipcRenderer',
    record,
  );

  const electron = withFallback(
    {
      app,
      BrowserWindow: StandInWindow,
      protocol,
      ipcMain,
      session: withFallback({ defaultSession, fromPartition: () => defaultSession }, 'session', record),
      dialog,
      shell,
      clipboard,
      screen,
      Menu,
      nativeTheme,
      contextBridge,
      ipcRenderer,
    },
    'electron',
    record,
  );

  return {
    electron,
    calls,
    becomeReady,
    windows,
    protocolHandlers,
    ipcHandlers,
    ipcRegistrations,
    permissionHandlers,
    errorBoxes,
    openedExternally,
    exposed,
    invocations,
    appEmitter,
    routeInvoke: (route) => (invokeRoute = route),
    setPageEvaluator: (evaluate) => (pageEvaluator = evaluate),
    firstCall: (name: string) => calls.find((c) => c.name === name)?.seq ?? -1,
    callCount: (name: string) => calls.filter((c) => c.name === name).length,
  };
}
