import AxeBuilder from '@axe-core/playwright';
import type { Browser, Locator, Page } from '@playwright/test';

import type { Harness } from '../../harness/server';
import { expect, signInAtOpenedAddress, test } from './fixtures';

/**
 * The set-up wizards end to end, in Chromium against the real services and the
 * fake providers: keyboard only (Tab, Shift+Tab, Space, Enter and typing), axe
 * over every step, then Test connection through the "system browser".
 */

type Platform = 'clearbooks' | 'zohobooks' | 'sage' | 'freshbooks';
type OAuthPlatform = Exclude<Platform, 'clearbooks'>;

const NAMES: Record<Platform, string> = {
  clearbooks: 'Clear Books',
  zohobooks: 'Zoho Books',
  sage: 'Sage Accounting',
  freshbooks: 'FreshBooks',
};

/** What the tests read and press, in each language. */
const WORDS = {
  en: {
    locales: ['en-CA'],
    setUp: 'Set up',
    manage: 'Manage',
    setUpTitle: (name: string) => `Set up ${name}`,
    manageTitle: (name: string) => `Manage ${name}`,
    step: (n: number, total: number) => new RegExp(`^Step ${n} of ${total}: `),
    next: 'Next',
    save: 'Save',
    enableTitle: (name: string) => `Enable ${name}?`,
    enableNow: 'Enable now',
    test: 'Test connection',
    linked: /is linked\./,
    finish: 'Finish',
    enabled: 'Enabled',
    clientId: 'Client ID',
    clientSecret: 'Client secret',
    signingSecret: 'Signing secret',
    subscriptionKey: 'Subscription key',
    uk: 'United Kingdom',
    lineItems: 'Include line items',
    retiredTitle: 'Sage retired API v3.0',
    saveChanges: 'Save changes',
    saved: 'Changes saved.',
    reauthMarked: 'Connections marked Needs re-auth: 1.',
    scopeChangeTitle: 'Change the scopes of FreshBooks?',
    scopeChangeCount: 'Companies that will have to sign in again: 1.',
    scopeChangeConfirm: 'Save the new scopes',
    linkCompany: 'Link a company',
    linkTitle: 'Link a Clear Books company',
    companyName: 'Company name',
    apiKey: 'API key',
    alreadyEnabled: 'Clear Books is enabled.',
  },
  fr: {
    locales: ['fr-CA'],
    setUp: 'Configurer',
    manage: 'Gérer',
    setUpTitle: (name: string) => `Configurer ${name}`,
    manageTitle: (name: string) => `Gérer ${name}`,
    // The colon follows a non-breaking space, which accessible names keep.
    step: (n: number, total: number) => new RegExp(`^Étape ${n} sur ${total}\\s: `),
    next: 'Suivant',
    save: 'Enregistrer',
    enableTitle: (name: string) => `Activer ${name}?`,
    enableNow: 'Activer maintenant',
    test: 'Tester la connexion',
    linked: /est liée\./,
    finish: 'Terminer',
    enabled: 'Activée',
    clientId: 'ID client',
    clientSecret: 'Secret client',
    signingSecret: 'Secret de signature',
    subscriptionKey: "Clé d'abonnement",
    uk: 'Royaume-Uni',
    lineItems: 'Inclure les lignes',
    retiredTitle: "Sage a retiré l'API v3.0",
    saveChanges: 'Enregistrer les modifications',
    saved: 'Modifications enregistrées.',
    reauthMarked: 'Connexions marquées « Réautorisation requise » : 1.',
    scopeChangeTitle: 'Modifier les portées de FreshBooks?',
    scopeChangeCount: 'Entreprises qui devront ouvrir une session de nouveau : 1.',
    scopeChangeConfirm: 'Enregistrer les nouvelles portées',
    linkCompany: 'Lier une entreprise',
    linkTitle: 'Lier une entreprise Clear Books',
    companyName: "Nom de l'entreprise",
    apiKey: 'Clé API',
    alreadyEnabled: "L'intégration Clear Books est activée.",
  },
} as const;
type Words = (typeof WORDS)[keyof typeof WORDS];

/** A field's label, with or without the required asterisk (and not the "Show or hide" button named after it). */
const startsWith = (label: string) => new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

