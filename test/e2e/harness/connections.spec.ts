import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

import type { Harness } from '../../harness/server';
import { seedConnections } from '../../harness/seed';
import type { AllFakes } from '../../fakes';
import { expect, signInAtOpenedAddress, signInInSystemBrowser, test } from './fixtures';

type OAuthPlatform = 'zohobooks' | 'sage' | 'freshbooks';
const NAMES: Record<OAuthPlatform, string> = {
  zohobooks: 'Zoho Books',
  sage: 'Sage Accounting',
  freshbooks: 'FreshBooks',
};

function fakeFor(fakes: AllFakes, platform: OAuthPlatform) {
  return { zohobooks: fakes.zoho, sage: fakes.sage, freshbooks: fakes.freshbooks }[platform];
}

/** Registers the fake provider's app, as the set-up wizard would. */
async function configure(harness: Harness, fakes: AllFakes, platform: OAuthPlatform) {
  const { app } = fakeFor(fakes, platform);
  await harness.services.integrations.saveConfiguration(platform, {
    clientId: app.clientId,
    secrets: { clientSecret: app.clientSecret },
    options: {},
  });
}

async function openConnections(page: Page) {
  await page
    .getByRole('link', { name: 'Connections' })
    .or(page.getByRole('button', { name: 'Connections' }))
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
}

for (const platform of ['zohobooks', 'sage', 'freshbooks'] as const) {
  test(`${NAMES[platform]}: connect a company through the system browser and the loopback listener`, async ({
    openApp,
    harness,
    fakes,
    browser,
    pageProblems,
  }) => {
    await configure(harness, fakes, platform);
    fakeFor(fakes, platform).behaviour.accountName = `${NAMES[platform]} Test Org`;
    const page = await openApp();
    await openConnections(page);
    await page.getByRole('button', { name: 'Link a company', exact: true }).click();
    await page.getByRole('menuitem', { name: `Connect a company to ${NAMES[platform]}` }).click();
    const waiting = page.getByRole('status').filter({ hasText: 'Waiting for the sign-in' });
    await expect(waiting).toBeVisible();
    await expect(waiting).toContainText(
      `127.0.0.1:${harness.services.settings.get().loopbackPort}/oauth/${platform}/callback`,
    );
    await expect.poll(() => harness.openedExternally.length).toBe(1);
    const authorizeUrl = harness.openedExternally[0]!;
    expect(new URL(authorizeUrl).origin).toBe(
      new URL(fakeFor(fakes, platform).endpoints.authorizeUrl).origin,
    );
    expect(page.context().pages()).toHaveLength(1);

    await signInInSystemBrowser(browser, authorizeUrl);
    const row = page.getByTestId(/^connection-/).filter({ hasText: `${NAMES[platform]} Test Org` });
    await expect(row).toBeVisible();
    await expect(row).toContainText(/Linked/);
    expect(fakeFor(fakes, platform).tokenRequests('authorization_code')).toHaveLength(1);

    // Just linked is healthy: linking reached the company, so Review finds nothing wrong with it.
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByRole('searchbox', { name: 'Search' }).fill(`${NAMES[platform]} Test Org`);
    const reviewRow = page.getByTestId(/^review-row-conn-/);
    await expect(reviewRow).toHaveCount(1);
    await expect(reviewRow).not.toContainText(/Never verified|expired/);
    await reviewRow.getByRole('button', { name: `${NAMES[platform]} Test Org` }).click();
    await expect(page.getByRole('dialog', { name: `${NAMES[platform]} Test Org` })).toContainText(
      'No problems found.',
    );
    expect(pageProblems).toEqual([]);
  });
}

