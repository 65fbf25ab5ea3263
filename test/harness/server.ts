import { randomBytes } from 'node:crypto';

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

import { build, type Rollup } from 'vite';

import { dispatch } from '../../src/main/ipc/dispatch';
import { sendEvent } from '../../src/main/ipc/events';
import { createIpcHandlers } from '../../src/main/ipc/handlers';
import { createAppProtocolHandler } from '../../src/main/security/app-protocol';
import { composeServices, type ServiceEnvironment, type Services } from '../../src/main/services/compose';
import { createLogger } from '../../src/main/services/log';
import { wireChannel, CHANNEL_NAMES, type EventName, type EventPayload } from '../../src/shared/ipc/contract';
import type { AppInfo } from '../../src/shared/ipc/shell-schemas';

/**
 * Test-only stand-in for the Electron shell: composes the real main services,
 * serves the built renderer with the app's CSP, and serves the IPC contract over
 * HTTP on 127.0.0.1 behind a per-run random token. Never shipped.
 */
export interface Harness {
  url: string;
  services: Services;
  /** Every IPC reply sent to the page, for canary scans. */
  replies: string[];
  logLines: string[];
  openedExternally: string[];
  /** The system clipboard, in memory; `concealed` when the app marked its content as a secret. */
  clipboard: { text: string; concealed: boolean };
  /** Where the OS save dialog "saves" the next export (null: cancelled). */
  savePath: { next: string | null };
  /** Folders the app asked the OS file manager to open. */
  openedFolders: string[];
  /** Size of the bridge script the page loads in place of the preload (the bench reports it). */
  bridgeBytes: number;
  /**
   * Headers added to every app response, over the app's own: the bench measures a page load with a
   * header the app no longer sends, beside the load without it.
   */
  extraAppHeaders: Record<string, string>;
  /**
   * The page with no bridge script tag, for a browser that evaluates `bridgeScript` itself when the
   * document is created (CDP Page.addScriptToEvaluateOnNewDocument), as Electron evaluates the
   * preload: before the page's HTML is parsed, with no request for it. The bench loads this one.
   */
  preloadedUrl: string;
  bridgeScript: string;
  /** What main's About reports in the harness. */
  appInfo: AppInfo;
  /** Sends a contract event to the page, as main does with webContents.send (the menu, in the app). */
  sendEvent<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Pages currently listening to events (the page subscribes once the app has started). */
  eventListeners(): number;
  close(): Promise<void>;
}

const repoRoot = resolve(__dirname, '../..');
const rendererDir = join(repoRoot, 'out/renderer');
const MAX_BODY_BYTES = 1_000_000;
/** Query parameter of `preloadedUrl`: the page is served without its bridge script tag. */
const PRELOADED = 'preloaded';

let bridgeSource: Promise<string> | undefined;
/**
 * The bridge is bundled like the real preload (electron.vite.config.ts): by Vite, minified, with
 * the same '@shared' alias, so the page runs the same code (zod without its locales, which the
 * bundler drops) as in the app, not a larger stand-in that would skew start-up figures.
 */
function bridge(): Promise<string> {
  bridgeSource ??= build({
    configFile: false,
    logLevel: 'silent',
    resolve: { alias: { '@shared': join(repoRoot, 'src/shared') } },
    build: {
      write: false,
      minify: true,
      target: 'chrome120',
      lib: { entry: join(__dirname, 'bridge.ts'), formats: ['iife'], name: 'harnessBridge' },
    },
  }).then((output) => {
    const outputs = (Array.isArray(output) ? output : [output]) as Rollup.RollupOutput[];
    const chunk = outputs[0]!.output.find((o) => o.type === 'chunk');
    if (!chunk) throw new Error('the harness bridge built to nothing');
    return chunk.code;
  });
  return bridgeSource;
}

