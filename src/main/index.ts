import { join } from 'node:path';
import { userInfo } from 'node:os';

import {
  app,
  BrowserWindow,
  clipboard,
  ClipboardItem,
  dialog,
  ipcMain,
  protocol,
  session,
  shell,
} from 'electron';

import { installDesktopShell, windowPlacement } from './desktop-shell';

import { createIpcHandlers } from './ipc/handlers';
import { registerIpcHandlers } from './ipc/register-handlers';
import { APP_SCHEME } from './security/app-origin';
import { createAppProtocolHandler } from './security/app-protocol';
import { isAllowedExternalUrl } from './security/external-links';
import { denyPermissionsByDefault } from './security/permissions';
import { composeServices, type Services } from './services/compose';
import { EXTERNAL_HOSTS } from './services/links';
import { consoleLogger, createLogger, type Logger } from './services/log';
import { openLogFile, type LogFile } from './services/log-file';
import { KEYCHAIN_SERVICES } from './services/vault/service-names';
import { KeytarSecretStore } from './services/vault/keytar-secret-store';
import { runBeforeQuit } from './quit-tasks';
import { createSecretClipboard } from './secret-clipboard';
import { prepareSmokeTest } from './smoke-test';
import { startupFailureMessage } from './startup-messages';
import { createUpdates, NO_UPDATES } from './updates';
import { createMainWindow } from './window';
import { WINDOW_SIZES } from './window-options';

// The composition root: the only place that hands Electron's implementations to the services.

app.enableSandbox();
// A packaged app's --smoke-test launch (release workflow): temporary user data, before the lock.
const smokeTest = prepareSmokeTest(app, consoleLogger);
// codeCache: V8 keeps the compiled renderer scripts between launches, so the second and later
// starts skip most compilation (https://www.electronjs.org/docs/latest/api/protocol#protocolregisterschemesasprivilegedcustomschemes).
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
]);

const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const ownWindows = new Set<number>();
let services: Services | undefined;
// The console until this instance owns the log file (a second instance only hands over focus).
let log: Logger = consoleLogger;
let logFile: LogFile | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // The OS logs folder: ~/Library/Logs/<app> on macOS, <userData>/logs on Windows and Linux.
  app.setAppLogsPath();
  const file = openLogFile({ dir: app.getPath('logs') });
  logFile = file;
  log = createLogger((line) => {
    console.log(line);
    file.write(line);
  });
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.whenReady().then(start, (error: unknown) => fail(error));
  app.on('window-all-closed', () => app.quit());
  // A secret copied from the review does not outlive the app on the clipboard.
  runBeforeQuit(app, {
    before: async () => services?.review.clearCopiedSecret(),
    exit: () => {
      services?.close();
      logFile?.close();
    },
  });
}

function start(): void {
  denyPermissionsByDefault(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(__dirname, '../renderer')));
  const secrets = new KeytarSecretStore(
    smokeTest?.keychainService ??
      (app.isPackaged ? KEYCHAIN_SERVICES.production : KEYCHAIN_SERVICES.development),
  );
  try {
    services = composeServices({
      dataDir: app.getPath('userData'),
      secrets,
      systemLocales: app.getPreferredSystemLanguages(),
      osUser: userInfo().username,
      openExternal: async (url) => {
        if (isAllowedExternalUrl(url, EXTERNAL_HOSTS)) await shell.openExternal(url);
      },
      log,
      clipboard: createSecretClipboard(
        clipboard,
        (formats) => new ClipboardItem(formats),
        process.platform,
        (error) => log.warn('Clipboard refused the concealed markers; copied as plain text', { error }),
      ),
      appInfo: {
        appVersion: app.getVersion(),
        electronVersion: process.versions.electron,
        chromiumVersion: process.versions.chrome,
        nodeVersion: process.versions.node,
        os: `${process.platform} ${process.getSystemVersion()} ${process.arch}`,
        dataFolder: app.getPath('userData'),
        logsFolder: app.getPath('logs'),
      },
      openPath: async (path) => (await shell.openPath(path)) === '',
      recentLog: (count) => logFile?.recentLines(count) ?? [],
      chooseSavePath: async (suggestedName, format) => {
        const options = {
          defaultPath: join(app.getPath('documents'), suggestedName),
          filters: [
            format === 'csv' ? { name: 'CSV', extensions: ['csv'] } : { name: 'JSON', extensions: ['json'] },
          ],
        };
        const focused = BrowserWindow.getFocusedWindow();
        const result = focused
          ? await dialog.showSaveDialog(focused, options)
          : await dialog.showSaveDialog(options);
        return result.canceled || !result.filePath ? null : result.filePath;
      },
    });
  } catch (error) {
    fail(error);
    return;
  }
  // Probes the keychain, then reconciles it with SQLite; the first screen's notices follow the probe.
  // The smoke test waits for it (keytar calls must not overlap).
  const startupWork = services.reconciliation.run();
  const updates = smokeTest ? NO_UPDATES : createUpdates(app, log);
  // Keep-alive looks only once the keychain and the store agree (and only if Settings turn it on).
  const { keepAlive, backUpIfDue } = services;
  void startupWork.then(
    () => {
      keepAlive.start();
      // The day's copy of the database (store/backups.ts), once start-up's own work is done.
      try {
        const fileName = backUpIfDue();
        if (fileName) log.info('Database copied', { fileName });
      } catch (error) {
        log.warn('Database copy failed', { error });
      }
    },
    () => undefined,
  );
  registerIpcHandlers(
    ipcMain,
    createIpcHandlers(services, updates),
    { isOwnWindow: (id) => ownWindows.has(id), devServerOrigin: devServerUrl },
    log,
  );
  const window = createMainWindow({
    preloadPath: join(__dirname, '../preload/index.js'),
    isPackaged: app.isPackaged,
    devServerUrl,
    placement: windowPlacement(WINDOW_SIZES),
  });
  const id = window.webContents.id;
  ownWindows.add(id);
  window.on('closed', () => ownWindows.delete(id));
  installDesktopShell(window, services, log);
  const db = services.db;
  if (smokeTest) {
    void smokeTest.run({
      contents: window.webContents,
      secrets,
      schemaVersion: () => db.pragma('user_version', { simple: true }) as number,
      startupWork,
    });
  } else void updates.check({ notify: true });
}

/** A start-up failure the user can act on gets a plain sentence, then the app quits. */
function fail(error: unknown): void {
  log.error('Start-up failed', { error });
  dialog.showErrorBox('Integration Desk', startupFailureMessage(error, app.getPreferredSystemLanguages()));
  app.quit();
}
