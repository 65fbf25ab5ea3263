// Preloaded (NODE_OPTIONS --import) into the child processes a test starts during Stryker's first
// run, by stryker-children.ts: at exit, writes down which mutants the child's code reached.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

process.on('exit', () => {
  const coverage = globalThis.__stryker__?.mutantCoverage;
  const folder = process.env.STRYKER_CHILD_COVERAGE;
  if (!coverage || !folder) return;
  try {
    writeFileSync(join(folder, `${process.pid}.json`), JSON.stringify(coverage));
  } catch {
    // A child that cannot write its coverage only leaves its mutants "not covered".
  }
});
