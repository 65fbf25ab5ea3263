import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import react from '@vitejs/plugin-react';
import { build, type Plugin, type Rollup } from 'vite';

import { mantineCoreParts } from '../electron.vite.config';

/**
 * The floor under (b): the Integrations list's shape (bench/floor/sample.ts) drawn by the kit alone,
 * in the same Chromium and run as the app. One page with React alone and plain elements; one with
 * the first screen's Mantine components and CSS (the app's own modules for both). Neither has
 * i18n, the bridge or data from main. Each sets the app's interactive mark from a layout effect, as
 * the Integrations list does, so the three figures are read the same way: what is left between the
 * second and the app is the app's own work, what lies under the second is the kit's.
 */
const FLOOR_DIR = join(__dirname, 'floor');
const PAGES = { react: 'react-only.tsx', mantine: 'with-mantine.tsx' } as const;
type FloorPage = keyof typeof PAGES;

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript',
  css: 'text/css',
};

/**
 * `@mantine-core-parts/X` as electron.vite.config.ts maps it (Mantine's own esm/X.mjs). Vite's
 * `resolve.alias` leaves it unresolved in a build whose root is not the renderer's, so it is
 * resolved here, to the same folder.
 */
function mantineCorePartsResolver(): Plugin {
  const folder = mantineCoreParts['@mantine-core-parts'];
  return {
    name: 'floor:mantine-core-parts',
    enforce: 'pre',
    resolveId: (id) =>
      id.startsWith('@mantine-core-parts/') ? `${folder}${id.slice('@mantine-core-parts'.length)}.mjs` : null,
  };
}

/** index.html's `./page.tsx` is the page being built. */
function pageModule(file: string): Plugin {
  return {
    name: 'floor:page',
    enforce: 'pre',
    resolveId: (id) => (id.replace(/^.*\//, '') === 'page.tsx' ? join(FLOOR_DIR, file) : null),
  };
}

/**
 * One page, built as the renderer is (Vite, the React plugin, minified, no preload polyfill), in
 * memory, under its own path: each page loads its own chunks only.
 */
async function buildFloorPage(page: FloorPage, files: Map<string, string | Uint8Array>): Promise<void> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    root: FLOOR_DIR,
    base: `/${page}/`,
    plugins: [react(), mantineCorePartsResolver(), pageModule(PAGES[page])],
    build: { write: false, minify: true, modulePreload: { polyfill: false } },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  for (const item of (Array.isArray(output) ? output : [output]).flatMap((o) => o.output))
    files.set(`/${page}/${item.fileName}`, item.type === 'chunk' ? item.code : item.source);
}

export async function startFloorPages(): Promise<{
  urls: Record<FloorPage, string>;
  close(): Promise<void>;
}> {
  const files = new Map<string, string | Uint8Array>();
  for (const page of Object.keys(PAGES) as FloorPage[]) await buildFloorPage(page, files);
  const server: Server = createServer((req, res) => {
    const body = files.get(new URL(req.url ?? '/', 'http://floor').pathname);
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    const extension = (req.url ?? '').split('?')[0]!.split('.').pop() ?? '';
    res
      .writeHead(200, {
        'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      })
      .end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    urls: { react: `${origin}/react/index.html`, mantine: `${origin}/mantine/index.html` },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