const isFocused = (target: Locator) =>
  target.evaluate((element) => element === document.activeElement).catch(() => false);

/** Presses Tab (or Shift+Tab) until `target` has the focus: how a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, backwards = false) {
  // Attached, not visible: a SegmentedControl's radio inputs are visually hidden but focusable.
  await target.waitFor({ state: 'attached' });
  for (let presses = 0; presses < 120; presses++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** Tab to a control, then press a key on it. */
async function press(page: Page, target: Locator, key: 'Enter' | 'Space') {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

/** Tab to a field and type into it, as a person would (insertText for long or odd values, like a paste). */
async function typeInto(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (text.length > 200 || /[\u0000-\u001f]/.test(text)) await page.keyboard.insertText(text);
  else await page.keyboard.type(text);
}

/** axe over the whole page as it stands; every violation is listed by rule and element. */
async function expectAccessible(page: Page, where: string) {
  // Let Mantine's 200 ms open/close transitions settle, so axe sees what a person sees.
  await page.waitForTimeout(250);
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes
        .map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').at(-1)?.trim() ?? ''}`)
        .join(' | ')}`,
  );
  expect(found, `axe violations on ${where}`).toEqual([]);
}

async function openWizard(page: Page, words: Words, platform: Platform, button: string) {
  await press(
    page,
    page.getByTestId(`integration-${platform}`).getByRole('button', { name: button }),
    'Enter',
  );
  const dialog = page.getByRole('dialog', {
    name:
      // Opened with Manage, a dialog is titled Manage (Clear Books' too, though it shows its wizard).
      button === words.manage ? words.manageTitle(NAMES[platform]) : words.setUpTitle(NAMES[platform]),
  });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** The wizard's step heading; focus moves to it on every step. */
async function expectStep(dialog: Locator, words: Words, n: number, total: number) {
  const heading = dialog.getByRole('heading', { level: 3, name: words.step(n, total) });
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
}

/** Review → Save → "Enable <platform>?" → Enable now → the Test connection step, with axe at each. */
async function saveAndEnable(
  page: Page,
  dialog: Locator,
  words: Words,
  platform: OAuthPlatform,
  total: number,
) {
  await press(page, dialog.getByRole('button', { name: words.save, exact: true }), 'Enter');
  const enable = page.getByRole('dialog', { name: words.enableTitle(NAMES[platform]) });
  await expect(enable).toBeVisible();
  const enableNow = enable.getByRole('button', { name: words.enableNow });
  await expect(enableNow).toBeFocused();
  await expectAccessible(page, `${platform}: Enable dialog`);
  await page.keyboard.press('Enter');
  await expect(enable).toBeHidden();
  await expectStep(dialog, words, total, total);
}

/** Test connection against the fake provider, the consent given in the separate browser context. */
async function testConnection(
  page: Page,
  dialog: Locator,
  words: Words,
  harness: Harness,
  browser: Browser,
  where: string,
) {
  await expectAccessible(page, `${where}: Test connection step`);
  const before = harness.openedExternally.length;
  await press(page, dialog.getByRole('button', { name: words.test, exact: true }), 'Enter');
  // The sign-in starts, or the step says why it could not: a failure names the reason shown.
  const flow = dialog.getByTestId('connect-flow');
  const result = dialog.getByTestId('test-result');
  await expect(flow.or(result)).toBeVisible();
  if (await result.isVisible()) throw new Error(`Test connection did not start: ${await result.innerText()}`);
  await expectAccessible(page, `${where}: waiting for the sign-in`);
  await signInAtOpenedAddress(browser, harness, before + 1);
  await expect(dialog.getByTestId('test-result')).toContainText(words.linked);
  await expectAccessible(page, `${where}: connection tested`);
}

async function finishAndSeeEnabled(
  page: Page,
  dialog: Locator,
  words: Words,
  platform: Platform,
  harness: Harness,
) {
  await press(page, dialog.getByRole('button', { name: words.finish }), 'Enter');
  await expect(dialog).toBeHidden();
  const row = page.getByTestId(`integration-${platform}`);
  await expect(row).toContainText(words.enabled);
  await expect(row.getByRole('switch')).toBeChecked();
  expect(harness.services.integrations.get(platform).enabled).toBe(true);
}

for (const language of ['en', 'fr'] as const) {
  const words = WORDS[language];

  test.describe(`set-up wizards (${language})`, () => {
    test.use({ systemLocales: [...words.locales] });
    // A whole set-up with axe at every step and a real sign-in takes 10–20 s here.
    test.describe.configure({ timeout: 150_000 });

    test(`Zoho Books (${language}): keyboard only, Enable now, Test connection, then Manage`, async ({
      openApp,
      harness,
      fakes,
      browser,
      pageProblems,
    }) => {
      const { clientId, clientSecret } = fakes.zoho.app;
      const page = await openApp();
      const dialog = await openWizard(page, words, 'zohobooks', words.setUp);
      await expectStep(dialog, words, 1, 5);
      await expect(dialog).toContainText(
        `127.0.0.1:${harness.services.settings.get().loopbackPort}/oauth/zohobooks/callback`,
      );
      await expectAccessible(page, 'Zoho Books: register');
      await press(page, dialog.getByRole('button', { name: words.next }), 'Enter');

      await expectStep(dialog, words, 2, 5);
      await expectAccessible(page, 'Zoho Books: credentials');
      await typeInto(page, dialog.getByRole('textbox', { name: words.clientId }), clientId);
      await typeInto(page, dialog.getByLabel(startsWith(words.clientSecret)), clientSecret);
      await page.keyboard.press('Enter');

      await expectStep(dialog, words, 3, 5);
      await expectAccessible(page, 'Zoho Books: options');
      await press(page, dialog.getByRole('checkbox', { name: words.uk }), 'Space');
      await expect(dialog.getByRole('checkbox', { name: words.uk })).toBeChecked();
      await press(page, dialog.getByRole('button', { name: words.next }), 'Enter');

      await expectStep(dialog, words, 4, 5);
      await expectAccessible(page, 'Zoho Books: review');
      await saveAndEnable(page, dialog, words, 'zohobooks', 5);
      expect(harness.services.integrations.get('zohobooks')).toMatchObject({
        configured: true,
        clientId,
        options: { regions: ['uk'], includeLineItems: false, includeCustomerContacts: false },
      });
      await testConnection(page, dialog, words, harness, browser, 'Zoho Books');
      await finishAndSeeEnabled(page, dialog, words, 'zohobooks', harness);

      // Manage: change an option and save again; the stored secret is kept.
      const fingerprint = harness.services.integrations.get('zohobooks').secretFingerprints['clientSecret'];
      const manage = await openWizard(page, words, 'zohobooks', words.manage);
      await expectAccessible(page, 'Zoho Books: Manage');
      await press(page, manage.getByRole('checkbox', { name: words.lineItems }), 'Space');
      await press(page, manage.getByRole('button', { name: words.saveChanges }), 'Enter');
      await expect(manage.getByTestId('manage-saved')).toContainText(words.saved);
      expect(harness.services.integrations.get('zohobooks')).toMatchObject({
        options: { regions: ['uk'], includeLineItems: true, includeCustomerContacts: false },
        secretFingerprints: { clientSecret: fingerprint },
      });
      await expectAccessible(page, 'Zoho Books: Manage saved');
      const actions = harness.services.audit.recent(50).map((e) => `${e.action} ${e.target} ${e.outcome}`);
      expect(actions).toEqual(
        expect.arrayContaining([
          'integration.configure zohobooks success',
          'integration.enable zohobooks success',
        ]),
      );
      expect(actions.filter((a) => a.startsWith('integration.configure'))).toHaveLength(2);
      expect(pageProblems).toEqual([]);
    });

    test(`Sage Accounting (${language}): keyboard only, Enable now, Test connection, then Manage`, async ({
      openApp,
      harness,
      fakes,
      browser,
      pageProblems,
    }) => {
      const { clientId, clientSecret } = fakes.sage.app;
      const page = await openApp();
      const dialog = await openWizard(page, words, 'sage', words.setUp);
      await expectStep(dialog, words, 1, 4);
      await expect(dialog).toContainText(
        `127.0.0.1:${harness.services.settings.get().loopbackPort}/oauth/sage/callback`,
      );
      await expectAccessible(page, 'Sage: register');
      await press(page, dialog.getByRole('button', { name: words.next }), 'Enter');

      await expectStep(dialog, words, 2, 4);
      await expectAccessible(page, 'Sage: credentials (v3.1)');
      // v3.1 is the only kind offered: Sage retired v3.0, so there is nothing to choose.
      await expect(dialog.getByRole('radio')).toHaveCount(0);
      await expect(dialog.getByLabel(startsWith(words.signingSecret))).toHaveCount(0);
      await typeInto(page, dialog.getByRole('textbox', { name: words.clientId }), clientId);
      await typeInto(page, dialog.getByLabel(startsWith(words.clientSecret)), clientSecret);
      await page.keyboard.press('Enter');

      await expectStep(dialog, words, 3, 4);
      await expectAccessible(page, 'Sage: review');
      await saveAndEnable(page, dialog, words, 'sage', 4);
      expect(harness.services.integrations.get('sage')).toMatchObject({
        clientId,
        options: { credentialType: 'v3.1' },
      });
      await testConnection(page, dialog, words, harness, browser, 'Sage');
      await finishAndSeeEnabled(page, dialog, words, 'sage', harness);

      // An install set up before the switch-off: its registration has the retired v3.0 credentials.
      await harness.services.integrations.saveConfiguration('sage', {
        clientId: 'legacy-client-id',
        secrets: { clientSecret: 'legacy-cs', signingSecret: 'legacy-ss', subscriptionKey: 'legacy-sk' },
        options: { credentialType: 'v3.0' },
        requiredSecrets: ['clientSecret', 'signingSecret', 'subscriptionKey'],
      });
      const manage = await openWizard(page, words, 'sage', words.manage);
      await expect(manage.getByTestId('retired')).toContainText(words.retiredTitle);
      await expect(manage.getByTestId('retired')).toContainText(
        `127.0.0.1:${harness.services.settings.get().loopbackPort}/oauth/sage/callback`,
      );
      await expectAccessible(page, 'Sage: Manage (retired credentials)');
      // The new v3.1 app's values, typed with the keyboard; the retired ones leave the keychain.
      await typeInto(page, manage.getByRole('textbox', { name: words.clientId }), clientId);
      await typeInto(page, manage.getByLabel(startsWith(words.clientSecret)), clientSecret);
      await press(page, manage.getByRole('button', { name: words.saveChanges }), 'Enter');
      await expect(manage.getByTestId('manage-saved')).toContainText(words.saved);
      await expect(manage.getByTestId('retired')).toHaveCount(0);
      const saved = harness.services.integrations.get('sage');
      expect(saved).toMatchObject({ clientId, retired: false, options: { credentialType: 'v3.1' } });
      expect(Object.keys(saved.secretFingerprints)).toEqual(['clientSecret']);
      expect(pageProblems).toEqual([]);
    });

    test(`FreshBooks (${language}): keyboard only, Enable now, Test connection, then Manage`, async ({
      openApp,
      harness,
      fakes,
      browser,
      pageProblems,
    }) => {
      // The longest journey: set-up, sign-in, then Manage with the scope-change question.
      test.slow();
      const { clientId, clientSecret } = fakes.freshbooks.app;
      const page = await openApp();
      const dialog = await openWizard(page, words, 'freshbooks', words.setUp);
      await expectStep(dialog, words, 1, 5);
      await expect(dialog.getByTestId('scopes-table')).toContainText('user:profile:read');
      await expectAccessible(page, 'FreshBooks: scopes');
      await press(page, dialog.getByRole('button', { name: words.next }), 'Enter');

      await expectStep(dialog, words, 2, 5);
      await expect(dialog).toContainText(
        `https://127.0.0.1:${harness.services.settings.get().loopbackPort}/oauth/freshbooks/callback`,
      );
      await expectAccessible(page, 'FreshBooks: register');
      await press(page, dialog.getByRole('button', { name: words.next }), 'Enter');

      await expectStep(dialog, words, 3, 5);
      await expectAccessible(page, 'FreshBooks: credentials');
      await typeInto(page, dialog.getByRole('textbox', { name: words.clientId }), clientId);
      await typeInto(page, dialog.getByLabel(startsWith(words.clientSecret)), clientSecret);
      await page.keyboard.press('Enter');

      await expectStep(dialog, words, 4, 5);
      await expectAccessible(page, 'FreshBooks: review');
      await saveAndEnable(page, dialog, words, 'freshbooks', 5);
      expect(harness.services.integrations.get('freshbooks')).toMatchObject({
        clientId,
        options: { writeScopes: [] },
      });
      await testConnection(page, dialog, words, harness, browser, 'FreshBooks');
      await finishAndSeeEnabled(page, dialog, words, 'freshbooks', harness);

      // Manage: a new write scope; the linked company is marked Needs re-auth, and the count is said.
      const manage = await openWizard(page, words, 'freshbooks', words.manage);
      await expectAccessible(page, 'FreshBooks: Manage');
      await press(page, manage.getByRole('checkbox', { name: 'user:clients:write' }), 'Space');
      await expect(manage.getByTestId('reauth-warning')).toBeVisible();
      await press(page, manage.getByRole('button', { name: words.saveChanges }), 'Enter');
      // Before saving: how many companies must sign in again, and the new scope list to copy.
      const confirm = page.getByRole('dialog', { name: words.scopeChangeTitle });
      await expect(confirm.getByTestId('scope-change-count')).toContainText(words.scopeChangeCount);
      await expect(confirm.getByText('user:clients:write')).toBeVisible();
      expect(harness.services.integrations.get('freshbooks').options).toEqual({ writeScopes: [] });
      await expectAccessible(page, 'FreshBooks: scope change');
      // Its confirm button has the focus.
      await expect(confirm.getByRole('button', { name: words.scopeChangeConfirm })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(manage.getByTestId('reauth-count')).toContainText(words.reauthMarked);
      expect(harness.services.integrations.get('freshbooks').options).toEqual({ writeScopes: ['clients'] });
      expect(harness.services.connections.list('freshbooks').map((c) => c.status)).toEqual(['needsReauth']);
      await expectAccessible(page, 'FreshBooks: Manage saved');
      expect(pageProblems).toEqual([]);
    });

    test(`Clear Books (${language}): keyboard only, enable directly, link a company with its key`, async ({
      openApp,
      harness,
      fakes,
      pageProblems,
    }) => {
      const goodKey = [...fakes.clearbooks.apiKeys][0]!;
      const page = await openApp();
      const dialog = await openWizard(page, words, 'clearbooks', words.manage);
      await expectStep(dialog, words, 1, 2);
      await expectAccessible(page, 'Clear Books: no registration');
      await press(page, dialog.getByRole('button', { name: words.enableNow }), 'Enter');

      await expectStep(dialog, words, 2, 2);
      expect(harness.services.integrations.get('clearbooks').enabled).toBe(true);
      await expectAccessible(page, 'Clear Books: link a company');
      await press(page, dialog.getByRole('button', { name: words.linkCompany, exact: true }), 'Enter');
      const link = page.getByRole('dialog', { name: words.linkTitle });
      await expect(link).toContainText('Configure system');
      await expectAccessible(page, 'Clear Books: link dialog');
      await typeInto(page, link.getByRole('textbox', { name: words.companyName }), 'Acme Trading Ltd');
      await typeInto(page, link.getByLabel(startsWith(words.apiKey)), goodKey);
      await page.keyboard.press('Enter');
      await expect(link).toBeHidden();
      await expect(dialog.getByTestId('test-result')).toContainText('Acme Trading Ltd');
      await expectAccessible(page, 'Clear Books: linked');
      await finishAndSeeEnabled(page, dialog, words, 'clearbooks', harness);

      // Reopened, it says it is enabled and goes straight on to linking.
      const again = await openWizard(page, words, 'clearbooks', words.manage);
      await expect(again).toContainText(words.alreadyEnabled);
      expect(harness.services.connections.list('clearbooks').map((c) => c.label)).toEqual([
        'Acme Trading Ltd',
      ]);
      expect(pageProblems).toEqual([]);
    });
  });
}

