import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { tempDir } from './support/temp';

// The last lines of `npm test` (and so of a CI log cut to its end) name every failed test.

const projectDir = resolve(__dirname, '../..');

function summarise(vitest: unknown, ...playwright: unknown[]) {
  const dir = tempDir();
  const files = [vitest, ...playwright].map((report, index) => {
    const file = join(dir, `report-${index}.json`);
    if (report !== undefined) writeFileSync(file, JSON.stringify(report));
    return file;
  });
  const result = spawnSync(process.execPath, ['scripts/summarise-tests.mjs', ...files], {
    cwd: projectDir,
    encoding: 'utf8',
  });
  return { status: result.status, lines: result.stdout.trimEnd().split('\n') };
}

// Shaped as vitest's JSON reporter writes them (the Jest format).
const vitestReport = (testResults: unknown[], counts = {}) => ({
  numPassedTests: 3,
  numFailedTests: 0,
  numPendingTests: 1,
  numTodoTests: 1,
  testResults,
  ...counts,
});
const vitestFile = (name: string, status: string, assertionResults: unknown[], message = '') => ({
  name: join(projectDir, name),
  status,
  message,
  assertionResults,
});

// Shaped as Playwright's JSON reporter writes them: nested suites, paths from the test folder.
const playwrightReport = (specs: unknown[], stats = {}) => ({
  config: { rootDir: join(projectDir, 'test/e2e') },
  stats: { expected: 2, flaky: 1, unexpected: 0, skipped: 4, ...stats },
  suites: [{ title: 'harness/a.spec.ts', specs: [], suites: [{ title: 'a group', specs }] }],
});

describe('the closing summary of npm test', () => {
  it('adds up both runners, and exits 0 when nothing failed', () => {
    const passing = vitestFile('test/unit/a.test.ts', 'passed', [{ fullName: 'works', status: 'passed' }]);
    expect(summarise(vitestReport([passing]), playwrightReport([]))).toEqual({
      status: 0,
      lines: ['Tests: 6 passed, 0 failed, 6 skipped'],
    });
  });

  it('names each failed test with the first line of its error, without colour codes', () => {
    const vitest = vitestReport(
      [
        vitestFile('test/unit/a.test.ts', 'failed', [
          {
            fullName: 'group keeps its word',
            status: 'failed',
            failureMessages: ['\n\u001b[31mAssertionError: expected 1 to be 2\u001b[39m\n    at a.test.ts:3'],
          },
          { fullName: 'group passes', status: 'passed' },
        ]),
        // A file that failed to load has no failed test of its own, and still counts.
        vitestFile('test/unit/b.test.ts', 'failed', [], 'out/main/index.js is older than src\nmore'),
      ],
      { numFailedTests: 1 },
    );
    const playwright = playwrightReport(
      [
        { title: 'opens', ok: true, file: 'harness/a.spec.ts', line: 3, tests: [] },
        {
          title: 'signs in',
          ok: false,
          file: 'harness/a.spec.ts',
          line: 9,
          tests: [
            {
              results: [{ status: 'failed', error: { message: 'Error: connect-flow not found\nCall log' } }],
            },
          ],
        },
      ],
      { unexpected: 1 },
    );
    expect(summarise(vitest, playwright)).toEqual({
      status: 1,
      lines: [
        'Failed:',
        '  test/unit/a.test.ts › group keeps its word: AssertionError: expected 1 to be 2',
        '  test/unit/b.test.ts: out/main/index.js is older than src',
        '  test/e2e/harness/a.spec.ts:9 › signs in: Error: connect-flow not found',
        'Tests: 6 passed, 3 failed, 6 skipped',
      ],
    });
  });

  it('a missing report is a failure, not a silent zero', () => {
    const { status, lines } = summarise(undefined, playwrightReport([]), undefined);
    expect(status).toBe(1);
    expect(lines).toEqual([
      '  vitest report missing',
      expect.stringMatching(/^ {2}Playwright report missing: .*report-2\.json$/),
      'Tests: 3 passed, 2 failed, 4 skipped',
    ]);
  });
});
