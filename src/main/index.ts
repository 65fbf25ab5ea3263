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
import { DatabaseFromFutureError } from './services/store/errors';
import { KEYCHAIN_SERVICES } from './services/vault/service-names';
import { KeytarSecretStore } from './services/vault/keytar-secret-store';
import { startupMessage } from './startup-messages';
import { startAutoUpdates } from './updates';
import { createMainWindow } from './window';

// The composition root: the only place that hands Electron's implementations to the services.

app.enableSandbox();
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
  try {
    services = composeServices({
      dataDir: app.getPath('userData'),
      secrets: new KeytarSecretStore(
        app.isPackaged ? KEYCHAIN_SERVICES.production : KEYCHAIN_SERVICES.development,
      ),
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
  const ready = services;
  // Keep-alive looks only once the keychain and the store agree (and only if Settings turn it on).
  void ready.prepare().then(() => ready.keepAlive.start());
  registerIpcHandlers(
    ipcMain,
    createIpcHandlers(services),
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
  void startAutoUpdates(app, consoleLogger);
}

/** A start-up failure the user can act on gets a plain sentence, then the app quits. */
function fail(error: unknown): void {
  consoleLogger.error('Start-up failed', { error });
  const key = error instanceof DatabaseFromFutureError ? 'databaseFromFuture' : 'startFailed';
  dialog.showErrorBox('Integration Desk', startupMessage(key, app.getPreferredSystemLanguages()));
  app.quit();
}
