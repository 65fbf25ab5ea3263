import { existsSync } from 'node:fs';

/** Debian's and Ubuntu's Chromium, used when present (no download). */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Which Chromium tests and benchmarks start: CHROMIUM_PATH when set, else the system's Chromium,
 * else `undefined` — Playwright's own Chromium, which `npm test` installs on first use
 * (scripts/ensure-browser.ts).
 */
export function chromiumExecutable(
  env: NodeJS.ProcessEnv = process.env,
  systemChromium: string = SYSTEM_CHROMIUM,
): string | undefined {
  if (env['CHROMIUM_PATH']) return env['CHROMIUM_PATH'];
  return existsSync(systemChromium) ? systemChromium : undefined;
}

export const CHROMIUM_EXECUTABLE = chromiumExecutable();

/** None of the background traffic a closed network refuses, and no sandbox inside containers. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
