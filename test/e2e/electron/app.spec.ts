import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

import { API_NAMES } from '../../../src/shared/ipc/contract';
import { electronUnavailableReason } from './electron-binary';

// The same journey as the harness specs, against the real app (built with `npm run build`).
const unavailable = electronUnavailableReason();
test.skip(Boolean(unavailable), `Skipped: ${unavailable}`);
if (unavailable) console.log(`Electron app specs skipped: ${unavailable}`);

let app: ElectronApplication;
let userData: string;

/**
 * Electron has no --user-data-dir switch: its user-data folder sits under the
 * OS config folder, which on Linux follows XDG_CONFIG_HOME. Pointing that at a
 * temporary folder gives each test a fresh store (Linux only; elsewhere the
 * default profile folder is used).
 */
function launch() {
  return electron.launch({
    args: [join(__dirname, '../../..')],
    env: { ...process.env, XDG_CONFIG_HOME: userData, LANG: 'en_CA.UTF-8', LANGUAGE: 'en_CA' },
  });
}

test.beforeEach(async () => {
  userData = mkdtempSync(join(tmpdir(), 'integration-desk-electron-'));
  app = await launch();
});

test.afterEach(async () => {
  await app?.close();
  rmSync(userData, { recursive: true, force: true });
});

test('opens on the Integrations screen with the four platforms, locked down', async () => {
  const page = await app.firstWindow();
  await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();
  for (const name of ['Clear Books', 'Zoho Books', 'Sage Accounting', 'FreshBooks']) {
    await expect(page.getByRole('switch', { name: `Enable ${name}` })).toBeVisible();
  }
  expect(page.url()).toBe('app://bundle/index.html');
  expect(await page.evaluate(() => Object.keys((window as unknown as { api: object }).api).sort())).toEqual(
    [...API_NAMES].sort(),
  );
  expect(
    await page.evaluate(() => [
      typeof (window as { require?: unknown }).require,
      typeof (window as { process?: unknown }).process,
    ]),
  ).toEqual(['undefined', 'undefined']);
  await page.evaluate(() => window.open('https://example.com'));
  await page.evaluate(() => (location.href = 'https://example.com'));
  expect(app.windows()).toHaveLength(1);
  expect(page.url()).toBe('app://bundle/index.html');
});

test('Clear Books stays enabled across a restart; Zoho Books is refused before set-up', async () => {
  let page = await app.firstWindow();
  await page.getByRole('switch', { name: 'Enable Clear Books' }).click();
  await expect(page.getByRole('switch', { name: 'Enable Clear Books' })).toBeChecked();
  await page.getByRole('switch', { name: 'Enable Zoho Books' }).click();
  await expect(page.getByTestId('integration-zohobooks').getByRole('alert')).toContainText(
    /register an app/i,
  );
  await app.close();
  app = await launch();
  page = await app.firstWindow();
  await expect(page.getByRole('switch', { name: 'Enable Clear Books' })).toBeChecked();
  await expect(page.getByRole('switch', { name: 'Enable Zoho Books' })).not.toBeChecked();
});
