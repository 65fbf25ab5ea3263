import { join } from 'node:path';

import { app, BrowserWindow, dialog, Menu, nativeTheme, screen, type MessageBoxOptions } from 'electron';

import { applyTheme } from './appearance';
import { textContextMenuTemplate } from './context-menu';
import { attachCrashRecovery, type RecoveryPrompt } from './crash-recovery';
import { sendEvent } from './ipc/events';
import { applicationMenuTemplate } from './menu';
import type { Services } from './services/compose';
import type { Logger } from './services/log';
import { shellText } from './shell-text';
import { confirmBeforeLosingTypedValues } from './unsaved-changes';
import {
  loadWindowState,
  restoreWindowState,
  saveWindowState,
  trackWindowState,
  WINDOW_STATE_FILE,
  type RestoredWindowState,
  type WindowSizes,
} from './window-state';

// Electron glue only: the decisions live in the modules imported above, which are unit-tested
// under plain Node with stand-ins for the Electron objects.

const windowStatePath = () => join(app.getPath('userData'), WINDOW_STATE_FILE);

/** Where the window opens: where it was last time, if that is on a display connected now. */
export function windowPlacement(sizes: WindowSizes): RestoredWindowState {
  return restoreWindowState(
    loadWindowState(windowStatePath()),
    screen.getAllDisplays().map((display) => display.workArea),
    sizes,
  );
}

/**
 * The desktop conventions around the app window: the application menu and the text-field menu
 * in the app's language, native dialogs in the app's theme, size and position remembered,
 * a recovery message when the window crashes or hangs, and a question before typed values
 * are lost to a close, reload or quit.
 */
export function installDesktopShell(window: BrowserWindow, services: Services, log: Logger): void {
  const text = () => shellText(services.settings.get().language);
  const title = app.getName();
  const showError = (message: string) =>
    void dialog.showMessageBox(window, { type: 'error', title, message, noLink: true });

  const setMenu = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        applicationMenuTemplate({
          platform: process.platform,
          appName: title,
          text: text(),
          isPackaged: app.isPackaged,
          actions: {
            command: (command) => {
              if (window.isDestroyed()) return;
              if (window.isMinimized()) window.restore();
              window.focus();
              sendEvent(window.webContents, 'menuCommand', command);
            },
            openFolder: (folder) =>
              void services.support.openFolder(folder).then(
                ({ opened }) => opened || showError(text().folderNotOpened),
                (error: unknown) => {
                  log.warn('Folder not opened', { folder, error });
                  showError(text().folderNotOpened);
                },
              ),
            exportDiagnostics: () =>
              void services.exportDiagnostics().catch((error: unknown) => {
                log.error('Diagnostics export failed', { error });
                showError(text().diagnosticsNotSaved);
              }),
          },
        }),
      ),
    );
  setMenu();
  applyTheme(nativeTheme, services.settings.get().theme);
  services.settings.onChange((settings) => {
    applyTheme(nativeTheme, settings.theme);
    setMenu();
  });

  window.webContents.on('context-menu', (_event, params) => {
    const template = textContextMenuTemplate(params, text());
    if (template.length > 0) Menu.buildFromTemplate(template).popup({ window });
  });

  trackWindowState(window, (state) => saveWindowState(windowStatePath(), state), {
    onError: (error) => log.warn('Window size and position not saved', { error }),
  });

  const prompt: RecoveryPrompt = async (kind, signal) => {
    const t = text();
    const crashed = kind === 'crashed';
    const options: MessageBoxOptions = {
      type: 'warning',
      title,
      message: crashed ? t.crashedMessage : t.unresponsiveMessage,
      detail: crashed ? t.crashedDetail : t.unresponsiveDetail,
      buttons: crashed ? [t.reloadWindow, t.quit] : [t.wait, t.reloadWindow],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
      signal,
    };
    const { response } = await dialog.showMessageBox(window, options);
    if (crashed) return response === 1 ? 'quit' : 'reload';
    return response === 1 ? 'reload' : 'wait';
  };
  attachCrashRecovery(window, { prompt, quit: () => app.quit(), log });

  confirmBeforeLosingTypedValues(window.webContents, () => {
    const t = text();
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      title,
      message: t.unsavedMessage,
      detail: t.unsavedDetail,
      buttons: [t.keepEditing, t.closeAnyway],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    });
    return choice === 1;
  });
}
