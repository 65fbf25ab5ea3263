import { resolve } from 'node:path';

import { defineConfig } from 'vitest/config';

/**
 * The vitest configuration Stryker runs (stryker.config.json): the node test project of
 * vitest.config.ts, alone. Stryker's vitest runner asks for the `threads` pool, where keytar (a
 * native module) hangs; the plugin puts the project back on `forks` once vitest has resolved it
 * (a `pool` in this file would be overridden by the runner's own option).
 */
export default defineConfig({
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
    include: ['test/unit/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 20_000,
  },
});
