import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

import { describe, expect, it, vi } from 'vitest';

import { isAppUrl } from '../../src/main/security/app-origin';
import { createAppProtocolHandler } from '../../src/main/security/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../src/main/security/csp';
import { isAllowedExternalUrl } from '../../src/main/security/external-links';
import { attachNavigationGuards, type GuardedContents } from '../../src/main/security/navigation';
import {
  ALLOWED_PERMISSIONS,
  denyPermissionsByDefault,
  type PermissionSession,
} from '../../src/main/security/permissions';
import { EXTERNAL_HOSTS } from '../../src/main/services/links';
import { consoleLogger, createLogger, formatLogLine, redact } from '../../src/main/services/log';
import { mainWindowOptions } from '../../src/main/window-options';
import { contract } from '../../src/shared/ipc/contract';
import { z } from '../../src/shared/ipc/zod';
import { PLATFORMS } from '../../src/shared/platforms';
import { tempDir } from './support/temp';

const root = join(__dirname, '../..');

describe('window options (Electron security checklist 2–4, 6, 8–11, 21)', () => {
  it('isolate and sandbox the renderer and disable every risky feature', () => {
    const { webPreferences } = mainWindowOptions('/app/preload.js', true);
    expect(webPreferences).toMatchObject({
      preload: '/app/preload.js',
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
      // A secret typed into a field is never handed to a spell checker.
      spellcheck: false,
      devTools: false,
    });
    expect(webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(mainWindowOptions('/p', false).webPreferences?.devTools).toBe(true);
  });

  it('keep the window hidden until its page is ready, under the product name', () => {
    const options = mainWindowOptions('/p', true);
    expect(options.show).toBe(false);
    expect(options.title).toBe(
      (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { productName: string }).productName,
    );
  });

  it('open the window at a size the review fits in, and never let it shrink below a usable one', () => {
    const { width, height, minWidth, minHeight } = mainWindowOptions('/p', true);
    // The smallest common laptop work area: 1366 × 768 less the taskbar.
    expect(minWidth).toBeGreaterThanOrEqual(800);
    expect(minHeight).toBeGreaterThanOrEqual(500);
    expect(minWidth).toBeLessThanOrEqual(1366);
    expect(minHeight).toBeLessThanOrEqual(728);
    expect(width).toBeGreaterThan(minWidth!);
    expect(height).toBeGreaterThan(minHeight!);
  });
});

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void; url: string }, url?: string) => void>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  const contents: GuardedContents = {
    on: (event: string, listener: never) => listeners.set(event, listener),
    setWindowOpenHandler: (h) => void (openHandler = h),
  };
  const fire = (event: string, url: string) => {
    const preventDefault = vi.fn();
    listeners.get(event)!({ preventDefault, url }, url);
    return preventDefault.mock.calls.length > 0;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('navigation and new windows (checklist 13, 14, 11)', () => {
  it('cancels navigation and redirects to anything but the app', () => {
    const { contents, fire } = fakeContents();
    attachNavigationGuards(contents, { allowedExternalHosts: EXTERNAL_HOSTS, openExternal: vi.fn() });
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect(fire(event, 'app://bundle/index.html')).toBe(false);
      for (const url of [
        'https://example.com',
        'https://example.com.attacker.tld',
        'app://bundle.evil/',
        'javascript:alert(1)',
        'file:///etc/passwd',
        'app://user@bundle/',
      ]) {
        expect(fire(event, url), `${event} ${url}`).toBe(true);
      }
    }
  });

  it('never attaches a <webview>', () => {
    const { contents } = fakeContents();
    const on = vi.spyOn(contents, 'on');
    attachNavigationGuards(contents, { allowedExternalHosts: EXTERNAL_HOSTS, openExternal: vi.fn() });
    const webview = on.mock.calls.find(([event]) => event === 'will-attach-webview')![1];
    const preventDefault = vi.fn();
    webview({ preventDefault });
    expect(preventDefault).toHaveBeenCalled();
  });

  it('denies every new window; allow-listed https links go to the system browser instead', () => {
    const openExternal = vi.fn();
    const { contents, open } = fakeContents();
    attachNavigationGuards(contents, { allowedExternalHosts: EXTERNAL_HOSTS, openExternal });
    expect(open('https://api-console.zoho.com/')).toEqual({ action: 'deny' });
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('file:///C:/Windows/System32/calc.exe')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://api-console.zoho.com/']]);
  });
});

