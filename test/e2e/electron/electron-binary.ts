import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether the Electron specs must run: `ELECTRON_E2E=required` (the CI workflow, where Electron is
 * fetched first) turns "skipped with a reason" into a failure, so a missing binary cannot pass
 * silently there.
 */
export function electronRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['ELECTRON_E2E'] === 'required';
}

/** The Electron executable installed in node_modules (electron/index.js resolves the same path). */
export function electronExecutable(): string {
  const packageDir = join(__dirname, '../../../node_modules/electron');
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : 'electron';
  return override ? join(override, relative) : join(packageDir, 'dist', relative);
}

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
  // The probe ran as Node; a window needs a display (CI runs these specs under xvfb-run).
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'])
    return 'no display to open a window on (set DISPLAY, e.g. run under xvfb-run)';
  return undefined;
}
