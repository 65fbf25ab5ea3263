import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';

import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../test/harness/chromium';
import { INTERACTIVE_MARK } from '../src/renderer/src/readiness';
import { median } from './stats';

/** Same browser and flags as the e2e harness project in playwright.config.ts. */
export function launchChromium(): Promise<Browser> {
  // No D-Bus for the browser: on with-keyring.sh's private bus it would start the accessibility
  // bus, which dbus-daemon announces on stderr in the middle of the report.
  const { DBUS_SESSION_BUS_ADDRESS: _bus, ...env } = process.env;
  return chromium.launch({
    executablePath: CHROMIUM_EXECUTABLE,
    env,
    args: CHROMIUM_ARGS,
  });
}

/** Where the time goes inside the page (medians over the timed runs). */
export interface PageProfile {
  /**
   * Timeline, in ms from navigation start (the page's own clock). The HTML and first-screen assets
   * are timed in the bare loads (bare-page-load.ts: StartupPhases), without an inspector.
   */
  domContentLoaded: number;
  firstIpcStart: number;
  firstIpcEnd: number;
  lastIpcEnd: number;
  requests: number;
  ipcCalls: number;
  bodyBytes: number;
  /** Main-thread totals until interactive (CDP Performance.getMetrics), in ms. */
  scriptMs: number;
  styleAndLayoutMs: number;
  /** JS heap used after load and a forced GC. */
  heapUsedBytes: number;
}

export interface RendererLoadResult {
  /** In-page: navigation start → the app's INTERACTIVE_MARK (the list's switches are in and enabled). */
  appMs: number;
  /** In-page: navigation start → the empty page's mark, in a script at the end of its body. */
  emptyMs: number;
  /** Times #root changed in separate tasks before interactive (React render passes that reached the page). */
  rootCommits: number;
  /** Loads per side (interleaved, after warm-up). */
  loads: number;
  profile: PageProfile;
  pageErrors: string[];
}

export const EMPTY_MARK = 'empty-ready';

/** A bare page from a bare server on the same loopback: the floor for any navigation. */
export async function startEmptyPageServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(`<!doctype html><title>x</title><script>performance.mark('${EMPTY_MARK}')</script>`);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/**
 * Runs fn on a page in a fresh context (empty cache, new renderer process). CDP metrics are
 * switched on before navigating (they count only from then on), for both pages alike.
 */
async function inFreshContext<T>(
  browser: Browser,
  fn: (page: Page, cdp: CDPSession) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    return await fn(page, cdp);
  } finally {
    await context.close();
  }
}

/** The mark's time from navigation start, on the page's own clock (no polling in the figure). */
async function waitForMark(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction(
    (mark) => window.performance.getEntriesByName(mark, 'mark')[0]?.startTime,
    name,
    { timeout: 15_000, polling: 20 },
  );
  return (await handle.jsonValue()) as number;
}

async function loadEmpty(browser: Browser, url: string): Promise<number> {
  return inFreshContext(browser, async (page) => {
    await page.goto(url, { waitUntil: 'commit' });
    return waitForMark(page, EMPTY_MARK);
  });
}

