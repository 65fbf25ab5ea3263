import { BrowserWindow, shell } from 'electron';

import { APP_ENTRY_URL } from './security/app-origin';
import { attachNavigationGuards } from './security/navigation';
import { EXTERNAL_HOSTS } from './services/links';
import { mainWindowOptions } from './window-options';
import type { RestoredWindowState } from './window-state';

export interface MainWindowOptions {
  preloadPath: string;
  isPackaged: boolean;
  /** electron-vite's dev server, only when running unpackaged in development. */
  devServerUrl?: string;
  /** Where and how big the window opens (its remembered place), instead of the default. */
  placement?: RestoredWindowState;
}

/** The one secure window factory: hardened options, navigation guards, app:// entry. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const placement = options.placement;
  const window = new BrowserWindow({
    ...mainWindowOptions(options.preloadPath, options.isPackaged),
    ...(placement && {
      width: placement.width,
      height: placement.height,
      ...(placement.x !== undefined && placement.y !== undefined && { x: placement.x, y: placement.y }),
      fullscreen: placement.fullScreen,
    }),
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
  window.once('ready-to-show', () => {
    if (placement?.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(options.devServerUrl ?? APP_ENTRY_URL);
  return window;
}