export async function startHarness(
  env: Omit<ServiceEnvironment, 'openExternal' | 'log' | 'clipboard' | 'chooseSavePath'>,
): Promise<Harness> {
  const token = randomBytes(24).toString('hex');
  const logLines: string[] = [];
  const openedExternally: string[] = [];
  const clipboard = {
    text: '',
    concealed: false,
    writeSecret: (t: string) => void Object.assign(clipboard, { text: t, concealed: true }),
    readText: () => clipboard.text,
    clear: () => void Object.assign(clipboard, { text: '', concealed: false }),
  };
  const savePath = { next: null as string | null };
  const openedFolders: string[] = [];
  const extraAppHeaders: Record<string, string> = {};
  const appInfo: AppInfo = {
    appVersion: '0.0.0-harness',
    electronVersion: 'none (test harness)',
    chromiumVersion: 'none (test harness)',
    nodeVersion: process.versions.node,
    os: `${process.platform} ${process.arch}`,
    dataFolder: env.dataDir,
    logsFolder: join(env.dataDir, 'logs'),
  };
  const services = composeServices({
    ...env,
    log: createLogger((line) => logLines.push(line)),
    openExternal: async (url) => void openedExternally.push(url),
    clipboard,
    chooseSavePath: async () => savePath.next,
    appInfo,
    openPath: async (path) => {
      openedFolders.push(path);
      return true;
    },
    recentLog: (count) => logLines.slice(-count),
  });
  // Server-sent events stand in for webContents.send: one stream per page, behind the same token.
  const eventStreams = new Set<import('node:http').ServerResponse>();
  const eventTarget = {
    isDestroyed: () => false,
    send: (channel: string, payload: unknown) => {
      const frame = `data: ${JSON.stringify({ channel, payload })}\n\n`;
      for (const stream of eventStreams) stream.write(frame);
    },
  };
  await services.reconciliation.run();
  const handlers = createIpcHandlers(services);
  const serveApp = createAppProtocolHandler(rendererDir);
  const channels = new Map(CHANNEL_NAMES.map((name) => [wireChannel(name), name]));
  const replies: string[] = [];
  const bridgeScript = `const HARNESS_TOKEN = ${JSON.stringify(token)};\n${await bridge()}`;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/__ipc/')) {
        const name = channels.get(decodeURIComponent(url.pathname.slice('/__ipc/'.length)));
        if (req.method !== 'POST' || req.headers['x-harness-token'] !== token || !name) {
          res.writeHead(403).end();
          return;
        }
        const body = await readBody(req);
        const reply = JSON.stringify(
          await dispatch(handlers, name, body === 'null' ? undefined : JSON.parse(body), services.log),
        );
        replies.push(reply);
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(reply);
        return;
      }
      if (url.pathname === '/__harness/events') {
        if (req.method !== 'GET' || url.searchParams.get('token') !== token) {
          res.writeHead(403).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
        res.write(': listening\n\n');
        eventStreams.add(res);
        req.on('close', () => eventStreams.delete(res));
        return;
      }
      if (url.pathname === '/__harness/bridge.js') {
        res
          .writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' })
          .end(bridgeScript);
        return;
      }
      // Everything else is the built renderer, through the same handler as app://bundle/.
      const response = await serveApp({ url: `app://bundle${url.pathname}` });
      const headers = Object.fromEntries(response.headers);
      let body = Buffer.from(await response.arrayBuffer());
      const preloaded = url.searchParams.has(PRELOADED);
      if (response.status === 200 && headers['content-type']?.startsWith('text/html') && !preloaded) {
        // The page gets window.api from the bridge, as it would from the preload in Electron.
        body = Buffer.from(
          body.toString('utf8').replace('<head>', '<head><script src="/__harness/bridge.js"></script>'),
        );
      }
      res.writeHead(response.status, { ...headers, ...extraAppHeaders }).end(body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    services,
    replies,
    logLines,
    openedExternally,
    clipboard,
    savePath,
    openedFolders,
    bridgeBytes: Buffer.byteLength(bridgeScript),
    extraAppHeaders,
    preloadedUrl: `http://127.0.0.1:${port}/?${PRELOADED}`,
    bridgeScript,
    appInfo,
    sendEvent: (name, payload) => {
      if (!sendEvent(eventTarget, name, payload)) throw new Error(`event ${name} refused by its schema`);
    },
    eventListeners: () => eventStreams.size,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      services.close();
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
