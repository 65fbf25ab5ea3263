import { test } from '../../test/e2e/harness/fixtures';
import {
  applyLook,
  seedTour,
  showScreen,
  STOPS,
  type Language,
  type Theme,
} from '../../test/e2e/harness/tour';

/** The screens the README shows, at a common laptop size. */
const SHOWN = [
  'integrations',
  'wizard-freshbooks-register',
  'manage-zoho',
  'connections',
  'connections-link-clearbooks',
  'review',
  'review-details',
  'review-audit',
  'settings',
  'about',
];

test('screenshots of the main screens in both languages and both themes', async ({
  openApp,
  harness,
  fakes,
}) => {
  test.setTimeout(300_000);
  const page = await openApp();
  await page.setViewportSize({ width: 1280, height: 800 });
  await seedTour(harness, fakes);
  for (const language of ['en', 'fr-CA'] as Language[]) {
    for (const theme of ['light', 'dark'] as Theme[]) {
      await applyLook(page, harness, language, theme);
      for (const stop of STOPS.filter((s) => SHOWN.includes(s.name))) {
        await showScreen(page, language, stop.screen);
        if (stop.open) await stop.open(page, language);
        await page.mouse.move(0, 0);
        await page.waitForTimeout(300);
        await page.screenshot({ path: `docs/screenshots/${stop.name}-${language}-${theme}.png` });
      }
    }
  }
});
