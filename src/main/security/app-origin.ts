import { parseUrlWithoutCredentials } from './parse-url';

/** The app's own scheme and host: the UI is served from app://bundle/. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Whether a URL belongs to the app. Compared on parsed parts, never with
 * startsWith: `app://bundle.evil/` and `app://bundle@evil/` are not the app.
 * `devServerOrigin` is the electron-vite dev server, only in unpackaged development.
 */
export function isAppUrl(raw: string, devServerOrigin?: string): boolean {
  const url = parseUrlWithoutCredentials(raw);
  if (!url) return false;
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
  if (devServerOrigin) {
    try {
      return url.origin === new URL(devServerOrigin).origin && url.origin !== 'null';
    } catch {
      return false;
    }
  }
  return false;
}
