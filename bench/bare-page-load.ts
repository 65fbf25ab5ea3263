import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { WebSocket } from 'undici';

import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../test/harness/chromium';
import { INTERACTIVE_MARK, STARTUP_MARKS } from '../src/renderer/src/readiness';
import { EMPTY_MARK } from './renderer-load';
import { median } from './stats';

/**
 * Page loads with no inspector domain switched on while the page loads, as the app runs in
 * Electron. Playwright switches on the Runtime, Network and Page domains of every page it drives;
 * with them, the Errors React creates while its module initialises come with stack traces that
 * need line and column numbers, and V8, which keeps no source positions until a stack trace asks
 * for them (https://v8.dev/blog/v8-release-78), re-parses each function on the stack to find
 * them: React's own 0.5 MB function and the 0.45 MB first chunk. In a trace that is two
 * V8.CollectSourcePositions of 80–85 ms each during the module's evaluation, a cost no user of
 * the app pays (the same module evaluates in 45–75 ms with the domains off, 200–430 ms with them on,
 * on the same loaded machine).
 *
 * Here Chromium is driven over its DevTools protocol directly: a fresh browser context per load,
 * the page created blank first (its renderer running, as with Playwright's newPage), then
 * navigated; only the Page domain, Performance.enable (counters) and Runtime.evaluate are used.
 *
 * The app's page gets the harness bridge as Electron gives the preload: evaluated when the
 * document is created (Page.addScriptToEvaluateOnNewDocument, which needs the Page domain on; it
 * is on for the empty page too), not fetched by a <script> tag that would hold the HTML parser for
 * a round trip the app never makes.
 */
export interface BareLoadResult {
  appMs: number;
  emptyMs: number;
  /** Main-thread totals until interactive (CDP Performance.getMetrics), in ms. */
  scriptMs: number;
  styleAndLayoutMs: number;
  loads: number;
  /** The app's phases, from navigation start (NaN for a page without the app's marks). */
  phases: StartupPhases;
}

/** Medians, in ms from navigation start, of where an app load's time went. */
export interface StartupPhases {
  /** The HTML's last byte. */
  html: number;
  /** The last of the first screen's scripts and stylesheets (those asked for before the first calls). */
  assets: number;
  /** The bundle's evaluation begins: its first calls to main go out. */
  callsSent: number;
  /** The one render begins, the first screen's data in. */
  renderStart: number;
}

/** Reads the phases in the page. No named helpers: the expression is evaluated as is. */
const READ_PHASES = `(() => {
  const mark = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? NaN;
  const callsSent = mark(${JSON.stringify(STARTUP_MARKS.callsSent)});
  const assets = performance.getEntriesByType('resource')
    .filter((r) => /[.](js|css)$/.test(new URL(r.name).pathname) && r.startTime < callsSent)
    .map((r) => r.responseEnd);
  return {
    html: performance.getEntriesByType('navigation')[0].responseEnd,
    assets: assets.length ? Math.max(...assets) : NaN,
    callsSent,
    renderStart: mark(${JSON.stringify(STARTUP_MARKS.renderStart)}),
  };
})()`;

/**
 * Chromium's own window UI, which the app's window does not have (Electron draws no browser UI).
 * In Chromium 156 every new headless window preloads the omnibox popup, a web app of its own
 * (chrome://omnibox-popup.top-chrome/) in a renderer process of its own: in a trace of one load on
 * the two-core build machine it took ~420 ms of main-thread CPU during the app's ~450 ms load,
 * on the same two cores, and far less of the empty page's ~50 ms. Both features must be off
 * (each alone leaves one of the popup's two pages).
 */
const BROWSER_UI_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

/**
 * The Chromium flags Playwright adds that keep a headless page from being throttled as hidden,
 * with the browser UI above switched off unless asked for (to show what it costs). One
 * --disable-features: Chromium keeps only the last.
 */
function unthrottled(browserUi: boolean): string[] {
  return [
    '--disable-renderer-backgrounding',
    '--disable-background-timer-throttling',
    '--disable-backgrounding-occluded-windows',
    `--disable-features=${['PaintHolding', ...(browserUi ? [] : BROWSER_UI_FEATURES)].join(',')}`,
    '--allow-pre-commit-input',
  ];
}

