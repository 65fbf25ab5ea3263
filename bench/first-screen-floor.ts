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
const PAGES = { react: 'react.html', mantine: 'mantine.html' } as const;
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

/** Built as the renderer is (Vite, the React plugin, minified, no preload polyfill), in memory. */
async function buildFloorPages(): Promise<Map<string, string | Uint8Array>> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    root: FLOOR_DIR,
    plugins: [react(), mantineCorePartsResolver()],
    build: {
      write: false,
      minify: true,
      modulePreload: { polyfill: false },
      rollupOptions: { input: Object.values(PAGES).map((page) => join(FLOOR_DIR, page)) },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const files = new Map<string, string | Uint8Array>();
  for (const item of (Array.isArray(output) ? output : [output]).flatMap((o) => o.output))
    files.set(`/${item.fileName}`, item.type === 'chunk' ? item.code : item.source);
  return files;
}

export async function startFloorPages(): Promise<{
  urls: Record<FloorPage, string>;
  close(): Promise<void>;
}> {
  const files = await buildFloorPages();
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
    urls: { react: `${origin}/${PAGES.react}`, mantine: `${origin}/${PAGES.mantine}` },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
