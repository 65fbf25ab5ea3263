import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect, test as base, type Browser, type Page } from '@playwright/test';

import { FRESHBOOKS_READ_SCOPES } from '../../../src/shared/platforms/freshbooks';
import { redirectUriFor } from '../../../src/main/services/oauth/flows';
import { KeytarSecretStore } from '../../../src/main/services/vault/keytar-secret-store';
import { startAllFakes, type AllFakes } from '../../fakes';
import { fetchTrusting } from '../../fakes/trusting-fetch';
import { startHarness, type Harness } from '../../harness/server';
import { freePort } from '../../unit/support/ports';

export interface DeskFixtures {
  /** The OS locales the fake machine reports (language default). */
  systemLocales: string[];
  /** Fake providers on 127.0.0.1, registered with this run's redirect URIs; the harness talks to them. */
  fakes: AllFakes;
  loopbackPort: number;
  harness: Harness;
  /** Opens the app and waits until the Integrations screen is ready. */
  openApp: () => Promise<Page>;
  /** Every CSP violation and page error seen during the test. */
  pageProblems: string[];
}

export const test = base.extend<DeskFixtures>({
  systemLocales: [['en-CA'], { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern
  loopbackPort: async ({}, use) => use(await freePort()),
  fakes: async ({ loopbackPort }, use) => {
    const app = (platform: 'zohobooks' | 'sage' | 'freshbooks') => ({
      app: { redirectUris: [redirectUriFor(platform, loopbackPort)] },
    });
    const fakes = await startAllFakes({
      zoho: app('zohobooks'),
      sage: app('sage'),
      freshbooks: { ...app('freshbooks'), appScopes: [...FRESHBOOKS_READ_SCOPES] },
    });
    await use(fakes);
    await fakes.close();
  },
  harness: async ({ systemLocales, fakes, loopbackPort }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'integration-desk-e2e-'));
    const secrets = new KeytarSecretStore(`com.integrationdesk.e2e.${randomUUID().slice(0, 8)}`);
    const harness = await startHarness({
      dataDir,
      secrets,
      systemLocales,
      osUser: 'e2e-tester',
      endpoints: fakes.endpoints,
      fetchImpl: fetchTrusting(fakes.freshbooks.ca),
      backoff: async () => {},
    });
    harness.services.settings.update({ loopbackPort });
    await use(harness);
    await harness.close();
    for (const account of await secrets.accounts()) await secrets.delete(account);
    rmSync(dataDir, { recursive: true, force: true });
  },
  pageProblems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.exposeFunction('__reportCspViolation', (text: string) => problems.push(`csp: ${text}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { __reportCspViolation(t: string): void }).__reportCspViolation(
          `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`,
        ),
      );
    });
    await use(problems);
  },
  openApp: async ({ page, harness }, use) => {
    await use(async () => {
      await page.goto(harness.url);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.getByTestId('integration-clearbooks').waitFor();
      return page;
    });
  },
});

/**
 * The "system browser": a separate browser context that follows the URL the app
 * handed to the OS and approves on the fake provider's consent page. It accepts
 * the loopback certificate's warning, as a person clicking through it would
 * (FreshBooks needs https on 127.0.0.1).
 */
export async function signInInSystemBrowser(
  browser: Browser,
  url: string,
  /** What the loopback page then says: linked, or back to the app to choose the company. */
  expected: string | RegExp = 'You can close this tab',
): Promise<void> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('#allow').click();
  await expect(page.locator('body')).toContainText(expected);
  await context.close();
}

/**
 * Waits until the app has handed exactly `count` sign-in addresses to the OS, then signs in at the last
 * one in the "system browser" (see signInInSystemBrowser).
 */
export async function signInAtOpenedAddress(
  browser: Browser,
  harness: Harness,
  count: number,
  expected?: string | RegExp,
): Promise<void> {
  await expect.poll(() => harness.openedExternally.length).toBe(count);
  await signInInSystemBrowser(browser, harness.openedExternally[count - 1]!, expected);
}

export { expect };
