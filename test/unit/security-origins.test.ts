/**
 * Which pages count as the app (navigation and IPC trust both depend on it), including the
 * electron-vite dev server in unpackaged development, and the system-browser link limit.
 */
import { describe, expect, it, vi } from 'vitest';

import { isAppUrl } from '../../src/main/security/app-origin';
import { isAllowedExternalUrl, MAX_EXTERNAL_URL_LENGTH } from '../../src/main/security/external-links';
import { attachNavigationGuards, type GuardedContents } from '../../src/main/security/navigation';
import { isTrustedSender } from '../../src/main/ipc/register-handlers';
import { EXTERNAL_HOSTS } from '../../src/main/services/links';

type NavigationListener = (event: { preventDefault(): void; url: string }, url?: string) => void;

/** A window with the guards attached; `navigate` says whether the navigation was cancelled. */
function guardedWindow(devServerOrigin?: string) {
  const listeners = new Map<string, NavigationListener>();
  const contents: GuardedContents = {
    on: (event: string, listener: NavigationListener) => listeners.set(event, listener),
    setWindowOpenHandler: () => undefined,
  };
  attachNavigationGuards(contents, {
    allowedExternalHosts: EXTERNAL_HOSTS,
    openExternal: vi.fn(),
    devServerOrigin,
  });
  return {
    /** Electron 25+ passes only the details object to will-frame-navigate, with its url. */
    navigate(event: string, url: string, legacyUrlArgument = true): boolean {
      const preventDefault = vi.fn();
      const listener = listeners.get(event)!;
      if (legacyUrlArgument) listener({ preventDefault, url }, url);
      else listener({ preventDefault, url });
      return preventDefault.mock.calls.length > 0;
    },
  };
}

const DEV = 'http://localhost:5173';
const topFrame = (url: string) => ({ sender: { id: 1 }, senderFrame: { url, parent: null } });
const ownWindows = { isOwnWindow: (id: number) => id === 1 };

describe('the dev server origin (unpackaged development only)', () => {
  it('trusts pages of the dev server itself', () => {
    const window = guardedWindow(DEV);
    for (const url of [`${DEV}/`, `${DEV}/src/main.tsx`, `${DEV}/?lang=fr-CA#/review`]) {
      expect(window.navigate('will-navigate', url), url).toBe(false);
      expect(isTrustedSender(topFrame(url), { ...ownWindows, devServerOrigin: DEV }), url).toBe(true);
    }
  });

  it('refuses a page from another port, scheme or host name of the same machine', () => {
    const window = guardedWindow(DEV);
    for (const url of [
      'http://localhost:5174/',
      'https://localhost:5173/',
      'ws://localhost:5173/',
      'http://127.0.0.1:5173/',
      'http://localhost.attacker.example:5173/',
      'http://user@localhost:5173/',
    ]) {
      expect(window.navigate('will-navigate', url), url).toBe(true);
      expect(isTrustedSender(topFrame(url), { ...ownWindows, devServerOrigin: DEV }), url).toBe(false);
    }
  });

  it('a dev server address without an origin (file:, data:) trusts no page, though they all share the origin "null"', () => {
    for (const devServerOrigin of ['file:///home/someone/renderer/index.html', 'data:text/html,hello']) {
      const window = guardedWindow(devServerOrigin);
      for (const url of [
        'file:///etc/passwd',
        'file:///home/someone/renderer/index.html',
        'data:text/html,x',
      ]) {
        expect(window.navigate('will-navigate', url), `${devServerOrigin} ${url}`).toBe(true);
        expect(isTrustedSender(topFrame(url), { ...ownWindows, devServerOrigin }), url).toBe(false);
      }
      expect(window.navigate('will-navigate', 'app://bundle/index.html')).toBe(false);
    }
  });

  it('a malformed dev server address trusts nothing but the app', () => {
    for (const devServerOrigin of ['not a url', 'http://']) {
      for (const url of ['http://localhost:5173/', 'https://evil.example/', 'file:///etc/passwd'])
        expect(isAppUrl(url, devServerOrigin), `${devServerOrigin} ${url}`).toBe(false);
    }
    expect(isAppUrl('app://bundle/index.html', 'not a url')).toBe(true);
  });
});

describe('navigation guards', () => {
  it('judge the url Electron gives in the event when no second argument comes (will-frame-navigate)', () => {
    const window = guardedWindow();
    expect(window.navigate('will-frame-navigate', 'app://bundle/index.html#/review', false)).toBe(false);
    expect(window.navigate('will-frame-navigate', 'https://evil.example/', false)).toBe(true);
  });

  it('cancel navigation to something that is not a URL at all', () => {
    const window = guardedWindow();
    for (const url of ['', 'not a url', 'http://[::1', 'app://'])
      expect(window.navigate('will-navigate', url), JSON.stringify(url)).toBe(true);
  });
});

describe('links to the system browser', () => {
  it('open up to the Windows URL length limit, and not one character more', () => {
    const base = 'https://api-console.zoho.com/?q=';
    const atLimit = base + 'a'.repeat(MAX_EXTERNAL_URL_LENGTH - base.length);
    expect(atLimit).toHaveLength(2081);
    expect(isAllowedExternalUrl(atLimit, EXTERNAL_HOSTS)).toBe(true);
    expect(isAllowedExternalUrl(`${atLimit}a`, EXTERNAL_HOSTS)).toBe(false);
  });
});
