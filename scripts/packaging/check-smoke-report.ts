/**
 * Reads the report an installed package wrote with `--smoke-test=<file>` (src/main/smoke-test.ts)
 * and fails the release, one line per problem, unless the app started, ran sandboxed, passed its
 * checks and carries the release fuses.
 *
 *   tsx scripts/packaging/check-smoke-report.ts <report.json> [--flavour release|e2e]
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { expectedFuses, type FuseFlavour } from './fuses';

interface SmokeReport {
  ok?: unknown;
  sandboxed?: unknown;
  fuses?: Record<string, string> | null;
  checks?: Record<string, { ok?: unknown; detail?: unknown }>;
}

export function smokeReportProblems(report: SmokeReport | null, flavour: FuseFlavour = 'release'): string[] {
  if (!report) return ['No smoke-test report: the package did not start, or exited before its checks.'];
  const problems: string[] = [];
  if (report.sandboxed !== true) problems.push('The app ran without Chromium’s sandbox.');
  for (const [name, check] of Object.entries(report.checks ?? {})) {
    if (check.ok !== true)
      problems.push(
        `Smoke check "${name}" failed${check.detail ? `: ${typeof check.detail === 'string' ? check.detail : JSON.stringify(check.detail)}` : ''}.`,
      );
  }
  if (!report.fuses) problems.push('The running binary’s fuses could not be read.');
  else {
    for (const [name, enabled] of Object.entries(expectedFuses(flavour))) {
      const state = report.fuses[name];
      const wanted = enabled ? 'enabled' : 'disabled';
      if (state !== wanted) problems.push(`Fuse ${name} is ${state ?? 'missing'}, expected ${wanted}.`);
    }
  }
  if (report.ok !== true && problems.length === 0) problems.push('The smoke test reported a failure.');
  return problems;
}

if (typeof require !== 'undefined' && require.main === module) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { flavour: { type: 'string', default: 'release' } },
  });
  const file = positionals[0];
  if (!file || (values.flavour !== 'release' && values.flavour !== 'e2e')) {
    console.error('usage: tsx scripts/packaging/check-smoke-report.ts <report.json> [--flavour release|e2e]');
    process.exit(2);
  }
  const report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SmokeReport) : null;
  const problems = smokeReportProblems(report, values.flavour);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`::error::${problem}`);
    process.exit(1);
  }
  console.log(`Smoke test passed: ${file}`);
}
