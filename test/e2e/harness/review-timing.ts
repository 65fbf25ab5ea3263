import type { Page } from '@playwright/test';

import { median } from '../../../bench/stats';

/**
 * Speed of the Review screen, measured inside the page (its own clock), for the
 * e2e spec and `npm run bench`. Each figure has two readings:
 * - `updatedMs`: until the DOM is updated and laid out (React committed, then a forced layout);
 * - `paintedMs`: until the next frame has been produced (requestAnimationFrame, then a task),
 *   which also counts the wait for that frame.
 *
 * The callbacks passed to page.evaluate use no named helpers: tsx (the bench) would wrap
 * them in __name(), which does not exist in the page.
 */
export interface ReviewTiming {
  updatedMs: number;
  paintedMs: number;
}

/** The User Timing mark the Review screen sets when main's review arrives (src/renderer/src/pages/review/use-review.ts). */
export const REVIEW_DATA_MARK = 'desk-review-data';

export { median };

/**
 * First render of the Review table: from the review's arrival (the mark) to the
 * first rows on screen, opening the screen `runs` times from the Integrations screen.
 * The app must be open (any screen) with English navigation.
 */
export async function measureReviewFirstRender(page: Page, runs = 5): Promise<ReviewTiming[]> {
  const timings: ReviewTiming[] = [];
  for (let run = 0; run < runs; run++) {
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
    await page.evaluate((mark) => {
      performance.clearMarks(mark);
      const target = window as unknown as { __reviewFirstRender?: Promise<ReviewTiming> };
      target.__reviewFirstRender = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (!document.querySelector('[data-testid^="review-row-"]')) return;
          observer.disconnect();
          void document.body.offsetHeight; // forces style and layout now
          const updated = performance.now();
          requestAnimationFrame(() =>
            setTimeout(() => {
              const start = performance.getEntriesByName(mark, 'mark').at(-1)?.startTime ?? NaN;
              resolve({ updatedMs: updated - start, paintedMs: performance.now() - start });
            }, 0),
          );
        });
        observer.observe(document.body, { childList: true, subtree: true });
      });
    }, REVIEW_DATA_MARK);
    await page.getByRole('link', { name: 'Review' }).click();
    timings.push(
      await page.evaluate(
        () => (window as unknown as { __reviewFirstRender: Promise<ReviewTiming> }).__reviewFirstRender,
      ),
    );
  }
  return timings;
}

/**
 * Filter keystrokes: types `text` into the Review search box one character at a
 * time, then deletes it again, timing each keystroke from the input event to the
 * table updated. The Review screen must be open with its table shown.
 */
export async function measureFilterKeystrokes(page: Page, text: string): Promise<ReviewTiming[]> {
  const steps = [...text].map((_, i) => text.slice(0, i + 1));
  steps.push(...steps.slice(0, -1).reverse(), '');
  const timings: ReviewTiming[] = [];
  for (const value of steps) {
    timings.push(
      await page.evaluate(
        (next) =>
          new Promise<ReviewTiming>((resolve) => {
            const input = document.querySelector<HTMLInputElement>('.review-page input[type="search"]');
            if (!input) throw new Error('no Review search box');
            // React tracks the value through the prototype's setter: set it there, then say so.
            const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
            const start = performance.now();
            setValue?.call(input, next);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            // A message runs after the microtasks in which React commits a keystroke's update.
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              void document.body.offsetHeight;
              const updated = performance.now();
              requestAnimationFrame(() =>
                setTimeout(
                  () => resolve({ updatedMs: updated - start, paintedMs: performance.now() - start }),
                  0,
                ),
              );
            };
            channel.port2.postMessage(null);
          }),
        value,
      ),
    );
  }
  return timings;
}

/** JS heap the renderer uses after a forced garbage collection (Chromium only, through CDP). */
export async function rendererHeapUsedBytes(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

export function describeTimings(label: string, timings: readonly ReviewTiming[], targetMs: number): string {
  const updated = median(timings.map((t) => t.updatedMs));
  const painted = median(timings.map((t) => t.paintedMs));
  return `${label}: median ${updated.toFixed(1)} ms to table updated, ${painted.toFixed(1)} ms to next frame (target ≤ ${targetMs} ms; ${timings.length} runs)`;
}
