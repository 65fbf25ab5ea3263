// npm run bench: start-up and size figures beside their targets. Reports only: a missed
// target still exits 0; a real error (no build, no keychain, page never ready) exits 1.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { KeytarSecretStore } from '../src/main/services/vault/keytar-secret-store';
import { startHarness } from '../test/harness/server';
import { measureBundle } from './bundle-size';
import { benchMainStart } from './main-start';
import { benchOAuthCallback } from './oauth-callback';
import { benchReview, REVIEW_CONNECTIONS } from './review';
import { benchReviewScreen } from './review-screen';
import { benchBareLoad } from './bare-page-load';
import { startFloorPages } from './first-screen-floor';
import { benchRendererLoad, launchChromium, startEmptyPageServer } from './renderer-load';

const KIB = 1024; // sizes are KiB (1024 bytes), targets included
const TARGETS = {
  mainRatio: 2,
  rendererRatio: 4,
  jsGzipKiB: 250,
  firstScreenJsGzipKiB: 140,
  callbackOverheadMs: 50,
  reviewMs: 50,
  reviewFrameMs: 16,
};

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
const kib = (bytes: number) => `${(bytes / KIB).toFixed(1)} KiB`;
/** null: a figure shown for comparison, with no target of its own. */
const verdict = (ok: boolean | null) => (ok === null ? '' : ok ? 'OK' : 'OVER');
const ratio = (load: { appMs: number; emptyMs: number }) => `${(load.appMs / load.emptyMs).toFixed(2)}×`;

function row(
  label: string,
  value: string,
  baseline: string,
  ratio: string,
  target: string,
  ok: boolean | null,
): string {
  return `${label.padEnd(26)}${value.padStart(10)}   ${baseline.padEnd(22)}${ratio.padEnd(14)}${target.padEnd(17)}${verdict(ok)}`;
}

