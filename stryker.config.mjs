// @ts-check
/**
 * Mutation testing (StrykerJS, https://stryker-mutator.io/docs/stryker-js/configuration/):
 * `npm run test:mutation` mutates src/main, src/shared and the preload's bridge, and runs the node
 * unit tests against each mutant. `npm run test:mutation -- --mutate 'src/main/security/**'` narrows it to one
 * folder or file. See docs/TESTING.md.
 *
 * The renderer's pure modules (the .ts files under src/renderer/src, not the .tsx components) run against the
 * renderer tests instead (jsdom): when every --mutate pattern is under src/renderer, or with
 * MUTATION_PROJECT=renderer (`npm run test:mutation:renderer`). They stay out of the default run,
 * whose node tests never load them: every renderer mutant would show as not covered.
 *
 * Each scope (the --mutate value, or "all") keeps its own incremental file and report under
 * reports/: Stryker writes only the files it mutated into the incremental file, so one shared file
 * would forget every other folder's results at each narrowed run.
 */
const args = process.argv.slice(2);
const at = args.findIndex((a) => a === '--mutate' || a === '-m' || a.startsWith('--mutate='));
const scopeArg =
  at < 0 ? 'all' : args[at].startsWith('--mutate=') ? args[at].slice(9) : (args[at + 1] ?? 'all');
const scope =
  scopeArg
    .replace(/\*+/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'all';

const patterns = scopeArg === 'all' ? [] : scopeArg.split(',');
if (patterns.length > 0 && patterns.every((p) => p.replace(/^!/, '').startsWith('src/renderer/'))) {
  // Read by vitest.mutation.config.mts in Stryker's test runner processes, which inherit it.
  process.env['MUTATION_PROJECT'] = 'renderer';
}
const renderer = process.env['MUTATION_PROJECT'] === 'renderer';
// The whole renderer run keeps its results apart from the whole node run's.
const reports = `reports/mutation/${renderer && scope === 'all' ? 'renderer' : scope}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // One test project: node (in forked processes, keytar hangs in worker threads) or renderer.
  vitest: { configFile: 'vitest.mutation.config.mts' },
  // The preload's entry is left out: it only wires Electron's ipcRenderer to build-api.ts, and the
  // tests load its built bundle, which a mutant in the source never reaches.
  mutate: renderer
    ? ['src/renderer/src/**/*.ts']
    : ['src/main/**/*.ts', 'src/shared/**/*.ts', 'src/preload/**/*.ts', '!src/preload/index.ts'],
  coverageAnalysis: 'perTest',
  // Two cores shared with others: one test runner at a time.
  concurrency: 1,
  timeoutMS: 10_000,
  // The first run of the whole node suite takes longer than Stryker's 5 minutes on a busy machine.
  dryRunTimeoutMinutes: 30,
  incremental: true,
  incrementalFile: `${reports}/stryker-incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${reports}/index.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  clearTextReporter: { allowEmojis: false, logTests: false, reportMutants: true, reportScoreTable: true },
  ignorePatterns: [
    'out',
    'dist',
    '.reports',
    'reports',
    'test-results',
    'playwright-report',
    'resources',
    'bench',
  ],
  tempDirName: '.stryker-tmp',
  thresholds: { high: 90, low: 80, break: null },
};
