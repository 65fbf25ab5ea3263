import { chmodSync } from 'node:fs';
import { basename, resolve } from 'node:path';

import { defineConfig } from 'vitest/config';

import { rendererTests, sharedConfig } from './vitest.shared.mjs';

/**
 * The vitest configuration Stryker runs (stryker.config.json): the node test project of
 * vitest.config.mts, alone. Stryker's vitest runner asks for the `threads` pool, where keytar (a
 * native module) hangs; the plugin puts the project back on `forks` once vitest has resolved it
 * (a `pool` in this file would be overridden by the runner's own option).
 *
 * With MUTATION_PROJECT=renderer (set by stryker.config.mjs when every file mutated is under
 * src/renderer), vitest.config.mts's renderer project instead, one file at a time.
 */
// Stryker's sandbox folder is made owner-only (mkdtemp); the database-open tests run a child as an
// unprivileged user, who must be able to read the sources there as in the working tree.
if (basename(import.meta.dirname).startsWith('sandbox-')) chmodSync(import.meta.dirname, 0o755);

const narrowed = process.env['MUTATION_TESTS']?.split(',').filter(Boolean);

const node = defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'src/shared') } },
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
  ...sharedConfig,
  test: { ...rendererTests, include: narrowed ?? rendererTests.include, fileParallelism: false },
});

export default process.env['MUTATION_PROJECT'] === 'renderer' ? renderer : node;
