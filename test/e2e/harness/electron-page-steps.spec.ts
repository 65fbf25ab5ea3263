import {
  chooseDarkTheme,
  chooseFrench,
  expectFourPlatforms,
  expectIntegrationsScreen,
  expectZohoRegistrationThenRemove,
  openSettings,
  saveZohoRegistration,
  ZOHO_REGISTRATION,
} from '../electron/page-steps';
import { expect, test } from './fixtures';

/**
 * The Electron specs' steps in the page (`../electron/page-steps.ts`), run here against the same
 * renderer and the real services, with a reload where the Electron spec restarts the app. The
 * Electron specs run only where Electron can; these keep their page steps honest everywhere.
 */

test('the four platforms; a Zoho registration saved, kept after a reload, then removed', async ({
  openApp,
  harness,
}) => {
  const page = await openApp();
  await expectIntegrationsScreen(page);
  await expectFourPlatforms(page);
  await saveZohoRegistration(page);
  expect(harness.services.integrations.get('zohobooks')).toMatchObject({
    configured: true,
    clientId: ZOHO_REGISTRATION.clientId,
  });
  await page.reload();
  await expectIntegrationsScreen(page);
  await expectZohoRegistrationThenRemove(page);
  expect(harness.services.integrations.get('zohobooks').configured).toBe(false);
});

test('Settings: the dark theme and French (Canada), kept after a reload', async ({ openApp, harness }) => {
  const page = await openApp();
  await openSettings(page);
  await chooseDarkTheme(page);
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await chooseFrench(page);
  expect(harness.services.settings.get()).toMatchObject({ theme: 'dark', language: 'fr-CA' });
  await page.reload();
  await expectIntegrationsScreen(page, 'Intégrations');
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
});
