import { API_NAMES } from '../../../src/shared/ipc/contract';
import { INTERACTIVE_MARK, STARTUP_MARKS } from '../../../src/renderer/src/readiness';
import { PLATFORM_NAMES } from '../electron/page-steps';
import { expect, test } from './fixtures';

test.describe('Integrations screen in English', () => {
  test('lists the four platforms with their state, from the real store', async ({
    openApp,
    pageProblems,
  }) => {
    const page = await openApp();
    await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();
    for (const [index, name] of PLATFORM_NAMES.entries()) {
      const row = page.getByTestId(/^integration-/).nth(index);
      await expect(row).toContainText(name);
      await expect(row.getByRole('switch', { name: `Enable ${name}` })).not.toBeChecked();
    }
    await expect(page.getByTestId('integration-zohobooks')).toContainText('Not set up');
    await expect(
      page.getByTestId('integration-zohobooks').getByRole('button', { name: 'Set up' }),
    ).toBeVisible();
    expect(pageProblems).toEqual([]);
  });

  test('fetches the dialogs and later screens only once the list is interactive', async ({ openApp }) => {
    const page = await openApp();
    await expect(page.getByRole('switch', { name: 'Enable Clear Books' })).toBeVisible();
    const startsOfLater = () =>
      page.evaluate(() =>
        window.performance
          .getEntriesByType('resource')
          .filter((r) => /\/(IntegrationDialog|later-screens)-[^/]*\.(js|css)$/.test(r.name))
          .map((r) => r.startTime),
      );
    // Fetched soon after (so Set up opens at once), but not before.
    await expect.poll(async () => (await startsOfLater()).length).toBeGreaterThanOrEqual(2);
    const interactiveAt = await page.evaluate(
      (mark) => window.performance.getEntriesByName(mark, 'mark')[0]?.startTime ?? null,
      INTERACTIVE_MARK,
    );
    expect(interactiveAt).not.toBeNull();
    for (const start of await startsOfLater()) expect(start).toBeGreaterThanOrEqual(interactiveAt!);
    // The start-up's phases, which the bench prints, are marked once each and in order.
    const marks = await page.evaluate(
      (names) =>
        names.map((name) => window.performance.getEntriesByName(name, 'mark').map((m) => m.startTime)),
      [STARTUP_MARKS.callsSent, STARTUP_MARKS.renderStart, INTERACTIVE_MARK],
    );
    expect(marks.map((times) => times.length)).toEqual([1, 1, 1]);
    const [callsSent, renderStart] = marks.map((times) => times[0]!);
    expect(callsSent).toBeLessThanOrEqual(renderStart!);
    expect(renderStart).toBeLessThanOrEqual(interactiveAt!);
  });

  test('Clear Books can be enabled at once, and stays enabled after a reload', async ({
    openApp,
    harness,
    pageProblems,
  }) => {
    const page = await openApp();
    const toggle = page.getByRole('switch', { name: 'Enable Clear Books' });
    await toggle.focus();
    await page.keyboard.press('Space');
    await expect(toggle).toBeChecked();
    await expect(page.getByTestId('integration-clearbooks')).toContainText('Enabled');
    await expect
      .poll(() => harness.services.integrations.list().find((i) => i.platform === 'clearbooks')?.enabled)
      .toBe(true);
    await page.reload();
    await expect(page.getByRole('switch', { name: 'Enable Clear Books' })).toBeChecked();
    expect(harness.services.audit.recent(1)[0]).toMatchObject({
      action: 'integration.enable',
      target: 'clearbooks',
      actor: 'e2e-tester',
    });
    expect(pageProblems).toEqual([]);
  });

  test('enabling Zoho Books before it is set up is refused with what to do first', async ({
    openApp,
    harness,
  }) => {
    const page = await openApp();
    const toggle = page.getByRole('switch', { name: 'Enable Zoho Books' });
    await toggle.click();
    const row = page.getByTestId('integration-zohobooks');
    await expect(row.getByRole('alert')).toContainText(/register an app/i);
    await expect(toggle).not.toBeChecked();
    expect(harness.services.integrations.get('zohobooks').enabled).toBe(false);
    await page.reload();
    await expect(page.getByRole('switch', { name: 'Enable Zoho Books' })).not.toBeChecked();
  });

  test('Manage shows what is stored (fingerprint, never the secret)', async ({ openApp, harness }) => {
    const secret = 'CANARY-e2e-client-secret-51d0';
    await harness.services.integrations.saveConfiguration('sage', {
      clientId: 'sage-client-id-1234',
      secrets: { clientSecret: secret },
      options: { credentialType: 'v3.1' },
    });
    const page = await openApp();
    const row = page.getByTestId('integration-sage');
    await row.getByRole('button', { name: 'Manage' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('sage-client-id-1234');
    await expect(dialog).toContainText(/hmac-sha256:/);
    expect(await page.content()).not.toContain(secret);
    expect(harness.replies.join('\n')).not.toContain(secret);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  test('Set up on a platform with nothing stored says so plainly', async ({ openApp }) => {
    const page = await openApp();
    await page.getByTestId('integration-freshbooks').getByRole('button', { name: 'Set up' }).click();
    await expect(page.getByRole('dialog')).toContainText(/Nothing is stored for FreshBooks/);
  });
});

test.describe('Integrations screen in French (Canada)', () => {
  test.use({ systemLocales: ['fr-CA', 'en-CA'] });

  test('follows the OS language and lists the four platforms', async ({ openApp, pageProblems }) => {
    const page = await openApp();
    await expect(page.getByRole('heading', { level: 1, name: 'Intégrations' })).toBeVisible();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr-CA');
    for (const name of PLATFORM_NAMES)
      await expect(page.getByRole('switch', { name: `Activer ${name}` })).toBeVisible();
    await page.getByRole('switch', { name: 'Activer Zoho Books' }).click();
    await expect(page.getByTestId('integration-zohobooks').getByRole('alert')).toBeVisible();
    expect(pageProblems).toEqual([]);
  });
});

test.describe('Settings', () => {
  test('the chosen language is kept across reloads and the data file location is shown', async ({
    openApp,
    harness,
  }) => {
    const page = await openApp();
    await page
      .getByRole('link', { name: 'Settings' })
      .or(page.getByRole('button', { name: 'Settings' }))
      .first()
      .click();
    await expect(page.getByText(harness.services.settings.get().dataFilePath)).toBeVisible();
    await page.getByLabel('Language').selectOption({ label: 'Français (Canada)' });
    await expect(page.getByRole('heading', { level: 1, name: 'Paramètres' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Intégrations' })).toBeVisible();
    expect(harness.services.settings.get()).toMatchObject({ language: 'fr-CA', languageFromSystem: false });
  });
});

test.describe('the page is locked down', () => {
  test('no Node, no eval, no inline script; window.api is exactly the contract', async ({ openApp }) => {
    const page = await openApp();
    expect(
      await page.evaluate(() => [
        typeof (window as { require?: unknown }).require,
        typeof (window as { process?: unknown }).process,
        typeof (window as { module?: unknown }).module,
      ]),
    ).toEqual(['undefined', 'undefined', 'undefined']);
    // DevTools evaluation bypasses CSP, so use string-compiled code the page itself would run: it must be blocked.
    const evalOutcome = await page.evaluate(
      () =>
        new Promise<string>((done) => {
          document.addEventListener('securitypolicyviolation', (e) => done(e.violatedDirective), {
            once: true,
          });
          (window.setTimeout as unknown as (code: string, ms: number) => void)('window.__evalRan = 1', 0);
          setTimeout(() => done(String((window as { __evalRan?: number }).__evalRan)), 1000);
        }),
    );
    expect(evalOutcome).toMatch(/^script-src/);
    const injected = await page.evaluate(
      () =>
        new Promise<string>((done) => {
          document.addEventListener('securitypolicyviolation', (e) => done(e.violatedDirective), {
            once: true,
          });
          const script = document.createElement('script');
          script.textContent = 'window.__injected = 1';
          document.body.append(script);
          setTimeout(() => done(String((window as { __injected?: number }).__injected)), 1000);
        }),
    );
    expect(injected).toMatch(/^script-src/);
    expect(await page.evaluate(() => Object.keys((window as unknown as { api: object }).api).sort())).toEqual(
      [...API_NAMES].sort(),
    );
    expect(await page.evaluate(() => typeof (window as { ipcRenderer?: unknown }).ipcRenderer)).toBe(
      'undefined',
    );
  });

  test('the renderer requests nothing outside its own origin, on any screen or in the set-up wizard', async ({
    page,
    harness,
    openApp,
  }) => {
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await openApp();
    await page.getByTestId('integration-zohobooks').getByRole('button', { name: 'Set up' }).click();
    const wizard = page.getByRole('dialog', { name: /Set up Zoho Books/ });
    await expect(wizard).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(wizard).toBeHidden();
    for (const screen of ['Connections', 'Review', 'Settings']) {
      await page.getByRole('link', { name: screen }).click();
      await expect(page.getByRole('heading', { level: 1, name: screen })).toBeVisible();
    }
    // Positive control: the screens' own code and calls were seen.
    expect(requested.filter((u) => u.includes('/__ipc/')).length).toBeGreaterThan(5);
    expect(requested.filter((u) => !u.startsWith(harness.url) && !u.startsWith('data:'))).toEqual([]);
  });

  test('IPC calls without the harness token are refused', async ({ harness }) => {
    const response = await fetch(`${harness.url}__ipc/integration-desk:listIntegrations`, {
      method: 'POST',
      body: 'null',
    });
    expect(response.status).toBe(403);
  });
});
