import { join } from 'node:path';
import { userInfo } from 'node:os';

import { app, BrowserWindow, clipboard, dialog, ipcMain, protocol, session, shell } from 'electron';

import { createIpcHandlers } from './ipc/handlers';
import { registerIpcHandlers } from './ipc/secure-handle';
import { APP_SCHEME } from './security/app-origin';
import { createAppProtocolHandler } from './security/app-protocol';
import { isAllowedExternalUrl } from './security/external-links';
import { denyPermissionsByDefault } from './security/permissions';
import { composeServices, type Services } from './services/compose';
import { EXTERNAL_HOSTS } from './services/links';
import { consoleLogger } from './services/log';
import { KEYCHAIN_SERVICES } from './services/vault/service-names';
import { KeytarSecretStore } from './services/vault/keytar-secret-store';
import { prepareSmokeTest } from './smoke-test';
import { startupFailureMessage } from './startup-messages';
import { createUpdates, NO_UPDATES } from './updates';
import { createMainWindow } from './window';

// The composition root: the only place that hands Electron's implementations to the services.

app.enableSandbox();
// A packaged app's --smoke-test launch (release workflow): temporary user data, before the lock.
const smokeTest = prepareSmokeTest(app, consoleLogger);
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const ownWindows = new Set<number>();
let services: Services | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
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
  app.on('will-quit', () => services?.close());
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
      clipboard,
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
  const updates = smokeTest ? NO_UPDATES : createUpdates(app, consoleLogger);
  // Keep-alive looks only once the keychain and the store agree (and only if Settings turn it on).
  const { keepAlive } = services;
  void startupWork.then(
    () => keepAlive.start(),
    () => undefined,
  );
  registerIpcHandlers(
    ipcMain,
    createIpcHandlers(services, updates),
    { isOwnWindow: (id) => ownWindows.has(id), devServerOrigin: devServerUrl },
    consoleLogger,
  );
  const window = createMainWindow({
    preloadPath: join(__dirname, '../preload/index.js'),
    isPackaged: app.isPackaged,
    devServerUrl,
  });
  const id = window.webContents.id;
  ownWindows.add(id);
  window.on('closed', () => ownWindows.delete(id));
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
  consoleLogger.error('Start-up failed', { error });
  dialog.showErrorBox('Integration Desk', startupFailureMessage(error, app.getPreferredSystemLanguages()));
  app.quit();
}