describe('external links (checklist 15)', () => {
  it('accepts every link the platform definitions name', () => {
    for (const link of PLATFORMS.flatMap((p) => p.links))
      expect(isAllowedExternalUrl(link.url, EXTERNAL_HOSTS), link.url).toBe(true);
  });

  it.each([
    'file:///C:/Windows/System32/calc.exe',
    'smb://host/x',
    'ms-msdt:/id PCWDiagnostic',
    'javascript:alert(1)',
    'http://api-console.zoho.com/',
    'https://api-console.zoho.com.evil.tld/',
    'https://api-console.zoho.com@evil.tld/',
    'https://user:pw@api-console.zoho.com/',
    'https://api-console.zoho.com:8443/',
    `https://api-console.zoho.com/${'a'.repeat(2100)}`,
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url, EXTERNAL_HOSTS)).toBe(false);
  });
});

describe('permissions (checklist 5)', () => {
  it('refuse every permission request and check except writing to the clipboard; devices always refused', () => {
    let request: Parameters<PermissionSession['setPermissionRequestHandler']>[0] | undefined;
    let check: Parameters<PermissionSession['setPermissionCheckHandler']>[0] | undefined;
    let device: Parameters<PermissionSession['setDevicePermissionHandler']>[0] | undefined;
    denyPermissionsByDefault({
      setPermissionRequestHandler: (h) => void (request = h),
      setPermissionCheckHandler: (h) => void (check = h),
      setDevicePermissionHandler: (h) => void (device = h),
    });
    const names = [
      'media',
      'geolocation',
      'notifications',
      'midi',
      'midiSysex',
      'pointerLock',
      'fullscreen',
      'openExternal',
      'clipboard-read',
      'display-capture',
      'mediaKeySystem',
      'idle-detection',
      'hid',
      'serial',
      'usb',
      'unknown',
    ];
    for (const name of names) {
      const callback = vi.fn();
      request!({}, name, callback);
      expect(callback, name).toHaveBeenCalledWith(false);
      expect(check!({}, name), name).toBe(false);
    }
    expect([...ALLOWED_PERMISSIONS]).toEqual(['clipboard-sanitized-write']);
    expect(check!({}, 'clipboard-sanitized-write')).toBe(true);
    expect(device!({})).toBe(false);
  });
});

describe('the app:// protocol (checklist 18, 7)', () => {
  function bundle() {
    const dir = tempDir();
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>ok</title>');
    writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'outside the bundle');
    return createAppProtocolHandler(join(dir, 'renderer'));
  }

  it('serves the bundle with the strict CSP', async () => {
    const handle = bundle();
    const index = await handle({ url: 'app://bundle/index.html' });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await handle({ url: 'app://bundle/' })).status).toBe(200);
    expect((await handle({ url: 'app://bundle/assets/app.js' })).headers.get('content-type')).toContain(
      'javascript',
    );
  });

  it.each([
    'app://bundle/../../etc/passwd',
    'app://bundle/%2e%2e/%2e%2e/package.json',
    'app://bundle/..%5c..%5cwindows/win.ini',
    'app://bundle/%2e%2e/secret.txt',
    'app://bundle/..%2fsecret.txt',
    'app://bundle/assets/%00.js',
    'app://other/index.html',
    'app://bundle/missing.js',
  ])('never serves %s', async (url) => {
    const response = await bundle()({ url });
    expect([400, 404]).toContain(response.status);
    expect(await response.text()).not.toContain('outside the bundle');
  });
});

describe('the Content Security Policy (checklist 7)', () => {
  it('allows nothing inline, no eval, no plugins, no base or form targets', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-/);
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });
});

