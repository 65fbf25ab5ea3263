import { resolve } from 'node:path';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// One alias for code shared by every process (also in tsconfig.base.json and vitest.config.ts).
const resolveShared = { alias: { '@shared': resolve(__dirname, 'src/shared') } };

export default defineConfig({
  main: {
    resolve: resolveShared,
    build: {
      // Dependencies stay in node_modules (native modules must), except ESM-only oauth4webapi, bundled into the CJS output.
      externalizeDeps: { exclude: ['oauth4webapi'] },
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    resolve: resolveShared,
    build: {
      // A sandboxed preload can only require 'electron': bundle everything else (zod, the contract).
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') }, external: ['electron'] },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: resolveShared,
    plugins: [react()],
    build: {
      minify: true,
      // The polyfill would be an inline script, which the Content Security Policy forbids.
      modulePreload: { polyfill: false },
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