interface CdpReply {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

class BareBrowser {
  private nextId = 0;
  private readonly pending = new Map<number, (reply: CdpReply) => void>();

  private constructor(
    private readonly socket: WebSocket,
    /** Whether Chromium's own UI was left on (BROWSER_UI_FEATURES). */
    private readonly browserUi: boolean,
    private readonly close_: () => Promise<void>,
  ) {
    socket.addEventListener('message', (event) => {
      const reply = JSON.parse(String(event.data)) as CdpReply;
      if (reply.id === undefined) return;
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
  }

  static async launch(browserUi: boolean): Promise<BareBrowser> {
    if (!CHROMIUM_EXECUTABLE) throw new Error('no Chromium for the bare page loads (set CHROMIUM_PATH)');
    const profile = mkdtempSync(join(tmpdir(), 'integration-desk-bench-chromium-'));
    // No D-Bus, as in launchChromium (renderer-load.ts).
    const { DBUS_SESSION_BUS_ADDRESS: _bus, ...env } = process.env;
    const child = spawn(
      CHROMIUM_EXECUTABLE,
      [
        ...CHROMIUM_ARGS,
        ...unthrottled(browserUi),
        '--headless',
        '--remote-debugging-port=0',
        `--user-data-dir=${profile}`,
        'about:blank',
      ],
      { env, stdio: 'ignore' },
    );
    const close = async () => {
      child.kill();
      await new Promise((ok) => (child.exitCode === null ? child.once('exit', ok) : ok(null)));
      // Its helper processes may still be writing the profile for a moment after it exits; a profile
      // left in the temporary folder must not cost the run its figures.
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
      } catch (error) {
        console.warn(`(left a Chromium profile behind: ${(error as Error).message})`);
      }
    };
    try {
      // Chromium creates the file before it writes the port: wait for the port itself.
      const portFile = join(profile, 'DevToolsActivePort');
      let port = '';
      for (let i = 0; i < 300 && !/^\d+$/.test(port); i++) {
        if (i > 0) await sleep(50);
        port = existsSync(portFile) ? readFileSync(portFile, 'utf8').split('\n')[0]! : '';
      }
      if (!/^\d+$/.test(port)) throw new Error('Chromium never wrote its DevTools port');
      const { webSocketDebuggerUrl } = (await (
        await fetch(`http://127.0.0.1:${port}/json/version`)
      ).json()) as {
        webSocketDebuggerUrl: string;
      };
      const socket = new WebSocket(webSocketDebuggerUrl);
      await new Promise((ok, fail) => {
        socket.addEventListener('open', ok);
        socket.addEventListener('error', fail);
      });
      const browser: BareBrowser = new BareBrowser(socket, browserUi, async () => {
        // Asked to close, Chromium ends its helper processes itself; the kill is the fallback.
        await Promise.race([browser.send('Browser.close').catch(() => undefined), sleep(2_000)]);
        socket.close();
        await close();
      });
      return browser;
    } catch (error) {
      await close();
      throw error;
    }
  }

  send(method: string, params: object = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = ++this.nextId;
    return new Promise((ok, fail) => {
      this.pending.set(id, (reply) =>
        reply.error ? fail(new Error(`${method}: ${reply.error.message}`)) : ok(reply.result ?? {}),
      );
      this.socket.send(JSON.stringify({ id, method, params, sessionId }));
    });
  }

  async evaluate<T>(expression: string, sessionId: string): Promise<T> {
    const reply = await this.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId);
    return (reply['result'] as { value: T }).value;
  }

  /** Fails when Chromium's own UI runs beside the page (a later Chromium renamed the features above). */
  async refuseBrowserUi(): Promise<void> {
    if (this.browserUi) return;
    const { targetInfos } = (await this.send('Target.getTargets')) as {
      targetInfos: { type: string; url: string }[];
    };
    const ui = targetInfos.filter((t) => t.type === 'browser_ui').map((t) => t.url);
    if (ui.length > 0)
      throw new Error(
        `Chromium's own UI is running beside the page and would share its cores: ${ui.join(', ')}`,
      );
  }

