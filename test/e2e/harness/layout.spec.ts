import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

import { expect, test } from './fixtures';
import { applyLook, seedTour, showScreen, STOPS, words, type Language, type Theme } from './tour';

const LANGUAGES: readonly Language[] = ['en', 'fr-CA'];
const THEMES: readonly Theme[] = ['light', 'dark'];

/** Elements wider than their box that scroll sideways: the page, the tables' boxes, every dialog and drawer body. */
async function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const boxes = [
      document.documentElement,
      document.body,
      ...document.querySelectorAll<HTMLElement>(
        '.desk-main, .desk-table-scroll, .review-scroll, [role="dialog"], [role="dialog"] .mantine-Modal-body, [role="dialog"] .mantine-Drawer-body, [role="menu"]',
      ),
    ];
    return boxes
      .filter((box) => box.scrollWidth > box.clientWidth + 1)
      .map((box) => {
        const name = box.getAttribute('aria-label') ?? box.className.toString().split(' ')[0] ?? box.tagName;
        return `${box.tagName.toLowerCase()} ${name}: ${box.scrollWidth} > ${box.clientWidth}`;
      });
  });
}

/** Buttons whose label's text is drawn across their border (a label on two lines in a button one line high). */
async function spilledButtonLabels(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.mantine-Button-root')]
      .filter((button) => button.offsetWidth > 0)
      .filter((button) => {
        const box = button.getBoundingClientRect();
        const text = document.createRange();
        text.selectNodeContents(button.querySelector('.mantine-Button-label') ?? button);
        const drawn = text.getBoundingClientRect();
        return drawn.height > 0 && (drawn.top < box.top || drawn.bottom > box.bottom);
      })
      .map((button) => `button "${button.textContent}"`),
  );
}

/** axe's serious and critical findings (WCAG 2 A and AA, best practices) and landmark clashes, by rule and element. */
async function axeFindings(page: Page): Promise<string[]> {
  // Nothing hovered (a hovered control has other colours); Mantine's 200 ms transitions settled.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(250);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || LANDMARK_RULES.has(v.id))
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const width of [1024, 1920]) {
  test(`nothing scrolls sideways or spills out of its button at ${width} px, in both languages, on every screen and dialog`, async ({
    openApp,
    harness,
    fakes,
  }) => {
    test.slow();
    test.setTimeout(300_000);
    const page = await openApp();
    await page.setViewportSize({ width, height: 900 });
    await seedTour(harness, fakes);
    const found: string[] = [];
    for (const language of LANGUAGES) {
      await applyLook(page, harness, language, 'light');
      for (const stop of STOPS) {
        await showScreen(page, language, stop.screen);
        if (stop.open) await stop.open(page, language);
        for (const problem of [...(await sidewaysOverflow(page)), ...(await spilledButtonLabels(page))])
          found.push(`${language} ${stop.name}: ${problem}`);
      }
    }
    expect(found).toEqual([]);
  });
}

/**
 * The review table's header labels as drawn: a label is cut when it needs more lines than it has,
 * or when one of its words is wider than its column (the word then breaks in the middle).
 */
async function reviewHeaders(page: Page): Promise<{ label: string; shown: boolean; cut: boolean }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.review-table thead th')].map((th) => {
      const label = th.querySelector<HTMLElement>('.review-sort-label')!;
      const text = label.textContent ?? '';
      const probe = document.createElement('span');
      probe.style.cssText = 'position: absolute; white-space: nowrap';
      label.append(probe);
      const widest = Math.max(
        ...text.split(' ').map((word) => {
          probe.textContent = word;
          return probe.getBoundingClientRect().width;
        }),
      );
      probe.remove();
      const clipped = label.scrollHeight > label.clientHeight + 1;
      return { label: text, shown: th.offsetWidth > 0, cut: clipped || widest > label.clientWidth + 0.5 };
    }),
  );
}

test('the review table shows whole column headers at 1024 and 1280 px; a narrow window drops the last three columns', async ({
  openApp,
  harness,
  fakes,
}) => {
  test.slow();
  const page = await openApp();
  await seedTour(harness, fakes);
  for (const language of LANGUAGES) {
    await applyLook(page, harness, language, 'light');
    for (const width of [1024, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await showScreen(page, language, 'review');
      const headers = await reviewHeaders(page);
      expect(
        headers.filter((h) => h.shown && h.cut),
        `${language} at ${width} px`,
      ).toEqual([]);
      const hidden = headers.filter((h) => !h.shown).map((h) => h.label);
      const last3 = ['columns.secretAge', 'columns.credentialKind', 'columns.fingerprint'];
      expect(hidden, `${language} at ${width} px`).toEqual(
        width === 1024 ? last3.map((key) => words(language, `review:${key}`)) : [],
      );
    }
  }
});

/** Besides serious and critical findings: a dialog over the drawer must not add a second banner landmark. */
const LANDMARK_RULES = new Set(['landmark-no-duplicate-banner', 'landmark-unique']);

for (const language of LANGUAGES) {
  for (const theme of THEMES) {
    test(`every screen and dialog passes axe (serious and critical) in ${language}, ${theme} theme`, async ({
      openApp,
      harness,
      fakes,
    }) => {
      test.slow();
      test.setTimeout(300_000);
      const page = await openApp();
      await page.setViewportSize({ width: 1280, height: 800 });
      await seedTour(harness, fakes);
      await applyLook(page, harness, language, theme);
      const found: string[] = [];
      for (const stop of STOPS) {
        await showScreen(page, language, stop.screen);
        if (stop.open) await stop.open(page, language);
        for (const problem of await axeFindings(page)) found.push(`${stop.name}: ${problem}`);
      }
      expect(found).toEqual([]);
    });
  }
}
