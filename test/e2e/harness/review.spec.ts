import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import type Database from 'better-sqlite3';
import Papa from 'papaparse';

import { PROBLEM_CODES } from '../../../src/shared/ipc/schemas';
import type { AllFakes } from '../../fakes';
import type { Harness } from '../../harness/server';
import { seedConnections } from '../../harness/seed';
import { expect, signInAtOpenedAddress, test } from './fixtures';
import {
  describeTimings,
  measureFilterKeystrokes,
  measureReviewFirstRender,
  rendererHeapUsedBytes,
} from './review-timing';

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
const INJECTION_LABELS = ['=HYPERLINK("http://evil","x")', '+cmd|calc', '-2+3', '@SUM(1+1)'];
const HOSTILE = '<img src=x onerror="window.__xss=1">';

/** Every request any fake provider has received so far. */
function providerRequests(fakes: AllFakes): number[] {
  return [fakes.zoho, fakes.sage, fakes.freshbooks, fakes.clearbooks].map((fake) => fake.requests.length);
}

/** A connection row as main stores it, with metadata only (no keychain item unless `secretRef`). */
function insertConnection(
  db: Database.Database,
  now: number,
  row: {
    id: string;
    platform: 'zohobooks' | 'sage' | 'freshbooks' | 'clearbooks';
    label: string;
    status?: string;
    tokenExpiresAt?: number | null;
    refreshExpiresAt?: number | null;
    lastVerifiedAt?: number | null;
    lastError?: string | null;
    whitespace?: boolean;
    secretRef?: string | null;
  },
) {
  const iso = (ms: number | null | undefined) =>
    ms === null || ms === undefined ? null : new Date(ms).toISOString();
  const apiKey = row.platform === 'clearbooks';
  db.prepare(
    `INSERT INTO connections (id, platform, kind, label, external_id, region, status, scopes_json, token_expires_at,
       refresh_expires_at, secret_ref, secret_fingerprint, created_at, secret_set_at, last_verified_at, last_error, secret_had_whitespace)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    row.id,
    row.platform,
    apiKey ? 'apiKey' : 'oauth',
    row.label,
    apiKey ? null : `ext-${row.id}`,
    apiKey ? 'uk' : 'ca',
    row.status ?? 'linked',
    '[]',
    apiKey ? null : iso(row.tokenExpiresAt === undefined ? now + HOUR : row.tokenExpiresAt),
    iso(row.refreshExpiresAt),
    row.secretRef ?? null,
    `hmac-sha256:${row.id.length.toString(16).padStart(4, '0')} 0000 0000 0000 0000 0000 0000 0000`,
    iso(now - 42 * DAY),
    iso(now - 42 * DAY),
    iso(row.lastVerifiedAt === undefined ? now - DAY : row.lastVerifiedAt),
    row.lastError ?? null,
    row.whitespace ? 1 : 0,
  );
}

/**
 * A store with a row in every health state: a Sage company linked through the
 * browser and a Clear Books company linked with its key (both for real, against
 * the fake providers), a keychain item left without its row, and metadata for the rest.
 */
async function seedEveryState(page: Page, browser: Browser, harness: Harness, fakes: AllFakes) {
  const { services } = harness;
  const now = Date.now();
  await services.integrations.saveConfiguration('sage', {
    clientId: fakes.sage.app.clientId,
    secrets: { clientSecret: fakes.sage.app.clientSecret },
    options: {},
  });
  services.db.prepare("UPDATE integrations SET enabled = 1 WHERE platform = 'sage'").run();

  // Sage, through the Connections screen and the system browser.
  fakes.sage.behaviour.accountName = 'Maple Leaf Bakery';
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Link a company', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Connect a company to Sage Accounting' }).click();
  await signInAtOpenedAddress(browser, harness, 1);
  await expect(page.getByTestId(/^connection-/).filter({ hasText: 'Maple Leaf Bakery' })).toBeVisible();

  // Clear Books with the customer's key; and one whose row is lost, leaving its keychain item behind.
  const apiKey = [...fakes.clearbooks.apiKeys][0]!;
  const acme = await services.connections.linkClearBooks('Acme Trading Ltd', apiKey);
  // A second customer's key: the same key twice is refused as already linked.
  const lostKey = 'lost-row-customer-key-5b1e';
  fakes.clearbooks.apiKeys.add(lostKey);
  const lost = await services.connections.linkClearBooks('Lost Row Ltd', lostKey);
  services.db.prepare('DELETE FROM connections WHERE id = ?').run(lost.id);

  // Zoho Books set up but disabled while companies are linked; FreshBooks enabled but never set up.
  await services.integrations.saveConfiguration('zohobooks', {
    clientId: 'zoho-client',
    secrets: { clientSecret: 'zoho-client-secret-e2e' },
    options: { regions: ['ca'], includeLineItems: false, includeCustomerContacts: false },
  });
  // What an older version could leave behind: the secret replaced in the keychain, its record not.
  services.db
    .prepare(
      `UPDATE integrations SET enabled = 0, configured_at = ?, updated_at = ?, secret_set_at = ?,
         secret_fingerprints_json = '{"clientSecret":"hmac-sha256:0bad 0bad 0bad 0bad 0bad 0bad 0bad 0bad"}'
       WHERE platform = 'zohobooks'`,
    )
    .run(...Array(3).fill(new Date(now - 90 * DAY).toISOString()));
  services.db
    .prepare(
      `INSERT INTO integrations (platform, enabled, client_id, configured_at, updated_at, secret_set_at)
       VALUES ('freshbooks', 1, NULL, NULL, ?, NULL)`,
    )
    .run(new Date(now - 90 * DAY).toISOString());

  const db = services.db;
  insertConnection(db, now, {
    id: 'seed-access-expired',
    platform: 'zohobooks',
    label: 'Token Expired Co',
    tokenExpiresAt: now - HOUR,
  });
  insertConnection(db, now, {
    id: 'seed-refresh-expired',
    platform: 'sage',
    label: 'Refresh Expired Co',
    refreshExpiresAt: now - DAY,
  });
  insertConnection(db, now, {
    id: 'seed-refresh-expiring',
    platform: 'sage',
    label: 'Refresh Expiring Co',
    refreshExpiresAt: now + 3 * DAY,
  });
  insertConnection(db, now, {
    id: 'seed-never-verified',
    platform: 'freshbooks',
    label: 'Never Checked Co',
    lastVerifiedAt: null,
  });
  insertConnection(db, now, {
    id: 'seed-stale',
    platform: 'freshbooks',
    label: 'Stale Check Co',
    lastVerifiedAt: now - 45 * DAY,
  });
  insertConnection(db, now, {
    id: 'seed-failed',
    platform: 'freshbooks',
    label: 'Failed Check Co',
    lastError: 'RATE_LIMITED',
  });
  insertConnection(db, now, {
    id: 'seed-reauth',
    platform: 'zohobooks',
    label: 'Revoked Co',
    status: 'needsReauth',
    lastError: 'INVALID_GRANT',
  });
  insertConnection(db, now, {
    id: 'seed-whitespace',
    platform: 'clearbooks',
    label: 'Spaced Key Co',
    whitespace: true,
  });
  // Its keychain item was never there: the start-up reconciliation finds it missing.
  insertConnection(db, now, {
    id: 'seed-missing',
    platform: 'clearbooks',
    label: 'Missing Secret Co',
    secretRef: 'connection-seed-missing',
  });
  INJECTION_LABELS.forEach((label, i) =>
    insertConnection(db, now, { id: `seed-injection-${i}`, platform: 'clearbooks', label }),
  );
  insertConnection(db, now, { id: 'seed-hostile', platform: 'clearbooks', label: HOSTILE });
  // Enough companies on one Zoho user to come close to Zoho's 20 refresh tokens.
  for (let i = 0; i < 16; i++)
    insertConnection(db, now, { id: `seed-zoho-${i}`, platform: 'zohobooks', label: `Zoho Org ${i}` });

  // Start-up reconciliation again (as at the next launch): finds the orphan, the missing secret and
  // the registration whose secret does not match its record.
  await services.reconciliation.run();
  // Finally, the Sage app registration has the retired v3.0 credentials.
  services.db
    .prepare(`UPDATE integrations SET options_json = '{"credentialType":"v3.0"}' WHERE platform = 'sage'`)
    .run();
  return { apiKey, acmeId: acme.id };
}

async function openReview(page: Page) {
  await page.getByRole('link', { name: 'Review' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Stored credentials' })).toBeVisible();
}

const rows = (page: Page) => page.getByTestId(/^review-row-/);

/** axe over the whole page as it stands; every violation is listed by rule and element. */
async function expectAccessible(page: Page, where: string) {
  // Nothing hovered (a hovered link has other colours); Mantine's 200 ms transitions settled.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(250);
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
  expect(found, `axe violations on ${where}`).toEqual([]);
}

test('review: every health state, filter, search, reveal, copy, compare and export, with no provider contacted', async ({
  openApp,
  harness,
  fakes,
  browser,
  pageProblems,
}) => {
  test.setTimeout(90_000);
  const page = await openApp();
  const { apiKey, acmeId } = await seedEveryState(page, browser, harness, fakes);
  const canaries = [
    apiKey,
    'lost-row-customer-key-5b1e',
    fakes.sage.app.clientSecret,
    ...fakes.sage.liveRefreshTokens(),
  ];
  expect(canaries.length).toBeGreaterThan(2);
  const before = providerRequests(fakes);

  await openReview(page);

  await expectAccessible(page, 'the Review table');

  // A count for every problem, each one a filter.
  for (const problem of PROBLEM_CODES) await expect(page.getByTestId(`summary-${problem}`)).toBeVisible();
  await page.getByTestId('summary-secretMissing').click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Missing Secret Co');
  await page.getByTestId('summary-secretMismatch').click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-testid', 'review-row-integration:zohobooks');
  await page.getByTestId('summary-orphanKeychainItem').click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-testid', /^review-row-orphan:connection-/);
  await page.getByTestId('summary-tokenCapNear').click();
  // More rows than fit: only those in view (and a few more) are rendered.
  await expect(page.getByText(/^18 of \d+ rows$/)).toBeVisible();
  expect(await rows(page).count()).toBeLessThan(18);
  await page.getByTestId('summary-tokenCapNear').click();

  // The hostile label is text.
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('<img');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(HOSTILE);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

  // Search, then the row's details.
  await search.fill('acme');
  await expect(rows(page)).toHaveCount(1);
  await page.getByRole('button', { name: 'Acme Trading Ltd' }).click();
  const details = page.getByRole('dialog', { name: 'Acme Trading Ltd' });
  await expect(details).toBeVisible();

  // Reveal: confirmation first, masked until held.
  await details.getByRole('button', { name: 'Reveal', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Reveal the secret?' });
  await expect(confirm).toContainText('This is recorded in the audit log.');
  await confirm.getByRole('button', { name: 'Reveal the secret' }).click();
  const revealed = details.getByTestId('revealed-secret');
  await expect(revealed).toBeVisible();
  await expectAccessible(page, 'the details of a row, secret revealed');
  await expect(revealed).not.toContainText(apiKey);
  const hold = details.getByRole('button', { name: 'Hold to show' });
  await hold.hover();
  await page.mouse.down();
  await expect(revealed).toHaveText(apiKey);
  await page.mouse.up();
  await expect(revealed).not.toContainText(apiKey);

  // Copy: main puts it on the clipboard (and wipes it after 30 s: unit-tested in main).
  await details.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(details).toContainText('It will be cleared from the clipboard in 30 seconds.');
  expect(harness.clipboard.text).toBe(apiKey);
  // Marked as concealed, so clipboard history and cloud clipboards skip it.
  expect(harness.clipboard.concealed).toBe(true);

  // Compare, wrong then right; the field is emptied each time.
  const candidate = details.getByLabel('Value the customer reads out');
  await candidate.fill('not-the-key');
  await details.getByRole('button', { name: 'Compare' }).click();
  await expect(details).toContainText('It does not match the stored secret.');
  await expect(candidate).toHaveValue('');
  await candidate.fill(apiKey);
  await candidate.press('Enter');
  await expect(details).toContainText('It matches the stored secret.');
  await expect(candidate).toHaveValue('');

  // Forgotten after 10 seconds.
  await expect(details.getByTestId('revealed-secret')).toHaveCount(0, { timeout: 12_000 });
  await expect(details).toContainText('The secret is hidden again.');
  await details.getByRole('button', { name: 'Close' }).click();
  await expect(details).toBeHidden();

  // Export: main asks where to save; CSV and JSON, then a cancelled dialog.
  const outDir = mkdtempSync(join(tmpdir(), 'integration-desk-review-export-'));
  try {
    harness.savePath.next = join(outDir, 'review.csv');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
    harness.savePath.next = join(outDir, 'review.json');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    await expect.poll(() => harness.services.audit.recent(1)[0]?.target).toBe('json');
    harness.savePath.next = null;
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await expect(page.getByText('Saved.', { exact: true })).toHaveCount(0);

    const csvText = readFileSync(join(outDir, 'review.csv'), 'utf8');
    const jsonText = readFileSync(join(outDir, 'review.json'), 'utf8');
    for (const canary of canaries) {
      expect(csvText).not.toContain(canary);
      expect(jsonText).not.toContain(canary);
    }
    const csv = Papa.parse<Record<string, string>>(csvText, { header: true, skipEmptyLines: true });
    expect(csv.errors).toEqual([]);
    const json = JSON.parse(jsonText) as { rows: Array<{ id: string; label: string }> };
    expect(csv.data).toHaveLength(json.rows.length);
    expect(json.rows.some((r) => r.id === acmeId)).toBe(true);
    // Formula triggers are neutralised; nothing else starts with one.
    for (const label of INJECTION_LABELS) expect(csv.data.map((r) => r['label'])).toContain(`'${label}`);
    for (const record of csv.data)
      for (const cell of Object.values(record))
        expect(cell, JSON.stringify(record)).not.toMatch(/^[=+\-@\t\r\n]/);
    expect(csvText.split('\r\n')[0]).toMatch(/^"kind","platform","label"/);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }

  // The audit log shows the reveal, copy, compares and exports; never a secret.
  await page.getByRole('tab', { name: 'Audit log' }).click();
  const audit = page.getByRole('table', { name: 'Audit log' });
  await expect(audit).toBeVisible();
  await expectAccessible(page, 'the audit log');
  const reveal = audit.getByRole('row').filter({ hasText: 'Secret revealed' });
  await expect(reveal).toHaveCount(1);
  await expect(reveal).toContainText(acmeId);
  await expect(reveal).toContainText('Acme Trading Ltd');
  await page.getByLabel('Action').selectOption({ label: 'Secret compared' });
  await expect(audit.getByRole('row')).toHaveCount(3);
  // In words, never the raw detail ("matches: false").
  await expect(audit).toContainText('The value does not match');
  await expect(audit).toContainText('The value matches');
  await expect(audit).not.toContainText('matches:');
  await page.getByLabel('Action').selectOption({ label: 'Review exported' });
  await expect(audit.getByRole('row')).toHaveCount(3);
  for (const canary of canaries) expect(await page.locator('body').innerText()).not.toContain(canary);

  // Opening, filtering, revealing, copying, comparing and exporting reached no provider.
  expect(providerRequests(fakes)).toEqual(before);
  expect(pageProblems).toEqual([]);
});