async function loadApp(browser: Browser, url: string, pageErrors: string[]) {
  return inFreshContext(browser, async (page, cdp) => {
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Notes when #root changes, once per task: one entry per React render pass that reached the page.
    await page.addInitScript(() => {
      const passes: number[] = [];
      let pending = false;
      (window as unknown as { __rootPasses: number[] }).__rootPasses = passes;
      new MutationObserver((records) => {
        const root = document.getElementById('root');
        if (pending || !root || !records.some((r) => root.contains(r.target))) return;
        pending = true;
        passes.push(window.performance.now());
        setTimeout(() => (pending = false), 0);
      }).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    });
    await page.goto(url, { waitUntil: 'commit' });
    const ms = await waitForMark(page, INTERACTIVE_MARK);
    // The mark must mean what it says: every switch of the list is there and can be used.
    const state = await page.evaluate(() => {
      const switches = [...document.querySelectorAll<HTMLInputElement>('input[role="switch"]')];
      return { switches: switches.length, disabled: switches.filter((s) => s.disabled).length };
    });
    if (state.switches === 0 || state.disabled > 0)
      throw new Error(`interactive mark without usable switches: ${JSON.stringify(state)}`);
    // Passes up to the mark's: the observer notes a pass after the commit (and the mark, set in a
    // layout effect of that commit), so the first pass noted at or after the mark is the mark's own.
    // Later ones (notices asked again, the lazy dialog) are not start-up.
    const rootCommits = await page.evaluate((markMs) => {
      const passes = (window as unknown as { __rootPasses: number[] }).__rootPasses;
      return passes.filter((t) => t < markMs).length + (passes.some((t) => t >= markMs) ? 1 : 0);
    }, ms);
    return { ms, rootCommits, profile: { ...(await readTimeline(page)), ...(await readMetrics(cdp)) } };
  });
}

/** The page's timeline: DOMContentLoaded and the IPC calls. */
function readTimeline(page: Page) {
  // window.performance: the page's own clock (the module-level one is Node's). No named
  // helpers inside: tsx would wrap them in __name(), which does not exist in the page.
  return page.evaluate(() => {
    const nav = window.performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = window.performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const ipc = resources.filter((r) => new URL(r.name).pathname.startsWith('/__ipc/'));
    return {
      domContentLoaded: nav.domContentLoadedEventEnd,
      firstIpcStart: ipc.length ? Math.min(...ipc.map((r) => r.startTime)) : NaN,
      firstIpcEnd: ipc.length ? Math.min(...ipc.map((r) => r.responseEnd)) : NaN,
      lastIpcEnd: ipc.length ? Math.max(...ipc.map((r) => r.responseEnd)) : NaN,
      requests: 1 + resources.length,
      ipcCalls: ipc.length,
      bodyBytes: nav.encodedBodySize + resources.reduce((sum, r) => sum + r.encodedBodySize, 0),
    };
  });
}

async function readMetrics(cdp: CDPSession) {
  const metric = async (name: string) => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = metrics.find((m) => m.name === name)?.value;
    if (value === undefined) throw new Error(`CDP reported no ${name}`);
    return value;
  };
  const scriptMs = (await metric('ScriptDuration')) * 1000;
  const styleAndLayoutMs = ((await metric('RecalcStyleDuration')) + (await metric('LayoutDuration'))) * 1000;
  // Collect first, so the figure is what the page keeps rather than start-up garbage.
  await cdp.send('HeapProfiler.collectGarbage');
  return { scriptMs, styleAndLayoutMs, heapUsedBytes: await metric('JSHeapUsedSize') };
}

export async function benchRendererLoad(
  browser: Browser,
  appUrl: string,
  emptyUrl: string,
  iterations = 12,
  warmup = 2,
): Promise<RendererLoadResult> {
  const app: Awaited<ReturnType<typeof loadApp>>[] = [];
  const empty: number[] = [];
  const pageErrors: string[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    // Interleaved, so drift on a shared machine hits both sides alike.
    const e = await loadEmpty(browser, emptyUrl);
    const a = await loadApp(browser, appUrl, pageErrors);
    if (i >= warmup) {
      empty.push(e);
      app.push(a);
    }
  }
  const keys = Object.keys(app[0]!.profile) as (keyof PageProfile)[];
  return {
    appMs: median(app.map((a) => a.ms)),
    emptyMs: median(empty),
    rootCommits: median(app.map((a) => a.rootCommits)),
    loads: iterations,
    profile: Object.fromEntries(
      keys.map((k) => [k, median(app.map((a) => a.profile[k]))]),
    ) as unknown as PageProfile,
    pageErrors: [...new Set(pageErrors)],
  };
}