test.describe('bad input is refused with its reason, and nothing is stored', () => {
  const words = WORDS.en;

  test('a secret with a space, an empty client ID, a 10 KB string, control characters', async ({
    openApp,
    harness,
    pageProblems,
  }) => {
    const page = await openApp();
    const dialog = await openWizard(page, words, 'zohobooks', words.setUp);
    await press(page, dialog.getByRole('button', { name: words.next }), 'Enter');
    await expectStep(dialog, words, 2, 5);
    const clientId = dialog.getByRole('textbox', { name: words.clientId });
    const secret = dialog.getByLabel(startsWith(words.clientSecret));
    const refused = async (field: Locator, message: RegExp) => {
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(field).toHaveAccessibleDescription(message);
      await expect(dialog.getByRole('heading', { level: 3, name: words.step(2, 5) })).toBeVisible();
      expect(harness.services.integrations.get('zohobooks')).toMatchObject({
        configured: false,
        clientId: null,
        secretFingerprints: {},
      });
    };

    // An empty client ID (and secret).
    await press(page, dialog.getByRole('button', { name: words.next }), 'Enter');
    await refused(clientId, /^This is required\. Copy it from the provider's console\.$/);
    await expect(clientId).toBeFocused();
    await expectAccessible(page, 'Zoho Books: credentials with errors');

    // A secret with a space inside.
    await typeInto(page, clientId, '1000.FAKEZOHOCLIENT0000000000000001');
    await typeInto(page, secret, 'abcd efgh');
    await page.keyboard.press('Enter');
    await refused(secret, /^This contains a space\. Keys never contain spaces/);

    // A 10 KB string.
    await typeInto(page, clientId, 'A'.repeat(10 * 1024));
    await typeInto(page, secret, 'abcdefgh');
    await page.keyboard.press('Enter');
    await refused(clientId, /far too long for a key \(at most 512 characters\)/);

    // Control characters.
    await typeInto(page, clientId, '1000.FAKE\u0007ZOHO\u001bCLIENT');
    await page.keyboard.press('Enter');
    await refused(clientId, /invisible control characters/);
    await expect(clientId).toHaveValue('1000.FAKE\u0007ZOHO\u001bCLIENT');

    expect(harness.services.audit.recent(20).filter((e) => e.action === 'integration.configure')).toEqual([]);
    expect(pageProblems).toEqual([]);
  });
});

test('Manage → Remove integration, with a confirmation that says what happens to the connections', async ({
  openApp,
  harness,
  fakes,
  browser,
  pageProblems,
}) => {
  const words = WORDS.en;
  await harness.services.integrations.saveConfiguration('sage', {
    clientId: fakes.sage.app.clientId,
    secrets: { clientSecret: fakes.sage.app.clientSecret },
    options: { credentialType: 'v3.1' },
  });
  const page = await openApp();
  const manage = await openWizard(page, words, 'sage', words.manage);
  // Link one company first, so that removing it has a connection to disconnect.
  await testConnection(page, manage, words, harness, browser, 'Sage Manage');
  expect(harness.services.connections.list('sage')).toHaveLength(1);

  await press(page, manage.getByRole('button', { name: 'Remove integration' }), 'Enter');
  const confirm = page.getByRole('dialog', { name: 'Remove Sage Accounting?' });
  await expect(confirm).toContainText('Linked companies that will be disconnected: 1.');
  await expect(confirm).toContainText('revoked at Sage Accounting');
  await expect(confirm).toContainText('deleted from the keychain');
  await expectAccessible(page, 'Sage: remove confirmation');
  await press(page, confirm.getByRole('button', { name: 'Remove integration' }), 'Enter');
  await expect(manage.getByTestId('removed')).toContainText(
    'Sage Accounting was removed. Connections removed: 1.',
  );
  await expectAccessible(page, 'Sage: removed');

  expect(harness.services.integrations.get('sage')).toMatchObject({
    configured: false,
    enabled: false,
    clientId: null,
    secretFingerprints: {},
  });
  expect(harness.services.connections.list('sage')).toEqual([]);
  expect(harness.services.audit.recent(20).map((e) => e.action)).toContain('integration.remove');
  await press(page, manage.getByRole('button', { name: words.finish }), 'Enter');
  await expect(page.getByTestId('integration-sage')).toContainText('Not set up');
  expect(pageProblems).toEqual([]);
});
