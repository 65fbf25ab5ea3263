/**
 * Reads the fuses of a packaged app back and fails unless they are the release values
 * (scripts/packaging/fuses.ts). Run by the release workflow after `npm run dist`:
 *
 *   npx tsx scripts/packaging/check-fuses.ts [--app <binary or .app>] [--flavour release|e2e]
 *
 * Without --app it checks every packaged app electron-builder left in dist/
 * (dist/linux-unpacked/integration-desk, dist/win-unpacked/Integration Desk.exe,
 * dist/mac*\/Integration Desk.app).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { fuseProblems, readFuses, type FuseFlavour } from './fuses';

const PRODUCT = 'Integration Desk';
const LINUX_EXECUTABLE = 'integration-desk';

export function findPackagedApps(distDir: string): string[] {
  if (!existsSync(distDir)) return [];
  const apps: string[] = [];
  for (const entry of readdirSync(distDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(distDir, entry.name);
    for (const candidate of [
      join(dir, `${PRODUCT}.app`),
      join(dir, `${PRODUCT}.exe`),
      join(dir, LINUX_EXECUTABLE),
    ]) {
      if (existsSync(candidate)) apps.push(candidate);
    }
  }
  return apps;
}

export async function checkFuses(app: string, flavour: FuseFlavour): Promise<string[]> {
  const readings = await readFuses(app);
  console.log(`${app}`);
  for (const reading of readings) console.log(`  ${reading.name.padEnd(40)} ${reading.state}`);
  return fuseProblems(readings, flavour);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      app: { type: 'string', multiple: true },
      dist: { type: 'string', default: 'dist' },
      flavour: { type: 'string', default: 'release' },
    },
  });
  const flavour = values.flavour;
  if (flavour !== 'release' && flavour !== 'e2e') {
    console.error(`--flavour must be release or e2e, not ${String(flavour)}`);
    return 2;
  }
  const apps = values.app?.length ? values.app : findPackagedApps(values.dist ?? 'dist');
  if (apps.length === 0) {
    console.error(`No packaged app found (looked in ${values.dist ?? 'dist'}/*/): run npm run dist first.`);
    return 1;
  }
  let failed = false;
  for (const app of apps) {
    const problems = await checkFuses(app, flavour);
    if (problems.length > 0) {
      failed = true;
      console.error(`FUSES WRONG in ${app}:\n  ${problems.join('\n  ')}`);
    } else {
      console.log(`  fuses OK (${flavour})`);
    }
  }
  return failed ? 1 : 0;
}

if (typeof require !== 'undefined' && require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
