import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';

import { APP_HOST } from './app-origin';
import { APP_RESPONSE_HEADERS } from './csp';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Serves app://bundle/<path> from the built renderer folder and nothing outside
 * it: paths are decoded, resolved, and must stay inside the root. Every response
 * carries the app's CSP.
 */
export function createAppProtocolHandler(rootDir: string): (request: { url: string }) => Promise<Response> {
  const root = resolve(rootDir);
  return async (request) => {
    const target = resolveInside(root, request.url);
    if (!target) return respond(400);
    try {
      if (!(await stat(target)).isFile()) return respond(404);
      const body = await readFile(target);
      return new Response(body, {
        status: 200,
        headers: {
          ...APP_RESPONSE_HEADERS,
          'Content-Type': MIME_TYPES[extname(target)] ?? 'application/octet-stream',
        },
      });
    } catch {
      return respond(404);
    }
  };
}

/** The file a request names, or null when it is malformed or points outside the root. */
export function resolveInside(root: string, rawUrl: string): string | null {
  let url: URL;
  let path: string;
  try {
    url = new URL(rawUrl);
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (url.host !== APP_HOST || path.includes('\0')) return null;
  // Backslashes are separators on Windows: treat them so everywhere, so `..\` cannot slip through.
  const normalised = path.replace(/\\/g, '/');
  const target = resolve(join(root, normalised === '/' ? 'index.html' : normalised));
  const rel = relative(root, target);
  // Outside the root, relative() starts with a ".." segment (or is absolute: another drive on
  // Windows). A name that merely begins with two dots ("..notes") is an ordinary file inside it.
  if (rel === '' || isAbsolute(rel) || /(^|[\\/])\.\.([\\/]|$)/.test(rel)) return null;
  return target;
}

function respond(status: number): Response {
  return new Response(null, { status, headers: APP_RESPONSE_HEADERS });
}
