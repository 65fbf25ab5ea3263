import { chmodSync } from 'node:fs';
import { basename, resolve } from 'node:path';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * The vitest configuration Stryker runs (stryker.config.json): the node test project of
 * vitest.config.ts, alone. Stryker's vitest runner asks for the `threads` pool, where keytar (a
 * native module) hangs; the plugin puts the project back on `forks` once vitest has resolved it
 * (a `pool` in this file would be overridden by the runner's own option).
 *
 * With MUTATION_PROJECT=renderer (set by stryker.config.mjs when every file mutated is under
 * src/renderer), the renderer project instead: jsdom, its setup file, the react plugin and the
 * aliases of vitest.config.ts.
 */
// Stryker's sandbox folder is made owner-only (mkdtemp); the database-open tests run a child as an
// unprivileged user, who must be able to read the sources there as in the working tree.
if (basename(__dirname).startsWith('sandbox-')) chmodSync(__dirname, 0o755);

const narrowed = process.env['MUTATION_TESTS']?.split(',').filter(Boolean);

const node = defineConfig({
  resolve: { alias: { '@shared': resolve(__dirname, 'src/shared') } },
  plugins: [
    {
      name: 'integration-desk:forks-for-stryker',
      configureVitest({ project }) {
        project.config.pool = 'forks';
      },
    },
  ],
  test: {
    name: 'node',
    environment: 'node',
    // MUTATION_TESTS narrows a run to the test files of one module (comma-separated paths): the
    // whole node suite takes minutes per run on two cores. Fewer tests can only kill fewer mutants,
    // so a narrowed score is a lower bound.
    include: narrowed ?? ['test/unit/**/*.test.ts'],
    // Hands the active mutant on to the child processes a test starts (see the file).
    setupFiles: ['test/unit/support/stryker-children.ts'],
    fileParallelism: false,
    testTimeout: 20_000,
  },
});

const renderer = defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      '@shared': resolve(__dirname, 'src/shared'),
      '@mantine-core-parts': resolve(__dirname, 'node_modules/@mantine/core/esm'),
    },
  },
  test: {
    name: 'renderer',
    environment: 'jsdom',
    include: narrowed ?? ['test/renderer/**/*.test.tsx', 'test/renderer/**/*.test.ts'],
    setupFiles: ['test/renderer/setup.ts'],
    fileParallelism: false,
    testTimeout: 20_000,
  },
});

export default process.env['MUTATION_PROJECT'] === 'renderer' ? renderer : node;
