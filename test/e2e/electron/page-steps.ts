import { expect, type Page } from '@playwright/test';

/**
 * What the Electron specs do in the page, as a user would. They run only where Electron can, so
 * `harness/electron-page-steps.spec.ts` runs these same steps against the same renderer in
 * Chromium on every machine: a renamed button or a widget that cannot be clicked shows here first.
 */

export const PLATFORM_NAMES = ['Clear Books', 'Zoho Books', 'Sage Accounting', 'FreshBooks'] as const;

/** A Zoho client ID of the right shape ('1000.' + 30 of [A-Z0-9]) and a 42-character secret. */
export const ZOHO_REGISTRATION = {
  clientId: '1000.ELECTRONE2ECLIENT00000000001',
  clientSecret: 'e'.repeat(42),
};

export async function expectIntegrationsScreen(page: Page, heading = 'Integrations'): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible({ timeout: 20_000 });
}

export async function expectFourPlatforms(page: Page): Promise<void> {
  for (const name of PLATFORM_NAMES)
    await expect(page.getByRole('switch', { name: `Enable ${name}` })).toBeVisible();
}

/** Set up → Zoho Books, through its steps to Save; ends on the "Enable now?" question. */
export async function saveZohoRegistration(page: Page): Promise<void> {
  await page.getByTestId('integration-zohobooks').getByRole('button', { name: 'Set up' }).click();
  const wizard = page.getByRole('dialog', { name: 'Set up Zoho Books' });
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('textbox', { name: 'Client ID' }).fill(ZOHO_REGISTRATION.clientId);
  await wizard.getByLabel(/^Client secret/).fill(ZOHO_REGISTRATION.clientSecret);
  await page.keyboard.press('Enter');
  await wizard.getByRole('checkbox', { name: 'United Kingdom' }).check();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Enable Zoho Books?' })).toBeVisible();
}

/** Manage → Zoho Books shows the saved client ID and the secret's fingerprint; then removes it all. */
export async function expectZohoRegistrationThenRemove(page: Page): Promise<void> {
  await page.getByTestId('integration-zohobooks').getByRole('button', { name: 'Manage' }).click();
  const manage = page.getByRole('dialog', { name: 'Manage Zoho Books' });
  await expect(manage).toContainText(ZOHO_REGISTRATION.clientId);
  await expect(manage).toContainText(/hmac-sha256:/);
  await manage.getByRole('button', { name: 'Remove integration' }).click();
  await page
    .getByRole('dialog', { name: 'Remove Zoho Books?' })
    .getByRole('button', { name: 'Remove integration' })
    .click();
  await expect(manage.getByTestId('removed')).toContainText('Zoho Books was removed');
}

export async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

/** On Settings. The segmented control's radio inputs are drawn off-screen: a user clicks the label. */
export async function chooseDarkTheme(page: Page): Promise<void> {
  await page.locator('label', { hasText: /^Dark$/ }).click();
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
}

/** On Settings, in English: French (Canada) from the language list; the screen follows at once. */
export async function chooseFrench(page: Page): Promise<void> {
  await page.getByLabel('Language').selectOption({ label: 'Français (Canada)' });
  await expect(page.getByRole('heading', { level: 1, name: 'Paramètres' })).toBeVisible();
}
