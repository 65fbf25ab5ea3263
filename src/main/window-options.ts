import type { BrowserWindowConstructorOptions } from 'electron';

/** The window's default and smallest size (the saved size is used when there is one). */
export const WINDOW_SIZES: Readonly<Record<'width' | 'height' | 'minWidth' | 'minHeight', number>> = {
  width: 1180,
  height: 780,
  minWidth: 860,
  minHeight: 560,
};

/**
 * The options of the one app window, in one function so a test can check every
 * security-relevant flag (Electron security checklist items 2–4, 6, 8–11).
 */
export function mainWindowOptions(preloadPath: string, isPackaged: boolean): BrowserWindowConstructorOptions {
  return {
    ...WINDOW_SIZES,
    show: false,
    title: 'Integration Desk',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !isPackaged,
    },
  };
}