describe('app origin', () => {
  it('is compared on parsed parts', () => {
    expect(isAppUrl('app://bundle/index.html')).toBe(true);
    expect(isAppUrl('app://bundle.evil/index.html')).toBe(false);
    expect(isAppUrl('app://bundle:1/index.html')).toBe(false);
    expect(isAppUrl('https://bundle/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', undefined)).toBe(false);
  });
});

describe('log redaction', () => {
  it('masks secret keys and callback query parameters, nested', () => {
    const out = JSON.stringify(
      redact({
        access_token: 'AT',
        nested: { refresh_token: 'RT', client_secret: 'CS', list: [{ apiKey: 'AK' }] },
        Authorization: 'Bearer X',
        ok: 'visible',
      }),
    );
    for (const secret of ['"AT"', '"RT"', '"CS"', '"AK"', 'Bearer X']) expect(out).not.toContain(secret);
    expect(out).toContain('visible');
    const line = formatLogLine(
      'error',
      'failed',
      new Error('GET /oauth/zohobooks/callback?code=1000.abc&state=xyz&location=eu'),
    );
    // The whole value goes, up to the next parameter: not one character of it is left.
    expect(line).toContain('callback?code=[redacted]&state=[redacted]&location=eu');
  });

  it('shows where a secret was, and everything around it: keys, query values, errors', () => {
    const line = formatLogLine('warn', 'Callback', {
      url: '/oauth/sage/callback?code=GBQ-abc.def~1&state=s-9f3a&region=uk',
      errorCode: 'RATE_LIMITED',
      tokenExpiresAt: '2026-12-06T12:00:00.000Z',
      refresh_token: 'rt-value',
      error: Object.assign(new Error('refused: ?client_secret=cs-1#frag'), { code: 'INVALID_CLIENT' }),
    });
    expect(line).toBe(
      'WARN Callback {"url":"/oauth/sage/callback?code=[redacted]&state=[redacted]&region=uk",' +
        '"errorCode":"RATE_LIMITED","tokenExpiresAt":"2026-12-06T12:00:00.000Z","refresh_token":"[redacted]",' +
        '"error":{"name":"Error","message":"refused: ?client_secret=[redacted]#frag","code":"INVALID_CLIENT"}}',
    );
  });

  it('logs numbers, flags, nulls and lists as they are, at most 50 items, and no context as nothing', () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ n: i, token: `t${i}` }));
    const line = formatLogLine('info', 'Counted', { count: 3, ok: false, none: null, items });
    const logged = JSON.parse(line.slice('INFO Counted '.length)) as Record<string, unknown>;
    expect(logged).toEqual({
      count: 3,
      ok: false,
      none: null,
      items: items.slice(0, 50).map(({ n }) => ({ n, token: '[redacted]' })),
    });
    expect(formatLogLine('info', 'Started')).toBe('INFO Started');
  });

  it('a context nested deeper than 8 levels, or referring to itself, still logs one bounded line', () => {
    const nested = (levels: number): unknown => (levels === 0 ? 'leaf' : { a: nested(levels - 1) });
    expect(JSON.stringify(redact(nested(8)))).toContain('"leaf"');
    expect(JSON.stringify(redact(nested(9)))).toBe(JSON.stringify(nested(9)).replace('"leaf"', '"[…]"'));
    const loop: Record<string, unknown> = { name: 'Acme' };
    loop['self'] = loop;
    loop['list'] = [loop];
    const line = formatLogLine('error', 'Loop', loop);
    expect(line.startsWith('ERROR Loop {"name":"Acme","self":{"name":"Acme"')).toBe(true);
    expect(line).toContain('[…]');
  });

  it('writes each level under its own name, to the console before the log file is open', () => {
    const lines: string[] = [];
    const log = createLogger((line) => lines.push(line));
    log.info('one');
    log.warn('two');
    log.error('three');
    expect(lines).toEqual(['INFO one', 'WARN two', 'ERROR three']);
    const print = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      consoleLogger.warn('to the console', { code: 'c' });
      expect(print).toHaveBeenCalledWith('WARN to the console {"code":"[redacted]"}');
    } finally {
      print.mockRestore();
    }
  });

  it('keeps each entry on one line, whatever a provider name contains', () => {
    const line = formatLogLine('info', 'linked', { name: 'Acme\n[ERROR] fake entry\r\u0007' });
    expect(line.split('\n')).toHaveLength(1);
    expect(line).not.toContain('\r');
    expect(line).not.toContain('\u0007');
    // A control character in the message itself is shown escaped, not dropped.
    expect(formatLogLine('info', 'bell\u0007\nINFO forged')).toBe('INFO bell\\u0007\\u000aINFO forged');
  });
});

