/**
 * Gate over Electronegativity's findings (https://github.com/doyensec/electronegativity). Its CLI exits
 * 0 whatever it finds, so CI writes SARIF and this fails on any finding not reviewed below. Each
 * reviewed finding is explained in docs/ARCHITECTURE.md ("Electronegativity"); a test keeps the two
 * lists the same.
 *
 *   npx --yes @doyensec/electronegativity@1.10.3 -i src -r -e <electron version> -o electronegativity.sarif
 *   npx tsx scripts/check-electronegativity.ts electronegativity.sarif
 */
import { readFileSync } from 'node:fs';

export interface ReviewedFinding {
  readonly check: string;
  /** The file as Electronegativity names it with -r (relative to src/). */
  readonly file: string;
  readonly reason: string;
}

export const REVIEWED_FINDINGS: readonly ReviewedFinding[] = [
  {
    check: 'CSP_GLOBAL_CHECK',
    file: 'renderer/index.html',
    reason:
      "'self' may be weak where a site hosts JSONP or uploads; here it is app://bundle, the built renderer only",
  },
  {
    check: 'AUXCLICK_JS_CHECK',
    file: 'main/window.ts',
    reason: 'a middle-click on a link is a background-tab window request, which setWindowOpenHandler denies',
  },
  ...[
    'main/index.ts',
    'main/window.ts',
    'main/security/navigation.ts',
    'main/services/links.ts',
    'main/services/oauth/flows.ts',
  ].map((file) => ({
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file,
    reason:
      'every URL passes isAllowedExternalUrl (https, allow-listed host, no user info, ≤ 2081 characters)',
  })),
];

interface SarifLog {
  runs?: {
    results?: {
      ruleId?: string;
      message?: { text?: string };
      locations?: {
        physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } };
      }[];
    }[];
  }[];
}

/** One line per finding that no reviewed entry covers. */
export function unreviewedFindings(
  sarif: SarifLog,
  reviewed: readonly ReviewedFinding[] = REVIEWED_FINDINGS,
): string[] {
  const problems: string[] = [];
  for (const run of sarif.runs ?? []) {
    for (const result of run.results ?? []) {
      const location = result.locations?.[0]?.physicalLocation;
      const file = (location?.artifactLocation?.uri ?? 'N/A').replace(/\\/g, '/');
      const check = result.ruleId ?? 'UNKNOWN';
      if (reviewed.some((r) => r.check === check && r.file === file)) continue;
      problems.push(`${check} ${file}:${location?.region?.startLine ?? 0} — ${result.message?.text ?? ''}`);
    }
  }
  return problems;
}

if (typeof require !== 'undefined' && require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx scripts/check-electronegativity.ts <results.sarif>');
    process.exit(2);
  }
  const problems = unreviewedFindings(JSON.parse(readFileSync(file, 'utf8')) as SarifLog);
  if (problems.length > 0) {
    console.error(
      `Electronegativity: ${problems.length} finding(s) not reviewed (fix, or explain in docs/ARCHITECTURE.md and scripts/check-electronegativity.ts):`,
    );
    for (const problem of problems) console.error(`  ${problem}`);
    process.exit(1);
  }
  console.log('Electronegativity: every finding is reviewed (docs/ARCHITECTURE.md).');
}