test("the table's first frame draws the rows on screen, down to the window's bottom; the rest follow", async ({
  openApp,
  harness,
}) => {
  seedConnections(harness.services.db, 500, Date.now());
  const page = await openApp();
  // Short, the table starts low on the page; tall, its whole box is on screen.
  for (const height of [720, 1400]) {
    await page.setViewportSize({ width: 1280, height });
    await page.getByRole('link', { name: 'Integrations' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();
    // What the first commit with rows in it holds, read before anything else runs.
    await page.evaluate(() => {
      const target = window as unknown as { __firstRows?: Promise<unknown> };
      target.__firstRows = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          const drawn = [...document.querySelectorAll('[data-testid^="review-row-"]')];
          if (drawn.length === 0) return;
          observer.disconnect();
          const box = document.querySelector('.review-scroll')!.getBoundingClientRect();
          resolve({
            count: drawn.length,
            tops: drawn.map((row) => row.getBoundingClientRect().top),
            lastBottom: drawn.at(-1)!.getBoundingClientRect().bottom,
            visibleBottom: Math.min(window.innerHeight, box.bottom),
          });
        });
        observer.observe(document.body, { childList: true, subtree: true });
      });
    });
    await openReview(page);
    const first = (await page.evaluate(
      () => (window as unknown as { __firstRows: Promise<unknown> }).__firstRows,
    )) as { count: number; tops: number[]; lastBottom: number; visibleBottom: number };
    // Nothing on screen is missing from the first frame, and nothing wholly below it is drawn.
    expect(first.lastBottom, `${height} px`).toBeGreaterThanOrEqual(first.visibleBottom);
    for (const top of first.tops) expect(top, `${height} px`).toBeLessThan(first.visibleBottom);
    // Then the box's rows and a few more, for scrolling.
    await expect
      .poll(() => rows(page).count(), { message: `${height} px` })
      .toBeGreaterThan(Math.max(first.count, 16));
    if (height === 720) expect(first.count).toBeLessThan(8);
  }
});