describe('static checks over the source', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
  // Paths from the project's root with '/' on every OS, so the rules below read the same on Windows.
  const sources = files(join(root, 'src'))
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .map((f) => relative(root, f).split(sep).join('/'));
  const read = (f: string) => readFileSync(join(root, f), 'utf8');

  it('only the keychain store imports keytar', () => {
    const importers = sources.filter((f) =>
      /from ['"]keytar['"]|require\(['"]keytar['"]\)|import\(['"]keytar['"]\)/.test(read(f)),
    );
    expect(importers).toEqual(['src/main/services/vault/keytar-secret-store.ts']);
  });

  it('services, security and IPC code never import Electron', () => {
    const electronFree = sources.filter((f) => /^src\/(main\/(services|security|ipc)|shared)\//.test(f));
    expect(electronFree.length).toBeGreaterThan(10);
    for (const f of electronFree) expect(read(f), f).not.toMatch(/from ['"]electron['"]/);
  });

  it('the renderer imports nothing from main, Node or Electron', () => {
    for (const f of sources.filter((s) => s.startsWith('src/renderer/'))) {
      expect(read(f), f).not.toMatch(
        /from ['"](electron|keytar|better-sqlite3|node:[^'"]+)['"]|from ['"][./]*\/main\//,
      );
    }
  });

  it('main never loads file:// pages, enables the sandbox before ready, and keeps security warnings on', () => {
    const main = read('src/main/index.ts');
    expect(main.indexOf('app.enableSandbox()')).toBeGreaterThan(-1);
    expect(main.indexOf('app.enableSandbox()')).toBeLessThan(main.indexOf('whenReady'));
    expect(main).toContain('requestSingleInstanceLock');
    for (const f of sources) {
      expect(read(f), f).not.toMatch(
        /loadFile\(|loadURL\(['"`]file:|ELECTRON_DISABLE_SECURITY_WARNINGS|setCertificateVerifyProc|certificate-error|dangerouslySetInnerHTML/,
      );
    }
  });

  it('no IPC output field, at any depth of any channel, is named like a secret (fingerprints and timestamps aside)', () => {
    const secretNamed = (name: string) =>
      /secret|token|password|apikey|verifier/i.test(name) && !/fingerprint/i.test(name) && !/At$/.test(name);
    const fieldNames = (io: 'input' | 'output') => {
      const names = new Set<string>();
      const walk = (node: unknown): void => {
        if (!node || typeof node !== 'object') return;
        const properties = (node as { properties?: object }).properties;
        if (properties && typeof properties === 'object')
          for (const key of Object.keys(properties)) names.add(key);
        Object.values(node).forEach(walk);
      };
      for (const channel of Object.values(contract))
        walk(z.toJSONSchema(channel[io], { io, unrepresentable: 'any' }));
      return [...names];
    };
    const outputs = fieldNames('output');
    expect(outputs.length).toBeGreaterThan(60);
    expect(outputs.filter(secretNamed)).toEqual([]);
    // The same walk finds the secrets the window sends (a key, a client secret): it would see one coming back.
    expect(fieldNames('input').filter(secretNamed)).toEqual(
      expect.arrayContaining(['apiKey', 'clientSecret']),
    );
  });
});
