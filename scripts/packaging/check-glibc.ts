/**
 * The oldest glibc the Linux package supports, and the check that keeps it true. The deb declares
 * `libc6 (>= GLIBC_FLOOR)`; this fails the build when a native module (`.node`) was linked against a
 * newer symbol version, which would install fine and then fail to load keytar or better-sqlite3.
 * Electron's own Linux binaries are built against Debian 11's sysroot (glibc 2.31); the release
 * workflow builds the native modules in a Debian 11 container for the same floor.
 * (After Element Desktop's scripts/glibc-check.sh and VS Code's verify-glibc-requirements.sh.)
 *
 *   tsx scripts/packaging/check-glibc.ts <folder> [--floor 2.31]
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export const GLIBC_FLOOR = '2.31';

/** The GLIBC_x.y[.z] symbol versions an `objdump -T` listing asks for, highest last. */
export function glibcVersionsNeeded(objdumpOutput: string): string[] {
  const versions = new Set<string>();
  for (const match of objdumpOutput.matchAll(/\bGLIBC_(\d+(?:\.\d+)+)\b/g)) versions.add(match[1] as string);
  return [...versions].sort(compareVersions);
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** One line per file that needs a newer glibc than the floor. */
export function glibcProblems(
  files: readonly { file: string; needed: readonly string[] }[],
  floor: string,
): string[] {
  return files.flatMap(({ file, needed }) => {
    const newest = needed.at(-1);
    return newest && compareVersions(newest, floor) > 0
      ? [`${file} needs GLIBC_${newest}; the floor is ${floor}`]
      : [];
  });
}

export function findNativeModules(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findNativeModules(path));
    else if (entry.name.endsWith('.node')) found.push(path);
  }
  return found;
}

export function objdumpDynamicSymbols(file: string): string {
  return execFileSync('objdump', ['-T', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

if (typeof require !== 'undefined' && require.main === module) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { floor: { type: 'string', default: GLIBC_FLOOR } },
  });
  const dir = positionals[0];
  const floor = values.floor ?? GLIBC_FLOOR;
  if (!dir) {
    console.error('usage: tsx scripts/packaging/check-glibc.ts <folder> [--floor 2.31]');
    process.exit(2);
  }
  const modules = findNativeModules(dir);
  if (modules.length === 0) {
    console.error(`No .node file under ${dir}.`);
    process.exit(1);
  }
  const files = modules.map((file) => ({ file, needed: glibcVersionsNeeded(objdumpDynamicSymbols(file)) }));
  for (const { file, needed } of files) console.log(`${file}: newest GLIBC_${needed.at(-1) ?? '(none)'}`);
  const problems = glibcProblems(files, floor);
  if (problems.length > 0) {
    for (const problem of problems) console.error(problem);
    process.exit(1);
  }
  console.log(`Every native module loads with glibc ${floor} or newer.`);
}
