import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect, test } from './fixtures';

// The desktop shell as far as a browser can show it: the renderer's shortcuts, menu commands
// arriving as contract events, About, the support section and the unsaved-values question.
// What only Electron shows (the native menus, dialogs, window placement) is in
// test/e2e/electron/shell.spec.ts and unit-tested in test/unit/desktop-shell.test.ts.

const h1 = (page: import('@playwright/test').Page) => page.getByRole('heading', { level: 1 });

test('Ctrl+1–4 and Ctrl+, (⌘ on macOS) move between the screens in the window', async ({ openApp }) => {
  const page = await openApp();
  await page.keyboard.press('ControlOrMeta+2');
  await expect(h1(page)).toHaveText('Connections');
  await page.keyboard.press('ControlOrMeta+3');
  await expect(h1(page)).toHaveText('Review');
  await page.keyboard.press('ControlOrMeta+4');
  await expect(h1(page)).toHaveText('Settings');
  await page.keyboard.press('ControlOrMeta+1');
  await expect(h1(page)).toHaveText('Integrations');
  await page.keyboard.press('ControlOrMeta+,');
  await expect(h1(page)).toHaveText('Settings');
});

test('Ctrl+F (⌘F on macOS) puts the cursor in the Review search box', async ({ openApp, harness }) => {
  await harness.services.integrations.saveConfiguration('sage', {
    clientId: 'sage-client-id-1234',
    secrets: { clientSecret: 'CANARY-e2e-shell-secret-31c2' },
    options: { credentialType: 'v3.1' },
  });
  const page = await openApp();
  await page.keyboard.press('ControlOrMeta+f');
  const search = page.getByRole('searchbox', { name: /Search/ });
  await expect(search).toBeFocused();
  await page.keyboard.type('Sage');
  await expect(search).toHaveValue('Sage');
});

test('menu commands from main reach the window through the contract event', async ({ openApp, harness }) => {
  const page = await openApp();
  await expect.poll(() => harness.eventListeners()).toBeGreaterThan(0);
  harness.sendEvent('menuCommand', { command: 'showScreen', screen: 'connections' });
  await expect(h1(page)).toHaveText('Connections');
  harness.sendEvent('menuCommand', { command: 'showAbout' });
  const about = page.getByRole('dialog', { name: 'About Integration Desk' });
  await expect(about).toContainText(harness.appInfo.appVersion);
  await expect(about).toContainText(harness.appInfo.dataFolder);
  await expect(about).toContainText('Chromium');
  await page.keyboard.press('Escape');
  await expect(about).toBeHidden();
  // The page never accepts what the contract does not declare.
  expect(() =>
    harness.sendEvent('menuCommand', { command: 'runScript' } as unknown as { command: 'showAbout' }),
  ).toThrow();
});

test('Settings opens the support folders and exports diagnostics with no secret in them', async ({
  openApp,
  harness,
}) => {
  const secret = 'CANARY-e2e-diagnostics-secret-8e41';
  await harness.services.integrations.saveConfiguration('zohobooks', {
    clientId: '1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123',
    secrets: { clientSecret: secret },
    options: { regions: ['us'] },
  });
  harness.services.log.error('Careless log call', { client_secret: secret });
  const page = await openApp();
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Open data folder' }).click();
  await page.getByRole('button', { name: 'Open logs folder' }).click();
  await expect
    .poll(() => harness.openedFolders)
    .toEqual([harness.appInfo.dataFolder, harness.appInfo.logsFolder]);

  const path = join(harness.appInfo.dataFolder, 'diagnostics.json');
  harness.savePath.next = path;
  await page.getByRole('button', { name: 'Export diagnostics…' }).click();
  await expect(page.getByRole('status')).toHaveText('Diagnostics saved.');
  const text = readFileSync(path, 'utf8');
  const doc = JSON.parse(text) as { review: { rows: Array<{ platform: string }> }; log: string[] };
  expect(doc.review.rows.some((row) => row.platform === 'zohobooks')).toBe(true);
  expect(doc.log.some((line) => line.includes('Careless log call'))).toBe(true);
  expect(text).not.toContain(secret);
  expect(harness.replies.join('\n')).not.toContain(secret);
});

test('a wizard with typed values asks before Escape closes it, and before the page unloads', async ({
  openApp,
}) => {
  const page = await openApp();
  await page.getByTestId('integration-zohobooks').getByRole('button', { name: 'Set up' }).click();
  const wizard = page.getByRole('dialog', { name: /Set up Zoho Books/ });
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('textbox', { name: 'Client ID' }).fill('1000.TYPEDBUTNOTSAVED');
  await page.keyboard.press('Escape');
  const ask = page.getByRole('dialog', { name: 'Discard what you typed?' });
  await expect(ask).toBeVisible();
  await expect(ask.getByRole('button', { name: 'Keep editing' })).toBeFocused();
  await ask.getByRole('button', { name: 'Keep editing' }).click();
  await expect(ask).toBeHidden();
  await expect(wizard.getByRole('textbox', { name: 'Client ID' })).toHaveValue('1000.TYPEDBUTNOTSAVED');

  // Closing the page: the browser asks (in the app, main's native dialog does).
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (dialog) => {
      resolve(dialog.type());
      void dialog.dismiss();
    }),
  );
  await page.close({ runBeforeUnload: true });
  expect(await asked).toBe('beforeunload');
});
