import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureBrowser, INSTALL_HINT } from '../../scripts/ensure-browser';

/** `npm test` finds a Chromium before Playwright runs; nothing here downloads one. */
let dir: string;
let closedPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'integration-desk-browser-'));
  closedPort = await new Promise<number>((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('finding a Chromium for the end-to-end tests', () => {
  it("uses the system's Chromium when there is one, without downloading", () => {
    const system = join(dir, 'chromium');
    writeFileSync(system, '');
    const said: string[] = [];
    expect(ensureBrowser({ env: {}, systemChromium: system, say: (l) => said.push(l) })).toEqual({
      ok: true,
      executable: system,
      installed: false,
    });
    expect(said).toEqual([]);
  });

  it('says when CHROMIUM_PATH names nothing', () => {
    const result = ensureBrowser({
      env: { CHROMIUM_PATH: join(dir, 'nope') },
      systemChromium: join(dir, 'none'),
    });
    expect(result).toEqual({
      ok: false,
      message: `CHROMIUM_PATH points at ${join(dir, 'nope')}, which does not exist. ${INSTALL_HINT}`,
    });
  });

  it("installs Playwright's Chromium when none is there, and names the package to install when that fails", () => {
    const said: string[] = [];
    const result = ensureBrowser({
      env: {
        ...process.env,
        CHROMIUM_PATH: '',
        PLAYWRIGHT_BROWSERS_PATH: join(dir, 'browsers'),
        PLAYWRIGHT_DOWNLOAD_HOST: `http://127.0.0.1:${closedPort}`,
      },
      systemChromium: join(dir, 'absent-chromium'),
      say: (l) => said.push(l),
    });
    expect(said).toEqual([
      `No Chromium at ${join(dir, 'absent-chromium')}: installing Playwright's own (once, about 170 MB)…`,
    ]);
    expect(result).toEqual({
      ok: false,
      message: `Could not download Playwright's Chromium. ${INSTALL_HINT}`,
    });
    expect(INSTALL_HINT).toMatch(/sudo apt-get install chromium/);
  }, 60_000);
});