test('paste-back completes a FreshBooks sign-in when the browser cannot reach the listener', async ({
  openApp,
  harness,
  fakes,
}) => {
  await configure(harness, fakes, 'freshbooks');
  const page = await openApp();
  await openConnections(page);
  await page.getByRole('button', { name: 'Link a company', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Connect a company to FreshBooks' }).click();
  await expect.poll(() => harness.openedExternally.length).toBe(1);
  const { redirectTo } = await fakes.freshbooks.consent(harness.openedExternally[0]!);
  await page.getByLabel('Address from the browser').fill(redirectTo);
  await page.getByRole('button', { name: 'Complete sign-in' }).click();
  await expect(
    page.getByTestId(/^connection-/).filter({ hasText: fakes.freshbooks.behaviour.accountName }),
  ).toBeVisible();
});

test('a hostile organisation name is shown as text, and a refusal is explained', async ({
  openApp,
  harness,
  fakes,
  browser,
}) => {
  await configure(harness, fakes, 'sage');
  const hostile = '<img src=x onerror="window.__xss=1">';
  fakes.sage.behaviour.accountName = hostile;
  const page = await openApp();
  await openConnections(page);
  await page.getByRole('button', { name: 'Link a company', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Connect a company to Sage Accounting' }).click();
  await signInAtOpenedAddress(browser, harness, 1);
  await expect(page.getByTestId(/^connection-/).filter({ hasText: hostile })).toBeVisible();
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);

  // The customer declines on the provider's page: the app says so in a sentence.
  await page.getByRole('button', { name: 'Link a company', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Connect a company to Sage Accounting' }).click();
  await expect.poll(() => harness.openedExternally.length).toBe(2);
  const { redirectTo } = await fakes.sage.consent(harness.openedExternally[1]!, 'deny');
  const context = await browser.newContext();
  await (await context.newPage()).goto(redirectTo);
  await context.close();
  await expect(page.getByRole('alert')).toContainText(/declined|refused|denied/i);
});

test('Clear Books: link a company with the customer’s API key; a wrong key is rejected in plain words', async ({
  openApp,
  harness,
  fakes,
}) => {
  const goodKey = [...fakes.clearbooks.apiKeys][0]!;
  const page = await openApp();
  await openConnections(page);
  await page.getByRole('button', { name: 'Link a company', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Link a Clear Books company' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Configure system');
  await dialog.getByLabel('Company name').fill('Acme Trading Ltd');
  await dialog.getByLabel('API key').fill('not-the-right-key');
  await dialog.getByLabel('API key').press('Enter');
  await expect(dialog).toContainText('Clear Books rejected this API key.');
  await expect(dialog.getByLabel('API key')).toHaveValue('');
  await dialog.getByLabel('API key').fill(goodKey);
  await dialog.getByLabel('API key').press('Enter');
  await expect(page.getByTestId(/^connection-/).filter({ hasText: 'Acme Trading Ltd' })).toBeVisible();
  expect(await page.content()).not.toContain(goodKey);
  expect(harness.replies.join('\n')).not.toContain(goodKey);
});

test('several Sage businesses behind one sign-in: the person chooses by keyboard, and only that one is linked', async ({
  openApp,
  harness,
  fakes,
  browser,
  pageProblems,
}) => {
  await configure(harness, fakes, 'sage');
  fakes.sage.businesses = [
    { id: 'a'.repeat(32), displayed_as: 'Maple Leaf Bakery' },
    { id: 'b'.repeat(32), displayed_as: 'Thistle & Co' },
  ];
  const page = await openApp();
  await openConnections(page);
  await page.getByRole('button', { name: 'Link a company', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Connect a company to Sage Accounting' }).click();
  await signInAtOpenedAddress(browser, harness, 1, 'Return to Integration Desk to choose');

  const chooser = page.getByTestId('company-chooser');
  await expect(chooser.getByRole('heading', { name: /reaches 2 companies/ })).toBeFocused();
  await expect(chooser.getByRole('radio')).toHaveCount(2);
  await expect(chooser).toContainText(`Id: ${'b'.repeat(32)}`);
  await page.mouse.move(0, 0);
  await page.waitForTimeout(250);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual(
    [],
  );

  // Keyboard only: Tab into the group, arrow to the second business, Enter links it.
  await page.keyboard.press('Tab');
  await expect(chooser.getByRole('radio').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(chooser.getByRole('radio', { name: 'Thistle & Co' })).toBeChecked();
  await page.keyboard.press('Enter');

  const row = page.getByTestId(/^connection-/).filter({ hasText: 'Thistle & Co' });
  await expect(row).toBeVisible();
  expect(harness.services.connections.list()).toEqual([
    expect.objectContaining({ externalId: 'b'.repeat(32), label: 'Thistle & Co' }),
  ]);
  expect(fakes.sage.tokenRequests('authorization_code')).toHaveLength(1);
  expect(pageProblems).toEqual([]);
});

test('10,000 linked companies: a page of 50 at a time, the pager passes axe and works from the keyboard', async ({
  openApp,
  harness,
  pageProblems,
}) => {
  seedConnections(harness.services.db, 10_000, Date.now());
  const page = await openApp();
  await openConnections(page);
  const rows = page.getByTestId(/^connection-/);
  await expect(rows).toHaveCount(50);
  await expect(page.getByText('Companies 1–50 of 10,000')).toBeVisible();
  const pager = page.getByRole('navigation', { name: 'Pages of linked companies' });
  await expect(pager.getByRole('button', { name: 'Page 200' })).toBeVisible();

  await page.mouse.move(0, 0);
  await page.waitForTimeout(250);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual(
    [],
  );

  // Keyboard only: the next page, then the last. A new page starts at the top of the table's box.
  const box = page.locator('.desk-table-scroll');
  await box.evaluate((element) => element.scrollTo(0, element.scrollHeight));
  expect(await box.evaluate((element) => element.scrollTop)).toBeGreaterThan(1000);
  await pager.getByRole('button', { name: 'Next page' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Companies 51–100 of 10,000')).toBeVisible();
  expect(await box.evaluate((element) => element.scrollTop)).toBe(0);
  await expect(rows.first()).toBeInViewport();
  await expect(pager.getByRole('button', { name: 'Page 2', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await page.keyboard.press('Tab');
  await expect(pager.getByRole('button', { name: 'Last page' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Companies 9,951–10,000 of 10,000')).toBeVisible();
  await expect(rows).toHaveCount(50);
  expect(pageProblems).toEqual([]);
});
