import { BrowserWindow, shell } from 'electron';

import { APP_ENTRY_URL } from './security/app-origin';
import { attachNavigationGuards } from './security/navigation';
import { EXTERNAL_HOSTS } from './services/links';
import { mainWindowOptions } from './window-options';

export interface MainWindowOptions {
  preloadPath: string;
  isPackaged: boolean;
  /** electron-vite's dev server, only when running unpackaged in development. */
  devServerUrl?: string;
}

/** The one secure window factory: hardened options, navigation guards, app:// entry. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    ...mainWindowOptions(options.preloadPath, options.isPackaged),
    // Literal flags kept at the call site too, where static checkers look for them.
    webPreferences: {
      ...mainWindowOptions(options.preloadPath, options.isPackaged).webPreferences,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    },
  });
  attachNavigationGuards(window.webContents, {
    allowedExternalHosts: EXTERNAL_HOSTS,
    openExternal: (url) => void shell.openExternal(url),
    devServerOrigin: options.devServerUrl,
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.devServerUrl ?? APP_ENTRY_URL);
  return window;
}
