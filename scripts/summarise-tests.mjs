// Adds up the vitest and Playwright JSON reports into one closing line, after
// the name and first line of every failed test, so the end of a long log says
// what broke.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const [vitestFile, ...playwrightFiles] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

// A test file as the project names it, with '/' on every OS.
const projectPath = (path) => relative(process.cwd(), path).split(sep).join('/');

// Reporters colour their messages; the summary is plain text.
const firstLine = (text = '') =>
  stripVTControlCharacters(text)
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '') ?? '';

if (vitestFile && existsSync(vitestFile)) {
  const report = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const file of report.testResults ?? []) {
    const where = projectPath(file.name);
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failedTests)
      failures.push(`${where} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    // A file that failed before any test ran (an import error) has no failed test to name or count.
    if (file.status === 'failed' && failedTests.length === 0) {
      failed += 1;
      failures.push(`${where}: ${firstLine(file.message)}`);
    }
  }
} else {
  failed += 1;
  console.log('  vitest report missing');
}

function playwrightFailures(suite, rootDir) {
  for (const spec of suite.specs ?? []) {
    if (spec.ok) continue;
    const results = spec.tests?.flatMap((test) => test.results ?? []) ?? [];
    const error = results.find((result) => result.error)?.error?.message;
    failures.push(
      `${projectPath(join(rootDir, spec.file))}:${spec.line} › ${spec.title}: ${firstLine(error)}`,
    );
  }
  for (const child of suite.suites ?? []) playwrightFailures(child, rootDir);
}

for (const playwrightFile of playwrightFiles) {
  if (existsSync(playwrightFile)) {
    const report = JSON.parse(readFileSync(playwrightFile, 'utf8'));
    const { stats } = report;
    passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    failed += stats.unexpected ?? 0;
    skipped += stats.skipped ?? 0;
    for (const suite of report.suites ?? []) playwrightFailures(suite, report.config.rootDir);
  } else {
    failed += 1;
    console.log(`  Playwright report missing: ${playwrightFile}`);
  }
}

if (failures.length > 0) {
  console.log('Failed:');
  for (const failure of failures) console.log(`  ${failure}`);
}
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
