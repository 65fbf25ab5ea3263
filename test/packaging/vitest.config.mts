import { defineConfig } from 'vitest/config';

/**
 * `npm run test:packaging` — kept out of `npm test` (see docs/PACKAGING.md). The asar test runs
 * electron-builder (about 10 s); the others are plain unit tests of the packaging scripts.
 */
export default defineConfig({
  resolve: { alias: { '@shared': `${import.meta.dirname}/../../src/shared` } },
  test: {
    name: 'packaging',
    root: `${import.meta.dirname}/../..`,
    environment: 'node',
    include: ['test/packaging/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 240_000,
  },
});
