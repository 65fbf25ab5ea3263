import { createHash } from 'node:crypto';

import type { Locator, Page } from '@playwright/test';

import en from '../../../src/renderer/src/i18n/locales/en.json';
import frCA from '../../../src/renderer/src/i18n/locales/fr-CA.json';
import reviewEn from '../../../src/renderer/src/i18n/locales/review.en.json';
import reviewFr from '../../../src/renderer/src/i18n/locales/review.fr-CA.json';
import shellEn from '../../../src/renderer/src/i18n/locales/shell.en.json';
import shellFr from '../../../src/renderer/src/i18n/locales/shell.fr-CA.json';
import type { AllFakes } from '../../fakes';
import type { Harness } from '../../harness/server';
import { expect } from './fixtures';

/**
 * A walk through every screen and dialog of the app, in either language and
 * theme, over one seeded store: the layout and contrast spec and the
 * screenshot script both follow it. Names come from the app's own catalogs so
 * the same walk works in English and French.
 */
export type Language = 'en' | 'fr-CA';
export type Theme = 'light' | 'dark';

const CATALOGS = {
  en: { translation: en, review: reviewEn, shell: shellEn },
  'fr-CA': { translation: frCA, review: reviewFr, shell: shellFr },
} as const;

/** A catalog entry by dotted key ("review:secret.reveal" for another namespace); `{{name}}` filled in. */
export function words(language: Language, key: string, values: Record<string, string> = {}): string {
  const [ns, path] = key.includes(':') ? (key.split(':') as [string, string]) : ['translation', key];
  let node: unknown = CATALOGS[language][ns as keyof (typeof CATALOGS)['en']];
  for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'string') throw new Error(`No catalog entry ${key} in ${language}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
}

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;

/**
 * Zoho Books and Sage set up (Zoho disabled), FreshBooks left to set up (its
 * wizard shows the scopes), a Clear Books company linked with its key against the
 * fake, and rows in a spread of states with long provider values.
 */
export async function seedTour(harness: Harness, fakes: AllFakes): Promise<void> {
  const { services } = harness;
  const now = Date.now();
  await services.integrations.saveConfiguration('zohobooks', {
    clientId: '1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123',
    secrets: { clientSecret: 'zoho-client-secret-tour' },
    options: { regions: ['ca', 'us'], includeLineItems: false, includeCustomerContacts: false },
  });
  await services.integrations.saveConfiguration('sage', {
    clientId: fakes.sage.app.clientId,
    secrets: { clientSecret: fakes.sage.app.clientSecret },
    options: {},
  });
  services.db.prepare("UPDATE integrations SET enabled = 1 WHERE platform IN ('sage', 'clearbooks')").run();
  services.db
    .prepare(
      `INSERT INTO integrations (platform, enabled, client_id, configured_at, updated_at, secret_set_at)
       VALUES ('clearbooks', 1, NULL, ?, ?, ?) ON CONFLICT(platform) DO UPDATE SET enabled = 1`,
    )
    .run(...Array(3).fill(new Date(now - 30 * DAY).toISOString()));

  const apiKey = [...fakes.clearbooks.apiKeys][0]!;
  await services.connections.linkClearBooks('Acme Trading Ltd', apiKey);

  const insert = services.db.prepare(
    `INSERT INTO connections (id, platform, kind, label, external_id, region, status, scopes_json, token_expires_at,
       refresh_expires_at, secret_ref, secret_fingerprint, created_at, secret_set_at, last_verified_at, last_error, secret_had_whitespace)
     VALUES (@id, @platform, 'oauth', @label, @externalId, @region, @status, @scopes, @tokenExpiresAt, @refreshExpiresAt,
       NULL, @fingerprint, @createdAt, @createdAt, @lastVerifiedAt, @lastError, 0)`,
  );
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const rows = [
    {
      id: 'tour-sage',
      platform: 'sage',
      label: 'Maple Leaf Bakery and Café Cooperative of Greater Montréal',
      region: 'ca',
      status: 'linked',
      scopes: ['full_access'],
      tokenExpiresAt: now + HOUR,
      refreshExpiresAt: now + 3 * DAY,
      lastVerifiedAt: now - DAY,
      lastError: null,
    },
    {
      id: 'tour-zoho',
      platform: 'zohobooks',
      label: 'Northern Lights Outfitters Inc.',
      region: 'ca',
      status: 'needsReauth',
      scopes: ['ZohoBooks.contacts.READ', 'ZohoBooks.invoices.READ', 'ZohoBooks.settings.READ'],
      tokenExpiresAt: now - HOUR,
      refreshExpiresAt: null,
      lastVerifiedAt: now - 45 * DAY,
      lastError: 'INVALID_GRANT',
    },
    {
      id: 'tour-sage-uk',
      platform: 'sage',
      label: 'Harbourfront Design Studio',
      region: 'uk',
      status: 'linked',
      scopes: ['full_access'],
      tokenExpiresAt: now + 10 * HOUR,
      refreshExpiresAt: now + 20 * DAY,
      lastVerifiedAt: null,
      lastError: 'RATE_LIMITED',
    },
  ];
  for (const row of rows)
    insert.run({
      ...row,
      externalId: `ext-${row.id}-0123456789abcdef`,
      scopes: JSON.stringify(row.scopes),
      tokenExpiresAt: iso(row.tokenExpiresAt),
      refreshExpiresAt: iso(row.refreshExpiresAt),
      lastVerifiedAt: iso(row.lastVerifiedAt),
      // Each secret its own fingerprint, in the app's format (vault/fingerprint.ts).
      fingerprint: `hmac-sha256:${createHash('sha256').update(row.id).digest('hex').slice(0, 32).match(/.{4}/g)!.join(' ')}`,
      createdAt: iso(now - 42 * DAY),
    });
  await services.reconciliation.run();
}

/** The language and theme, saved as a user would choose them in Settings; the page is reloaded to apply them. */
export async function applyLook(page: Page, harness: Harness, language: Language, theme: Theme) {
  harness.services.settings.update({ language, theme });
  await page.reload();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', theme);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

export type Screen = 'integrations' | 'connections' | 'review' | 'settings';

/** Opens a screen from the navigation and waits for its heading and content. */
export async function showScreen(page: Page, language: Language, screen: Screen) {
  await page.keyboard.press('Escape');
  const name = screen === 'review' ? words(language, 'review:nav') : words(language, `nav.${screen}`);
  await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  if (screen === 'connections')
    await page
      .getByTestId(/^connection-/)
      .first()
      .waitFor();
  if (screen === 'review')
    await page
      .getByTestId(/^review-row-/)
      .first()
      .waitFor();
  if (screen === 'integrations') await page.getByTestId('integration-clearbooks').waitFor();
}

export interface Stop {
  /** Short, file-name safe. */
  name: string;
  screen: Screen;
  /** Opens the dialog (or menu) on the screen and returns it; absent for the screen itself. */
  open?: (page: Page, language: Language) => Promise<Locator>;
}

const dialogNamed = (page: Page, name: string) => page.getByRole('dialog', { name });

async function openCardDialog(
  page: Page,
  language: Language,
  platform: string,
  button: string,
  title: string,
) {
  await page.getByTestId(`integration-${platform}`).getByRole('button', { name: button }).click();
  const dialog = dialogNamed(page, title);
  await expect(dialog).toBeVisible();
  return dialog;
}

async function openReviewRow(page: Page, label: string) {
  await page
    .getByTestId(/^review-row-/)
    .filter({ hasText: label })
    .getByRole('button')
    .first()
    .click();
  const drawer = page.getByRole('dialog', { name: label });
  await expect(drawer).toBeVisible();
  return drawer;
}

export const STOPS: readonly Stop[] = [
  { name: 'integrations', screen: 'integrations' },
  {
    name: 'wizard-freshbooks-scopes',
    screen: 'integrations',
    open: (page, l) =>
      openCardDialog(
        page,
        l,
        'freshbooks',
        words(l, 'integrations.setUp'),
        words(l, 'wizard.setUpTitle', { name: 'FreshBooks' }),
      ),
  },
  {
    name: 'wizard-freshbooks-register',
    screen: 'integrations',
    open: async (page, l) => {
      const dialog = await openCardDialog(
        page,
        l,
        'freshbooks',
        words(l, 'integrations.setUp'),
        words(l, 'wizard.setUpTitle', { name: 'FreshBooks' }),
      );
      await dialog.getByRole('button', { name: words(l, 'wizard.next') }).click();
      await expect(dialog.getByTestId('console-steps')).toBeVisible();
      return dialog;
    },
  },
  {
    name: 'manage-zoho',
    screen: 'integrations',
    open: (page, l) =>
      openCardDialog(
        page,
        l,
        'zohobooks',
        words(l, 'integrations.manage'),
        words(l, 'wizard.manageTitle', { name: 'Zoho Books' }),
      ),
  },
  {
    name: 'manage-clearbooks',
    screen: 'integrations',
    open: (page, l) =>
      openCardDialog(
        page,
        l,
        'clearbooks',
        words(l, 'integrations.manage'),
        words(l, 'wizard.manageTitle', { name: 'Clear Books' }),
      ),
  },
  { name: 'connections', screen: 'connections' },
  {
    name: 'connections-link-menu',
    screen: 'connections',
    open: async (page, l) => {
      await page.getByRole('button', { name: words(l, 'connections.linkTitle') }).click();
      const menu = page.getByRole('menu');
      await expect(menu).toBeVisible();
      return menu;
    },
  },
  {
    name: 'connections-link-clearbooks',
    screen: 'connections',
    open: async (page, l) => {
      await page.getByRole('button', { name: words(l, 'connections.linkTitle') }).click();
      await page.getByRole('menuitem', { name: words(l, 'connections.linkClearBooks') }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      return dialog;
    },
  },
  {
    name: 'connections-disconnect',
    screen: 'connections',
    open: async (page, l) => {
      await page
        .getByTestId('connection-tour-sage')
        .getByRole('button', { name: words(l, 'connections.disconnect') })
        .click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      return dialog;
    },
  },
  { name: 'review', screen: 'review' },
  {
    name: 'review-details',
    screen: 'review',
    open: (page) => openReviewRow(page, 'Acme Trading Ltd'),
  },
  {
    name: 'review-reveal',
    screen: 'review',
    open: async (page, l) => {
      const drawer = await openReviewRow(page, 'Acme Trading Ltd');
      await drawer.getByRole('button', { name: words(l, 'review:secret.reveal'), exact: true }).click();
      const confirm = dialogNamed(page, words(l, 'review:secret.confirmTitle'));
      await expect(confirm).toBeVisible();
      return confirm;
    },
  },
  {
    name: 'review-compare',
    screen: 'review',
    open: async (page, l) => {
      const drawer = await openReviewRow(page, 'Acme Trading Ltd');
      await drawer.getByLabel(words(l, 'review:secret.compareLabel')).fill('not-the-key');
      await drawer.getByRole('button', { name: words(l, 'review:secret.compare'), exact: true }).click();
      await expect(drawer.getByText(words(l, 'review:secret.noMatch'))).toBeVisible();
      return drawer;
    },
  },
  {
    name: 'review-repair',
    screen: 'review',
    open: (page) => openReviewRow(page, 'Northern Lights Outfitters Inc.'),
  },
  {
    name: 'review-audit',
    screen: 'review',
    open: async (page, l) => {
      await page.getByRole('tab', { name: words(l, 'review:tabs.audit') }).click();
      const panel = page.getByRole('tabpanel');
      await expect(panel).toBeVisible();
      return panel;
    },
  },
  { name: 'settings', screen: 'settings' },
  {
    name: 'about',
    screen: 'settings',
    open: async (page, l) => {
      await page.getByRole('button', { name: words(l, 'shell:support.about') }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      return dialog;
    },
  },
];
