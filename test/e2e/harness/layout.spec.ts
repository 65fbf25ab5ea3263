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

/**
 * Text drawn outside the box meant to hold it: a button's or badge's label past its padding (a label
 * on two lines in a button one line high, a word wider than the button, which Mantine cuts off), a
 * table heading's text past its column, a badge or button past its table cell into the next column.
 */
async function spilledText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const textBox = (element: Element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      return range.getBoundingClientRect();
    };
    const spills = (holder: HTMLElement, text: DOMRect) => {
      const box = holder.getBoundingClientRect();
      const style = getComputedStyle(holder);
      // The content box: inside the border and the padding (Mantine clips a button's label there).
      const inset = (side: 'Top' | 'Right' | 'Bottom' | 'Left') =>
        parseFloat(style[`border${side}Width`]) + parseFloat(style[`padding${side}`]);
      // Half a pixel of rounding either way.
      return (
        text.height > 0 &&
        (text.top < box.top + inset('Top') - 0.5 ||
          text.bottom > box.bottom - inset('Bottom') + 0.5 ||
          text.left < box.left + inset('Left') - 0.5 ||
          text.right > box.right - inset('Right') + 0.5)
      );
    };
    const labelled = [...document.querySelectorAll<HTMLElement>('.mantine-Button-root, .mantine-Badge-root')]
      .filter((element) => element.offsetWidth > 0)
      .filter((element) => spills(element, textBox(element.querySelector('[class*="-label"]') ?? element)))
      .map((element) => `"${element.textContent}" past its padding`);
    const headings = [...document.querySelectorAll<HTMLElement>('th')]
      .filter((th) => th.offsetWidth > 0)
      .filter((th) => spills(th, textBox(th)))
      .map((th) => `column heading "${th.textContent}"`);
    // A badge or button wider than its table cell is drawn over the next column.
    const pastCell = [
      ...document.querySelectorAll<HTMLElement>('td .mantine-Badge-root, td .mantine-Button-root'),
    ]
      .filter((element) => element.offsetWidth > 0)
      .filter((element) => {
        const box = element.getBoundingClientRect();
        const cell = element.closest('td')!.getBoundingClientRect();
        return box.left < cell.left - 0.5 || box.right > cell.right + 0.5;
      })
      .map((element) => `"${element.textContent}" past its table cell`);
    return [...labelled, ...headings, ...pastCell];
  });
}

/** A stepper whose steps wrap: the last ones sit alone on a second row, after a dangling separator. */
async function wrappedSteppers(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.mantine-Stepper-steps')]
      .filter((row) => {
        const tops = [...row.querySelectorAll('.mantine-Stepper-step')].map(
          (step) => step.getBoundingClientRect().top,
        );
        return Math.max(...tops) - Math.min(...tops) > 1;
      })
      .map((row) => `steps on more than one row: ${row.textContent}`),
  );
}

/** Waits out transitions (a button's label slides back in after loading): measured mid-way, it is elsewhere. */
async function transitionsEnded(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.effect?.getTiming().iterations === Infinity),
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
  test(`nothing scrolls sideways, spills out of its box or wraps a stepper at ${width} px, in both languages, on every screen and dialog`, async ({
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
        await transitionsEnded(page);
        const problems = [
          ...(await sidewaysOverflow(page)),
          ...(await spilledText(page)),
          ...(await wrappedSteppers(page)),
        ];
        for (const problem of problems) found.push(`${language} ${stop.name}: ${problem}`);
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
