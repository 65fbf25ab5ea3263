import { resolve } from 'node:path';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

import { hooksByFile } from './scripts/build/hooks-by-file';
import { cspMetaPolicies, META_CONTENT_SECURITY_POLICY, withoutCspMeta } from './src/main/security/csp';

// One alias for code shared by every process (also in tsconfig.base.json and vitest.config.mts).
const resolveShared = { alias: { '@shared': resolve(__dirname, 'src/shared') } };

/**
 * One Mantine component's own module (src/renderer/src/mantine-first-screen.ts says why): the
 * package's exports map has no entry for them, so the alias points at the file itself.
 * Also in vitest.config.mts (same alias) and tsconfig.base.json (their types, under lib/); the bench's
 * floor pages import it from here.
 */
export const mantineCoreParts = {
  '@mantine-core-parts': resolve(__dirname, 'node_modules/@mantine/core/esm'),
};

/**
 * index.html carries the CSP as a <meta> too (defence in depth). One source of truth: the build
 * fails unless that tag equals the policy in src/main/security/csp.ts. The dev server removes it,
 * because Vite's React Fast Refresh injects inline scripts (the dev server sends no CSP either).
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'integration-desk:csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        if (context.server) return withoutCspMeta(html);
        const found = cspMetaPolicies(html);
        if (found.length !== 1 || found[0] !== META_CONTENT_SECURITY_POLICY) {
          throw new Error(
            'src/renderer/index.html: the Content-Security-Policy <meta> must equal META_CONTENT_SECURITY_POLICY ' +
              `in src/main/security/csp.ts:\n  ${META_CONTENT_SECURITY_POLICY}`,
          );
        }
        return html;
      },
    },
  };
}

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
      // A sandboxed preload can only require 'electron': bundle everything else (zod, the contract),
      // in one file. The contract's import() stays inside it, evaluated when first called (build-api.ts).
      externalizeDeps: false,
      // Minified: every window parses it before its page's HTML, and the harness measures it so.
      minify: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: { alias: { ...resolveShared.alias, ...mantineCoreParts } },
    plugins: [
      hooksByFile(resolve(__dirname, 'node_modules/@mantine/hooks/esm/index.mjs')),
      react(),
      contentSecurityPolicyMeta(),
    ],
    build: {
      minify: true,
      // The polyfill would be an inline script, which the Content Security Policy forbids.
      modulePreload: { polyfill: false },
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
