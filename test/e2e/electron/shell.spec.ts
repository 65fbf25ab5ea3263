import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect, test, type ElectronApplication } from '@playwright/test';

import { electronUnavailableReason } from './electron-binary';
import { launchDesk } from './launch';
import { chooseDarkTheme, chooseFrench, expectIntegrationsScreen, openSettings } from './page-steps';

// The desktop shell where only Electron can show it: the application menu, native theme, the
// log file, window placement and crash recovery. The same logic is unit-tested under Node
// (test/unit/desktop-shell.test.ts) and the window's side in the harness (harness/shell.spec.ts).
const unavailable = electronUnavailableReason();
test.skip(Boolean(unavailable), `Skipped: ${unavailable}`);
if (unavailable) console.log(`Electron shell specs skipped: ${unavailable}`);

let app: ElectronApplication;
// A fresh user-data folder per test on every OS: settings chosen in one test (French, dark) must not
// open the next one in French, as they would in macOS's or Windows's own user-data folder.
let userData: string;

test.beforeEach(async () => {
  userData = mkdtempSync(join(tmpdir(), 'integration-desk-electron-shell-'));
  app = await launchDesk(userData);
});

test.afterEach(async () => {
  await app?.close();
  // On Windows, Chromium's helpers may hold files a moment after the app quits.
  rmSync(userData, { recursive: true, force: true, maxRetries: 10 });
});

test('the application menu has the platform menus, and its items drive the window', async () => {
  const page = await app.firstWindow();
  await expectIntegrationsScreen(page);
  const labels = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()!.items.map((i) => i.label));
  expect(labels.slice(-5)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
  const accelerator = await app.evaluate(
    ({ Menu }) => Menu.getApplicationMenu()!.getMenuItemById('screen-review')!.accelerator,
  );
  expect(accelerator).toBe('CmdOrCtrl+3');
  await app.evaluate(({ Menu }) => Menu.getApplicationMenu()!.getMenuItemById('screen-connections')!.click());
  await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
  await app.evaluate(({ Menu }) => Menu.getApplicationMenu()!.getMenuItemById('about')!.click());
  await expect(page.getByRole('dialog', { name: 'About Integration Desk' })).toContainText('Electron');
});

test('the menu and native dialogs follow the language and theme chosen in Settings', async () => {
  const page = await app.firstWindow();
  await openSettings(page);
  await chooseDarkTheme(page);
  await expect.poll(() => app.evaluate(({ nativeTheme }) => nativeTheme.themeSource)).toBe('dark');
  await chooseFrench(page);
  await expect
    .poll(() => app.evaluate(({ Menu }) => Menu.getApplicationMenu()!.items.map((i) => i.label)))
    .toContain('Édition');
});

test('the log file is in the logs folder, owner-only, and a crashed window offers Reload', async () => {
  await expectIntegrationsScreen(await app.firstWindow());
  const logs = await app.evaluate(({ app: electronApp }) => electronApp.getPath('logs'));
  const log = join(logs, 'main.log');
  expect(readdirSync(logs)).toContain('main.log');
  if (process.platform !== 'win32') expect(statSync(log).mode & 0o777).toBe(0o600);

  // The native message box answers "Reload" (it cannot be clicked from here).
  await app.evaluate(({ dialog }) => {
    dialog.showMessageBox = async () => ({
      response: 0,
      checkboxChecked: false,
    });
  });
  await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows()[0]!.webContents.forcefullyCrashRenderer(),
  );
  // Playwright keeps a crashed page crashed: the reloaded window keeps its DevTools target, for which
  // it opens no new session. So the reloaded page is read from main.
  await expect
    .poll(
      () =>
        app.evaluate(async ({ BrowserWindow }) => {
          const contents = BrowserWindow.getAllWindows()[0]!.webContents;
          if (contents.isCrashed() || contents.isLoading()) return [];
          return (await contents.executeJavaScript(
            "[...document.querySelectorAll('h1')].map((h) => h.textContent)",
          )) as string[];
        }),
      { timeout: 15_000 },
    )
    .toContain('Integrations');
  expect(readFileSync(log, 'utf8')).toMatch(/Window renderer gone/);
});

test('the window opens where it was left', async () => {
  await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows()[0]!.setBounds({ x: 40, y: 50, width: 1000, height: 700 }),
  );
  await app.close();
  app = await launchDesk(userData);
  await app.firstWindow();
  const bounds = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.getBounds());
  expect(bounds).toMatchObject({ width: 1000, height: 700 });
});
