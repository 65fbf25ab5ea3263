/**
 * Makes sure the end-to-end tests have a Chromium before Playwright starts (`npm test` runs this).
 *
 * CHROMIUM_PATH, else the system's /usr/bin/chromium, else Playwright's own Chromium — installed here
 * on first use (`playwright install chromium`) with a one-line message. Where that download is
 * impossible (a closed network), one sentence says which package to install instead.
 *
 *   tsx scripts/ensure-browser.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from '@playwright/test';

import { chromiumExecutable, SYSTEM_CHROMIUM } from '../test/harness/chromium';

const PLAYWRIGHT_CLI = join(__dirname, '../node_modules/@playwright/test/cli.js');

export const INSTALL_HINT =
  'Install a Chromium (Debian/Ubuntu: sudo apt-get install chromium; Fedora: sudo dnf install chromium; ' +
  'macOS: brew install --cask chromium) or set CHROMIUM_PATH to a Chrome or Chromium executable, then run npm test again.';

export type BrowserResult =
  { ok: true; executable: string; installed: boolean } | { ok: false; message: string };

export function ensureBrowser(
  options: {
    env?: NodeJS.ProcessEnv;
    systemChromium?: string;
    say?: (line: string) => void;
  } = {},
): BrowserResult {
  const env = options.env ?? process.env;
  const chosen = chromiumExecutable(env, options.systemChromium ?? SYSTEM_CHROMIUM);
  if (chosen) {
    if (existsSync(chosen)) return { ok: true, executable: chosen, installed: false };
    return { ok: false, message: `CHROMIUM_PATH points at ${chosen}, which does not exist. ${INSTALL_HINT}` };
  }
  const bundled = withEnv(env, () => chromium.executablePath());
  if (existsSync(bundled)) return { ok: true, executable: bundled, installed: false };

  (options.say ?? console.log)(
    `No Chromium at ${options.systemChromium ?? SYSTEM_CHROMIUM}: installing Playwright's own (once, about 170 MB)…`,
  );
  const run = spawnSync(process.execPath, [PLAYWRIGHT_CLI, 'install', 'chromium'], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (run.status === 0 && existsSync(bundled)) return { ok: true, executable: bundled, installed: true };
  return { ok: false, message: `Could not download Playwright's Chromium. ${INSTALL_HINT}` };
}

/** playwright-core reads PLAYWRIGHT_BROWSERS_PATH from process.env when asked for the path. */
function withEnv<T>(env: NodeJS.ProcessEnv, read: () => T): T {
  const saved = process.env['PLAYWRIGHT_BROWSERS_PATH'];
  if (env['PLAYWRIGHT_BROWSERS_PATH'] === undefined) delete process.env['PLAYWRIGHT_BROWSERS_PATH'];
  else process.env['PLAYWRIGHT_BROWSERS_PATH'] = env['PLAYWRIGHT_BROWSERS_PATH'];
  try {
    return read();
  } finally {
    if (saved === undefined) delete process.env['PLAYWRIGHT_BROWSERS_PATH'];
    else process.env['PLAYWRIGHT_BROWSERS_PATH'] = saved;
  }
}

if (typeof require !== 'undefined' && require.main === module) {
  const result = ensureBrowser();
  if (!result.ok) {
    console.error(result.message);
    process.exit(1);
  }
}
