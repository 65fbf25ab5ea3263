import { defineConfig } from 'vitest/config';

import { rendererTests, sharedConfig } from './vitest.shared.mjs';

export default defineConfig({
  ...sharedConfig,
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
          // Keychain and SQLite tests touch real resources: keep files sequential on 2 cores.
          fileParallelism: false,
          testTimeout: 20_000,
        },
      },
      { extends: true, test: rendererTests },
    ],
  },
});