async function main(): Promise<void> {
  const rendererDir = resolve(__dirname, '../out/renderer');
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    const bundle = measureBundle(rendererDir, resolve(__dirname, '../node_modules/@mantine/core/styles.css')); // first: fails fast when there is no build

    const mainDir = mkdtempSync(join(tmpdir(), 'integration-desk-bench-main-'));
    cleanups.push(() => rmSync(mainDir, { recursive: true, force: true }));
    const mainStart = await benchMainStart(mainDir);

    // The harness needs a real keychain (it probes it at start, as the app does).
    const secrets = new KeytarSecretStore(`com.integrationdesk.bench.${randomUUID().slice(0, 8)}`);
    await secrets.accounts().catch((error: unknown) => {
      throw new Error(`no keychain reachable (run through scripts/with-keyring.sh): ${String(error)}`);
    });
    cleanups.push(async () => {
      for (const account of await secrets.accounts()) await secrets.delete(account);
    });
    // Main's own figures before any browser starts: Chromium and its helpers, which go on exiting
    // for a while after a close, would share the two cores with them.
    const review = await benchReview(secrets);
    const harnessDir = mkdtempSync(join(tmpdir(), 'integration-desk-bench-harness-'));
    cleanups.push(() => rmSync(harnessDir, { recursive: true, force: true }));
    const harness = await startHarness({
      dataDir: harnessDir,
      secrets,
      systemLocales: ['en-CA'],
      osUser: 'bench',
    });
    cleanups.push(() => harness.close());
    const empty = await startEmptyPageServer();
    cleanups.push(() => empty.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    // The target figure: no inspector attached while the page loads, as in the app (bare-page-load.ts).
    const asPreload = { url: harness.preloadedUrl, preload: harness.bridgeScript };
    const bare = await benchBareLoad(asPreload, empty.url);
    // The floor under it: the list's shape drawn by React alone, then by React and Mantine, read the same way.
    const floor = await startFloorPages();
    cleanups.push(() => floor.close());
    const reactFloor = await benchBareLoad({ url: floor.urls.react }, empty.url);
    const mantineFloor = await benchBareLoad({ url: floor.urls.mantine }, empty.url);
    // The same page with the bridge as its preload, as the app has it: what the preload costs.
    const bridgeFloor = await benchBareLoad(
      { url: floor.urls.mantine, preload: harness.bridgeScript },
      empty.url,
    );
    // The same, measured as before, one change at a time: what each change of method moves.
    const withBrowserUi = await benchBareLoad(asPreload, empty.url, { browserUi: true });
    const bridgeByTag = await benchBareLoad({ url: harness.url }, empty.url);
    // A lever, undone for one measurement: the opener policy the app no longer sends (csp.ts says why).
    harness.extraAppHeaders['Cross-Origin-Opener-Policy'] = 'same-origin';
    const withOpenerPolicy = await benchBareLoad(asPreload, empty.url);
    delete harness.extraAppHeaders['Cross-Origin-Opener-Policy'];
    // The same loads through Playwright (Runtime, Network and Page domains on): render passes, the
    // timeline, page errors, and what an attached DevTools costs.
    const renderer = await benchRendererLoad(browser, harness.url, empty.url);
    const callback = await benchOAuthCallback(secrets);
    const callbackOverhead = callback.callbackToStoredMs - callback.fakeOnlyMs;
    const reviewScreen = await benchReviewScreen(browser);

    const mainRatio = mainStart.composeMs / mainStart.bareMs;
    const rendererRatio = bare.appMs / bare.emptyMs;
    const inspectedRatio = renderer.appMs / renderer.emptyMs;
    const p = renderer.profile;
    console.log(
      `Integration Desk benchmarks, ${new Date().toISOString()} (node ${process.version}, ${availableParallelism()} cores, ` +
        `load ${loadavg()[0]!.toFixed(2)}, Chromium ${browser.version()})`,
    );
    console.log(
      row(
        '(a) main cold start',
        ms(mainStart.composeMs),
        `bare sqlite ${ms(mainStart.bareMs)}`,
        `ratio ${mainRatio.toFixed(2)}×`,
        `target ≤ ${TARGETS.mainRatio}×`,
        mainRatio <= TARGETS.mainRatio,
      ),
    );
    console.log(
      row(
        '(b) list interactive',
        ms(bare.appMs),
        `empty page ${ms(bare.emptyMs)}`,
        `ratio ${rendererRatio.toFixed(2)}×`,
        `target ≤ ${TARGETS.rendererRatio}×`,
        rendererRatio <= TARGETS.rendererRatio,
      ),
    );
    for (const [label, load] of [
      ['(b) floor: React alone', reactFloor],
      ['(b) floor: React + Mantine', mantineFloor],
      ['(b) floor: + the bridge', bridgeFloor],
    ] as const)
      console.log(
        row(
          label,
          ms(load.appMs),
          `empty page ${ms(load.emptyMs)}`,
          `ratio ${ratio(load)}`,
          'floor, no target',
          null,
        ),
      );
    console.log(
      row(
        '(b) first-screen JS gzip',
        kib(bundle.firstScreenJsGzipBytes),
        `${kib(bundle.firstScreenJsBytes)} raw`,
        '',
        `target ≤ ${TARGETS.firstScreenJsGzipKiB} KiB`,
        bundle.firstScreenJsGzipBytes <= TARGETS.firstScreenJsGzipKiB * KIB,
      ),
    );
    console.log(
      row(
        '(c) renderer JS gzipped',
        kib(bundle.jsGzipBytes),
        '',
        '',
        `target ≤ ${TARGETS.jsGzipKiB} KiB`,
        bundle.jsGzipBytes <= TARGETS.jsGzipKiB * KIB,
      ),
    );
    console.log(
      row(
        '(d) callback → keychain',
        ms(callback.callbackToStoredMs),
        `fake alone ${ms(callback.fakeOnlyMs)}`,
        `+${ms(callbackOverhead)}`,
        `target ≤ +${TARGETS.callbackOverheadMs} ms`,
        callbackOverhead <= TARGETS.callbackOverheadMs,
      ),
    );
    console.log(
      row(
        `(e) review, ${REVIEW_CONNECTIONS / 1000}k connections`,
        ms(review.reviewMs),
        `${review.rows} rows, query + health`,
        '',
        `target ≤ ${TARGETS.reviewMs} ms`,
        review.reviewMs <= TARGETS.reviewMs,
      ),
    );
    console.log(
      row(
        '(f) review table first render',
        ms(reviewScreen.firstRenderMs),
        '10k rows, data → rows',
        '',
        `target ≤ ${TARGETS.reviewFrameMs} ms`,
        reviewScreen.firstRenderMs <= TARGETS.reviewFrameMs,
      ),
    );
    console.log(
      row(
        '(g) review filter keystroke',
        ms(reviewScreen.keystrokeMs),
        'input → table updated',
        '',
        `target ≤ ${TARGETS.reviewFrameMs} ms`,
        reviewScreen.keystrokeMs <= TARGETS.reviewFrameMs,
      ),
    );
    console.log('');
    console.log('');
    console.log('How (medians after warm-up; KiB = 1024 bytes):');
    const how = [
      `(a) main process start to first IPC answer, 30 runs, against opening the same SQLite file bare. ` +
        `A settled file of this app is recognised from its header and opened once: its version is ` +
        `compared in the header, and quick_check runs on the connection kept for use, not on a second, read-only one`,
      `(b) in the page, on its own clock from navigation start: the app's performance.mark when the ` +
        `Integrations list and its switches are in the document (src/renderer/src/readiness.ts), against an ` +
        `empty page's mark in a script at the end of its body; ${bare.loads} loads each, interleaved, each ` +
        `in a fresh browser context, with no inspector domain on while the page loads (Chromium driven over ` +
        `its DevTools protocol, the mark read once it is set: bench/bare-page-load.ts). The harness ` +
        `bridge is bundled like the preload (Vite, minified, ${kib(harness.bridgeBytes)}) and evaluated as ` +
        `Electron evaluates the preload, when the document is created, not fetched by a <script> tag; ` +
        `Chromium's own omnibox popup, which every new headless window preloads in a renderer of its own, ` +
        `is switched off (the app's window has no browser UI)`,
      `(b) floor: the list's shape (heading, navigation, four cards with badges, a switch and a button) ` +
        `drawn by React alone with plain elements, then with the first screen's Mantine components and CSS, ` +
        `no i18n, bridge or data (bench/floor/, built like the renderer); loaded and read like the app, ` +
        `each against the empty page in its own interleaved loads; the third is the second with the ` +
        `harness bridge as its preload, as the app has it. The app's figure less the third is the app's ` +
        `own work; the second is what the kit costs before the app adds anything`,
      `(b) first-screen JS: what index.html loads (module script + modulepreloads), gzip -9`,
      `(e) ReviewService.currentReview() in-process, 20 runs after 3 warm-up, before any browser starts ` +
        `(run by tsx, which keeps function names: a closure made per connection cost ~1.9× here, none is ` +
        `made now); rows as long as real ones (each OAuth link's stored server, Zoho's provider user); ` +
        `the per-platform and per-user counts come from the review's own read, the provider user from ` +
        `its own column, not from JSON parsed per row`,
      `(f) from the review data's arrival (mark in use-review.ts) to the first rows in the DOM and laid out; ` +
        `the first frame draws the rows on screen only (the table starts low on the page; the rest of its ` +
        `box and the overscan follow a task later), interpolated row ` +
        `texts are translated once per language, filters/exports/hint are not drawn again`,
      `(g) from the input event to the table updated and laid out, one keystroke at a time`,
    ];
    for (const line of how) console.log(`  ${line}`);
    console.log('');
    console.log(
      'Levers, measured now (the whole-stylesheet, all-in-one-chunk and three-pass figures they replace are in docs/PERFORMANCE.md):',
    );
    const levers = [
      `Mantine CSS per component: first-screen CSS ${kib(bundle.firstScreenCssBytes)} raw / ` +
        `${kib(bundle.firstScreenCssGzipBytes)} gzip (app.css included), instead of styles.css ` +
        `${kib(bundle.mantineAllCssBytes)} raw / ${kib(bundle.mantineAllCssGzipBytes)} gzip`,
      `first-screen components from their own files, later screens' Trans from react-i18next's own module, ` +
        `no zod in the renderer (its forms use the shared field checks): first-screen JS ` +
        `${kib(bundle.firstScreenJsGzipBytes)} gzip of ${kib(bundle.jsGzipBytes)} in all`,
      `one render pass: ${renderer.rootCommits} render pass(es) reached #root before interactive`,
      `no Cross-Origin-Opener-Policy header (with it, Chromium switches browsing context groups, a second ` +
        `renderer process, on the page's first navigation): (b) with it ${ratio(withOpenerPolicy)} ` +
        `(${ms(withOpenerPolicy.appMs)} against ${ms(withOpenerPolicy.emptyMs)})`,
      `(b) measured as the app runs, without an inspector: ${rendererRatio.toFixed(2)}× against ` +
        `${inspectedRatio.toFixed(2)}× through Playwright in the same run`,
      `(b) method, one change at a time in the same run: with Chromium's omnibox popup beside each page ` +
        `${ratio(withBrowserUi)} (${ms(withBrowserUi.appMs)} against ${ms(withBrowserUi.emptyMs)}); ` +
        `with the bridge fetched by a <script> tag ${ratio(bridgeByTag)} (${ms(bridgeByTag.appMs)} against ` +
        `${ms(bridgeByTag.emptyMs)})`,
    ];
    for (const line of levers) console.log(`  ${line}`);
    console.log('');
    console.log('For information:');
    const info = [
      `(a) first-ever start, new file + migrations: ${ms(mainStart.firstEverMs)}`,
      `(b) timeline through Playwright (inspector on; the IPC calls' own timing): ` +
        `DOMContentLoaded ${ms(p.domContentLoaded)}, first IPC call ${ms(p.firstIpcStart)}, ` +
        `first reply ${ms(p.firstIpcEnd)}, last reply ${ms(p.lastIpcEnd)}`,
      `(b) main thread until interactive: script ${ms(bare.scriptMs)}, style + layout ${ms(bare.styleAndLayoutMs)}`,
      `(b) where the app's loads went, medians from navigation start (the app's own marks, readiness.ts): ` +
        `HTML in ${ms(bare.phases.html)}; the first screen's JS and CSS in ${ms(bare.phases.assets)}; the ` +
        `bundle's evaluation begins (first calls sent) ${ms(bare.phases.callsSent)}; the one render begins, ` +
        `data in, ${ms(bare.phases.renderStart)}; interactive ${ms(bare.appMs)}`,
      `(b) the app's own work over the floor with the bridge: ${ms(bare.appMs - bridgeFloor.appMs)}; the ` +
        `bridge's over the React + Mantine floor: ${ms(bridgeFloor.appMs - mantineFloor.appMs)}; ` +
        `the floor's main thread: script ${ms(mantineFloor.scriptMs)}, style + layout ${ms(mantineFloor.styleAndLayoutMs)}`,
      `(b) through Playwright, whose Runtime, Network and Page domains make V8 find source positions for the ` +
        `stack of every Error React creates at start-up: ${ms(renderer.appMs)} against ${ms(renderer.emptyMs)} ` +
        `(${inspectedRatio.toFixed(2)}×), script ${ms(p.scriptMs)}, style + layout ${ms(p.styleAndLayoutMs)}; ` +
        `the timeline above is from these loads`,
      `(b) ${p.requests} requests (${p.ipcCalls} IPC), ${kib(p.bodyBytes)} of bodies (the harness serves uncompressed); ` +
        `JS heap used after load + GC ${kib(p.heapUsedBytes)}`,
      `(f) renderer JS heap used with the 10k-row review loaded: ${kib(reviewScreen.heapUsedBytes)}`,
      `machine load (1, 5, 15 min) at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')} on ${availableParallelism()} cores`,
    ];
    for (const line of info) console.log(`  ${line}`);
    console.log(`  (c) ${bundle.jsFiles} JS file(s); renderer CSS gzipped: ${kib(bundle.cssGzipBytes)}`);
    if (renderer.pageErrors.length)
      console.log(`  page errors during load: ${renderer.pageErrors.join(' | ')}`);
  } finally {
    // Later resources depend on earlier ones, so undo in reverse.
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error('bench cleanup failed:', error);
        process.exitCode = 1;
      }
    }
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exitCode = 1;
});
