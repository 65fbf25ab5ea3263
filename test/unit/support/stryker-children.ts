import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach } from 'vitest';

/**
 * Loaded by vitest.mutation.config.mts only, after Stryker's own setup file. Some tests run the
 * code in a child process (database-open.test.ts opens read-only folders as an unprivileged
 * user). The child loads the same mutated sandbox code, but Stryker knows nothing of it:
 * - in the first run, each test's children write down the mutants they reached
 *   (stryker-child-coverage.mjs), counted here as reached by the test, so that Stryker runs
 *   those mutants against it rather than calling them "not covered";
 * - in a mutant's run, the active mutant is handed on in `__STRYKER_ACTIVE_MUTANT__`, which
 *   Stryker's instrumented code reads when it loads.
 */
interface Coverage {
  static: Record<string, number>;
  perTest: Record<string, Record<string, number>>;
}
interface StrykerNamespace {
  activeMutant?: unknown;
  currentTestId?: string;
  mutantCoverage?: Coverage;
}

const ACTIVE = '__STRYKER_ACTIVE_MUTANT__';
const FOLDER = 'STRYKER_CHILD_COVERAGE';
const hook = join(__dirname, 'stryker-child-coverage.mjs');
const stryker = () => (globalThis as { __stryker__?: StrykerNamespace }).__stryker__;

let collecting: { testId: string; folder: string; nodeOptions: string | undefined } | undefined;

beforeEach(() => {
  const ns = stryker();
  if (typeof ns?.activeMutant === 'string') {
    process.env[ACTIVE] = ns.activeMutant;
    return;
  }
  delete process.env[ACTIVE];
  if (!ns?.currentTestId) return;
  const folder = mkdtempSync(join(tmpdir(), 'stryker-child-'));
  chmodSync(folder, 0o777); // a child run as another user writes here too
  collecting = { testId: ns.currentTestId, folder, nodeOptions: process.env['NODE_OPTIONS'] };
  process.env[FOLDER] = folder;
  process.env['NODE_OPTIONS'] = [collecting.nodeOptions, `--import=${hook}`].filter(Boolean).join(' ');
});

afterEach(() => {
  delete process.env[ACTIVE];
  if (!collecting) return;
  const { testId, folder, nodeOptions } = collecting;
  collecting = undefined;
  delete process.env[FOLDER];
  if (nodeOptions === undefined) delete process.env['NODE_OPTIONS'];
  else process.env['NODE_OPTIONS'] = nodeOptions;
  const ns = stryker();
  if (ns) {
    const coverage = (ns.mutantCoverage ??= { static: {}, perTest: {} });
    const reached = (coverage.perTest[testId] ??= {});
    for (const name of readdirSync(folder)) {
      const child = JSON.parse(readFileSync(join(folder, name), 'utf8')) as Coverage;
      for (const counts of [child.static, ...Object.values(child.perTest)])
        for (const [id, n] of Object.entries(counts)) reached[id] = (reached[id] ?? 0) + n;
    }
  }
  rmSync(folder, { recursive: true, force: true });
});
