/**
 * What a browser receives from the app:// protocol: the Content Security Policy read the way
 * Chromium reads it (CSP Level 3, https://www.w3.org/TR/CSP3/#directive-fallback-list), the
 * safety headers on every response, and the content types the browser needs under `nosniff`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { APP_ENTRY_URL, isAppUrl } from '../../src/main/security/app-origin';
import { createAppProtocolHandler } from '../../src/main/security/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../src/main/security/csp';
import { tempDir } from './support/temp';

/**
 * Where the browser looks when a directive is absent (CSP3 §6.8.3, "directive fallback list").
 * form-action, base-uri and frame-ancestors have no fallback: absent, they restrict nothing.
 */
const FALLBACKS: Readonly<Record<string, readonly string[]>> = {
  'script-src': ['script-src', 'default-src'],
  'style-src': ['style-src', 'default-src'],
  'img-src': ['img-src', 'default-src'],
  'font-src': ['font-src', 'default-src'],
  'connect-src': ['connect-src', 'default-src'],
  'media-src': ['media-src', 'default-src'],
  'object-src': ['object-src', 'default-src'],
  'manifest-src': ['manifest-src', 'default-src'],
  'child-src': ['child-src', 'default-src'],
  'frame-src': ['frame-src', 'child-src', 'default-src'],
  'worker-src': ['worker-src', 'child-src', 'script-src', 'default-src'],
  'form-action': ['form-action'],
  'base-uri': ['base-uri'],
  'frame-ancestors': ['frame-ancestors'],
};

function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    // The first occurrence wins; later duplicates are ignored (CSP3 §2.2.1).
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** The sources the browser allows for a directive; undefined when nothing restricts it. */
function effectiveSources(policy: string, directive: string): string[] | undefined {
  const directives = parsePolicy(policy);
  for (const name of FALLBACKS[directive]!) {
    const sources = directives.get(name);
    if (sources) return sources;
  }
  return undefined;
}

describe('the Content Security Policy, as the browser applies it', () => {
  // What each kind of load may reach. A change either way (a new source, or one taken away so the
  // app's own stylesheet or icon no longer loads) is a decision to make here, not by accident.
  it.each([
    ['script-src', ["'self'"], "the app's own bundled scripts only: no inline script, no eval"],
    ['style-src', ["'self'"], "the app's own stylesheets only: without it the app shows unstyled"],
    ['img-src', ["'self'", 'data:'], "the app's own images and data: URIs (the page icon is data:,)"],
    ['font-src', ["'self'"], "the app's own fonts, none from the network"],
    ['connect-src', ["'self'"], 'requests to the app origin only, never to a provider or tracker'],
    ['media-src', ["'none'"], 'no audio or video'],
    ['object-src', ["'none'"], 'no plugins'],
    ['manifest-src', ["'none'"], 'no web app manifest'],
    ['frame-src', ["'none'"], 'no frames inside the app'],
    ['worker-src', ["'self'"], 'workers only from the app (none today)'],
    ['form-action', ["'none'"], 'a form submits nowhere (this one has no default-src fallback)'],
    ['base-uri', ["'none'"], 'an injected <base> cannot re-point relative URLs'],
    ['frame-ancestors', ["'none'"], 'no other page can frame the app'],
  ])('%s allows %j: %s', (directive, expected) => {
    expect(effectiveSources(CONTENT_SECURITY_POLICY, directive)).toEqual(expected);
  });

  it('allows nothing unsafe anywhere', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*|https?:|blob:|filesystem:/);
  });
});

describe('every app:// response', () => {
  function bundle() {
    const dir = tempDir();
    const root = join(dir, 'renderer');
    mkdirSync(join(root, 'assets', 'fonts'), { recursive: true });
    const files: Record<string, string> = {
      'index.html': '<!doctype html><title>ok</title>',
      'assets/app.js': 'console.log(1)',
      'assets/app.css': 'body{margin:0}',
      'assets/catalog.json': '{"hello":"bonjour"}',
      'assets/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
      'assets/logo.png': '\u0089PNG',
      'favicon.ico': '\u0000\u0000\u0001\u0000',
      'assets/fonts/inter.woff2': 'wOF2',
      // A file type the app does not list (a source map): served as opaque bytes, never as a page.
      'assets/app.js.map': '<html><script>alert(1)</script></html>',
    };
    for (const [path, body] of Object.entries(files)) writeFileSync(join(root, path), body);
    return createAppProtocolHandler(root);
  }

  it('carries the CSP, nosniff and no referrer, served or refused', async () => {
    const handle = bundle();
    for (const url of [
      APP_ENTRY_URL,
      'app://bundle/assets/app.js',
      'app://bundle/missing.js',
      'app://bundle/..%2f..%2fetc/passwd',
    ]) {
      const response = await handle({ url });
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      // Without nosniff a browser may run a file whose type it guesses (MIME confusion).
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
      // Without it, a link out of the app would tell the site which app page the user was on.
      expect(response.headers.get('referrer-policy'), url).toBe('no-referrer');
    }
  });

  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['assets/app.js', 'text/javascript; charset=utf-8'],
    ['assets/app.css', 'text/css; charset=utf-8'],
    ['assets/catalog.json', 'application/json; charset=utf-8'],
    ['assets/logo.svg', 'image/svg+xml'],
    ['assets/logo.png', 'image/png'],
    ['favicon.ico', 'image/x-icon'],
    ['assets/fonts/inter.woff2', 'font/woff2'],
    // Under nosniff the browser will neither run nor render this one.
    ['assets/app.js.map', 'application/octet-stream'],
  ])('serves %s as %s (under nosniff a wrong type is refused by the browser)', async (path, type) => {
    const response = await bundle()({ url: `app://bundle/${path}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
  });

  it('the page the window opens first is the app itself: served by app:// and trusted as the app', async () => {
    const response = await bundle()({ url: APP_ENTRY_URL });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>ok</title>');
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
  });
});
