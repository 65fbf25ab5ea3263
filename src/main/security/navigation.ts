import { isAllowedExternalUrl } from './external-links';

import { isAppUrl } from './app-origin';

/** The parts of Electron's WebContents the guards use (structural, so tests need no Electron). */
export interface GuardedContents {
  on(
    event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate',
    listener: (event: { preventDefault(): void; url: string }, url?: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface NavigationGuardOptions {
  allowedExternalHosts: ReadonlySet<string>;
  openExternal: (url: string) => void;
  devServerOrigin?: string;
}

/**
 * Keeps the window on the app: navigation away is cancelled, new windows are
 * denied (allow-listed https links go to the system browser instead), and
 * <webview> can never attach.
 */
export function attachNavigationGuards(contents: GuardedContents, options: NavigationGuardOptions): void {
  const blockForeign = (event: { preventDefault(): void; url: string }, url?: string) => {
    if (!isAppUrl(url ?? event.url, options.devServerOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-frame-navigate', blockForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url, options.allowedExternalHosts)) options.openExternal(url);
    return { action: 'deny' };
  });
}
