/**
 * Which file an app:// request reaches: only files inside the built renderer folder, whatever
 * the encoding, separators or dot segments; refused requests (400) never touch the disk, and
 * what is not a regular file is never read (404).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { createAppProtocolHandler } from '../../src/main/security/app-protocol';
import { tempDir } from './support/temp';

const OUTSIDE = 'outside the bundle';

/** A renderer folder with a few files, and a secret file next to it (outside). */
function bundle() {
  const dir = tempDir();
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets', 'nested'), { recursive: true });
  const inside: Record<string, string> = {
    'index.html': 'index page',
    'assets/app.js': 'app script',
    'assets/nested/deep.js': 'deep script',
    // Names with two dots that are not a ".." segment are ordinary files.
    '..notes': 'dotted notes',
    'notes..': 'notes dotted',
    'assets/..hidden.js': 'dotted script',
  };
  for (const [path, body] of Object.entries(inside)) writeFileSync(join(root, path), body);
  writeFileSync(join(dir, 'secret.txt'), OUTSIDE);
  writeFileSync(join(dir, '..notes'), OUTSIDE);
  return { root, inside, handle: createAppProtocolHandler(root) };
}

async function get(handle: ReturnType<typeof bundle>['handle'], url: string) {
  const response = await handle({ url });
  return { status: response.status, body: await response.text() };
}

describe('app:// paths', () => {
  it('serves every file inside the bundle, including names that merely contain two dots', async () => {
    const { handle, inside } = bundle();
    for (const [path, body] of Object.entries(inside))
      expect(await get(handle, `app://bundle/${path}`), path).toEqual({ status: 200, body });
    expect(await get(handle, 'app://bundle/')).toEqual({ status: 200, body: 'index page' });
  });

  it('treats a backslash as a folder separator, as Windows does, on every system', async () => {
    const { handle } = bundle();
    expect(await get(handle, 'app://bundle/assets%5Capp.js')).toEqual({ status: 200, body: 'app script' });
    expect(await get(handle, 'app://bundle/assets%5Cnested%5Cdeep.js')).toEqual({
      status: 200,
      body: 'deep script',
    });
  });

  it.each([
    ['a parent segment', 'app://bundle/..%2fsecret.txt'],
    ['a parent segment with a backslash', 'app://bundle/..%5Csecret.txt'],
    ['two parent segments', 'app://bundle/assets%2f..%2f..%2fsecret.txt'],
    ['the parent folder itself', 'app://bundle/..%2f'],
    ['the parent folder, no trailing separator', 'app://bundle/assets/..%2f..'],
    ['the bundle folder itself', 'app://bundle/assets/..%2f'],
    ['a NUL byte', 'app://bundle/index.html%00.js'],
    ['a malformed escape', 'app://bundle/%E0%A4%A'],
    ['another host', 'app://other/index.html'],
  ])('refuses %s with 400, before looking at the disk', async (_what, url) => {
    const { status, body } = await get(bundle().handle, url);
    expect(status).toBe(400);
    expect(body).not.toContain(OUTSIDE);
  });

  it('answers 404 for a missing file and for a folder', async () => {
    const { handle } = bundle();
    for (const url of ['app://bundle/missing.js', 'app://bundle/assets', 'app://bundle/assets/nested/'])
      expect((await get(handle, url)).status, url).toBe(404);
  });

  // Named pipes in a folder are a POSIX thing (mkfifo).
  it.runIf(process.platform !== 'win32')(
    'never reads what is not a regular file: a named pipe answers 404 at once instead of hanging',
    async () => {
      const { root, handle } = bundle();
      const fifo = join(root, 'assets', 'pipe.js');
      execFileSync('mkfifo', [fifo]);
      const pending = handle({ url: 'app://bundle/assets/pipe.js' });
      const settled = await Promise.race([
        pending.then(() => true),
        new Promise<false>((ok) => setTimeout(() => ok(false), 1000)),
      ]);
      if (!settled) {
        // A reader is blocked on the pipe: give it end-of-file so the test ends either way.
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      }
      expect(settled).toBe(true);
      expect((await pending).status).toBe(404);
    },
  );

  it('whatever mix of dot segments, encodings and separators: only files inside the bundle, never the one outside', async () => {
    const { handle, inside } = bundle();
    const served = new Set(Object.values(inside));
    const segment = fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '%2E.',
      '..%2f',
      '..%5c',
      '%5c..',
      'assets',
      'nested',
      'secret.txt',
      '..notes',
      'notes..',
      'app.js',
      '',
    );
    const separator = fc.constantFrom('/', '%2f', '%5c', '%2F', '%5C', '\\');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(segment, separator), { minLength: 1, maxLength: 6 }),
        async (parts) => {
          const path = parts.map(([s, sep]) => s + sep).join('');
          const { status, body } = await get(handle, `app://bundle/${path}`);
          expect(body).not.toContain(OUTSIDE);
          if (status === 200) expect(served.has(body), path).toBe(true);
          else expect([400, 404], path).toContain(status);
        },
      ),
      { numRuns: 400, seed: 20261203 },
    );
  });
});
