import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether an Electron binary can run here, checked without triggering
 * Electron's lazy download. Returns the reason when it cannot.
 */
export function electronUnavailableReason(): string | undefined {
  const packageDir = join(__dirname, '../../../node_modules/electron');
  const pathFile = join(packageDir, 'path.txt');
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (!existsSync(pathFile) && !override)
    return 'Electron binary not downloaded on this machine (node_modules/electron/path.txt missing)';
  const executable = override
    ? join(override, existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : 'electron')
    : join(packageDir, 'dist', readFileSync(pathFile, 'utf8'));
  if (!existsSync(executable)) return `Electron binary missing at ${executable}`;
  const probe = spawnSync(executable, ['--version'], {
    encoding: 'utf8',
    timeout: 15_000,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  if (probe.status !== 0)
    return `Electron binary cannot run here (${(probe.stderr || String(probe.error)).split('\n')[0]})`;
  return undefined;
}
