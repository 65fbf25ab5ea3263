import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const projectDir = resolve(__dirname, '../../..');
export const builtMain = join(projectDir, 'out/main/index.js');
export const builtPreload = join(projectDir, 'out/preload/index.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Throws a one-line instruction when the built file is missing or older than its sources: these
 * tests check the BUILT bundle (what ships), which `npm test` builds before running them.
 */
export function assertBuiltFromCurrentSources(file: string, sourceDirs: readonly string[]): void {
  const hint = 'run `npx electron-vite build` first (npm test does)';
  if (!existsSync(file)) throw new Error(`${file} does not exist: ${hint}.`);
  const built = statSync(file).mtimeMs;
  const stale = sourceDirs.filter((dir) => newestMtime(join(projectDir, dir)) > built);
  if (stale.length > 0) throw new Error(`${file} is older than ${stale.join(', ')}: ${hint}.`);
}
