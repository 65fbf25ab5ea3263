import { defineConfig } from '@playwright/test';

import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './test/harness/chromium';

/**
 * End-to-end tests. "harness" runs the built renderer against the real main
 * services in Debian's Chromium (no Electron binary needed); "electron" drives
 * the real app and skips itself where Electron cannot run.
 */
export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  // Generous limits: CI machines have 2 cores, and a journey waits on real keychain and SQLite writes.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env['CI']),
  reporter: [
    ['list'],
    ['json', { outputFile: process.env['PLAYWRIGHT_JSON'] ?? '.reports/playwright.json' }],
  ],
  use: { trace: 'off', screenshot: 'only-on-failure' },
  projects: [
    {
      name: 'harness',
      testMatch: 'harness/**/*.spec.ts',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS },
      },
    },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});