test('review of 10,000 connections: a window of rows, fast filtering (timings printed)', async ({
  openApp,
  harness,
  fakes,
  pageProblems,
}) => {
  test.setTimeout(120_000);
  seedConnections(harness.services.db, 10_000, Date.now());
  const page = await openApp();
  const before = providerRequests(fakes);
  await openReview(page);
  await expect(page.getByText('10,004 of 10,004 rows')).toBeVisible();
  expect(await rows(page).count()).toBeLessThan(60);
  await expect(page.getByRole('table', { name: 'Stored credentials' })).toHaveAttribute(
    'aria-rowcount',
    '10005',
  );

  // Scrolling renders the rows scrolled to.
  await page.locator('.review-scroll').evaluate((el) => {
    el.scrollTop = 5_000 * 40;
  });
  await expect(page.locator('tr[aria-rowindex="5006"]')).toBeVisible();
  expect(await rows(page).count()).toBeLessThan(60);

  const keystrokes = await measureFilterKeystrokes(page, 'Company 0999');
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('Company 0999');
  await expect(rows(page)).toHaveCount(10);
  await search.fill('');

  const firstRender = await measureReviewFirstRender(page, 5);
  await expect(page.getByText('10,004 of 10,004 rows')).toBeVisible();
  const heap = await rendererHeapUsedBytes(page);

  console.log(describeTimings('Review first render (10,000 connections)', firstRender, 16));
  console.log(describeTimings('Review filter keystroke (10,000 connections)', keystrokes, 16));
  console.log(`Renderer JS heap after loading the review: ${(heap / 1024 / 1024).toFixed(1)} MiB`);

  expect(providerRequests(fakes)).toEqual(before);
  expect(pageProblems).toEqual([]);
});
