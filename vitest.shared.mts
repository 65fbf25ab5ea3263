import { resolve } from 'node:path';

import react from '@vitejs/plugin-react';

// Shared by vitest.config.mts and vitest.mutation.config.mts, and kept apart so that each config file
// exports only its default (vitest warns about named exports beside it).

/** The React plugin and the aliases (the same as tsconfig.base.json and electron.vite.config.ts). */
export const sharedConfig = {
  plugins: [react()],
  resolve: {
    alias: {
      '@shared': resolve(import.meta.dirname, 'src/shared'),
      '@mantine-core-parts': resolve(import.meta.dirname, 'node_modules/@mantine/core/esm'),
    },
  },
};

/** The renderer project's tests (jsdom); Stryker runs them too (vitest.mutation.config.mts). */
export const rendererTests = {
  name: 'renderer',
  environment: 'jsdom',
  include: ['test/renderer/**/*.test.tsx', 'test/renderer/**/*.test.ts'],
  setupFiles: ['test/renderer/setup.ts'],
  testTimeout: 20_000,
};