  close(): Promise<void> {
    return this.close_();
  }
}

/** A page to load, and the script to evaluate in it before its own, as a preload. */
export interface Target {
  url: string;
  preload?: string;
}

async function bareLoad(browser: BareBrowser, { url, preload }: Target, mark: string) {
  const { browserContextId } = await browser.send('Target.createBrowserContext');
  try {
    const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank', browserContextId });
    await browser.refuseBrowserUi();
    const { sessionId } = (await browser.send('Target.attachToTarget', { targetId, flatten: true })) as {
      sessionId: string;
    };
    await browser.send('Performance.enable', {}, sessionId);
    await browser.evaluate('1', sessionId); // the blank page's renderer is up before navigating
    await browser.send('Page.enable', {}, sessionId);
    if (preload) await browser.send('Page.addScriptToEvaluateOnNewDocument', { source: preload }, sessionId);
    await browser.send('Page.navigate', { url }, sessionId);
    const read = `window.performance.getEntriesByName(${JSON.stringify(mark)}, 'mark')[0]?.startTime ?? null`;
    for (let waited = 0; waited < 15_000; waited += 20) {
      const ms = await browser.evaluate<number | null>(read, sessionId).catch(() => null);
      if (ms !== null) {
        const { metrics } = (await browser.send('Performance.getMetrics', {}, sessionId)) as {
          metrics: { name: string; value: number }[];
        };
        const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
        return {
          ms,
          scriptMs: metric('ScriptDuration'),
          styleAndLayoutMs: metric('RecalcStyleDuration') + metric('LayoutDuration'),
          // A mark the page does not set comes back as null (JSON has no NaN).
          phases: Object.fromEntries(
            Object.entries(
              await browser.evaluate<Record<keyof StartupPhases, number | null>>(READ_PHASES, sessionId),
            ).map(([phase, ms]) => [phase, ms ?? NaN]),
          ) as unknown as StartupPhases,
          switches: await browser.evaluate<{ switches: number; disabled: number }>(
            `(() => { const s = [...document.querySelectorAll('input[role="switch"]')]; return { switches: s.length, disabled: s.filter((x) => x.disabled).length }; })()`,
            sessionId,
          ),
        };
      }
      await sleep(20);
    }
    throw new Error(`${url} never set its mark ${mark}`);
  } finally {
    await browser.send('Target.disposeBrowserContext', { browserContextId });
  }
}

export interface BareLoadOptions {
  iterations?: number;
  warmup?: number;
  /** Leave Chromium's omnibox popup running beside each page (the old method), to show its cost. */
  browserUi?: boolean;
}

/** (b) without an inspector: the app's mark against the empty page's, interleaved, fresh context each. */
export async function benchBareLoad(
  appPage: Target,
  emptyUrl: string,
  { iterations = 12, warmup = 2, browserUi = false }: BareLoadOptions = {},
): Promise<BareLoadResult> {
  const browser = await BareBrowser.launch(browserUi);
  try {
    const app: Awaited<ReturnType<typeof bareLoad>>[] = [];
    const empty: number[] = [];
    for (let i = 0; i < warmup + iterations; i++) {
      const e = await bareLoad(browser, { url: emptyUrl }, EMPTY_MARK);
      const a = await bareLoad(browser, appPage, INTERACTIVE_MARK);
      if (a.switches.switches === 0 || a.switches.disabled > 0)
        throw new Error(`interactive mark without usable switches: ${JSON.stringify(a.switches)}`);
      if (i >= warmup) {
        empty.push(e.ms);
        app.push(a);
      }
    }
    return {
      appMs: median(app.map((a) => a.ms)),
      emptyMs: median(empty),
      scriptMs: median(app.map((a) => a.scriptMs)),
      styleAndLayoutMs: median(app.map((a) => a.styleAndLayoutMs)),
      loads: iterations,
      phases: {
        html: median(app.map((a) => a.phases.html)),
        assets: median(app.map((a) => a.phases.assets)),
        callsSent: median(app.map((a) => a.phases.callsSent)),
        renderStart: median(app.map((a) => a.phases.renderStart)),
      },
    };
  } finally {
    await browser.close();
  }
}
