import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { REVIEWED_FINDINGS, unreviewedFindings } from '../../scripts/check-electronegativity';

/** A SARIF log shaped like Electronegativity 1.10.3's `-o results.sarif`. */
const sarif = (...results: [check: string, uri: string, line: number][]) => ({
  runs: [
    {
      results: results.map(([ruleId, uri, startLine]) => ({
        ruleId,
        message: { text: `finding ${ruleId}` },
        locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine } } }],
      })),
    },
  ],
});

describe('the Electronegativity gate (scripts/check-electronegativity.ts)', () => {
  it('lets reviewed findings through wherever they move in the file', () => {
    expect(
      unreviewedFindings(
        sarif(
          ['AUXCLICK_JS_CHECK', 'main/window.ts', 99],
          ['OPEN_EXTERNAL_JS_CHECK', 'main/services/links.ts', 3],
        ),
      ),
    ).toEqual([]);
  });

  it('fails on a new finding, and on a reviewed check in another file, one line each', () => {
    expect(
      unreviewedFindings(
        sarif(
          ['NODE_INTEGRATION_JS_CHECK', 'main/window.ts', 17],
          ['OPEN_EXTERNAL_JS_CHECK', 'main/new-feature.ts', 5],
        ),
      ),
    ).toEqual([
      'NODE_INTEGRATION_JS_CHECK main/window.ts:17 — finding NODE_INTEGRATION_JS_CHECK',
      'OPEN_EXTERNAL_JS_CHECK main/new-feature.ts:5 — finding OPEN_EXTERNAL_JS_CHECK',
    ]);
  });

  it('reviews only what docs/ARCHITECTURE.md explains', () => {
    const architecture = readFileSync(join(__dirname, '../../docs/ARCHITECTURE.md'), 'utf8');
    const section = architecture.slice(architecture.indexOf('### Electronegativity'));
    for (const { check, file } of REVIEWED_FINDINGS) {
      const row = section.split('\n').find((line) => line.startsWith(`| \`${check}\``));
      expect(row, check).toBeDefined();
      expect(row, `${check} ${file}`).toContain(`\`${file}\``);
    }
  });
});
