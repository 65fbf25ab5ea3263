import { resolve } from 'node:path';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** The React plugin and the aliases (the same as tsconfig.base.json and electron.vite.config.ts). */
export const sharedConfig = {
  plugins: [react()],
  resolve: {
    alias: {
      '@shared': resolve(__dirname, 'src/shared'),
      '@mantine-core-parts': resolve(__dirname, 'node_modules/@mantine/core/esm'),
    },
  },
};

/** The renderer project's tests (jsdom); Stryker runs them too (vitest.mutation.config.ts). */
export const rendererTests = {
  name: 'renderer',
  environment: 'jsdom',
  include: ['test/renderer/**/*.test.tsx', 'test/renderer/**/*.test.ts'],
  setupFiles: ['test/renderer/setup.ts'],
  testTimeout: 20_000,
};

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
