/**
 * Fetches Electron's binary, once, before `electron-vite preview/dev` runs (`npm start`, `npm run dev`).
 *
 * Why: Electron 42+ no longer downloads its binary when installed; it does so lazily on the first
 * `require('electron')`. electron-vite 6 reads `node_modules/electron/path.txt` itself and stops with
 * "Electron uninstall" when it is missing, never triggering that download (alex8088/electron-vite
 * issue 904). So this runs Electron's own installer (`node_modules/electron/install.js`, what
 * `npx install-electron` runs) explicitly, and turns a failed download into two plain sentences.
 *
 *   tsx scripts/ensure-electron.ts [--electron-dir <dir>]
 *
 * Mirror and proxy settings are Electron's own (https://github.com/electron/get#usage and
 * https://www.electronjs.org/docs/latest/tutorial/installation#mirror): ELECTRON_MIRROR,
 * ELECTRON_CUSTOM_DIR, ELECTRON_GET_USE_PROXY with HTTPS_PROXY / NO_PROXY, electron_config_cache.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const DEFAULT_ELECTRON_DIR = resolve(__dirname, '../node_modules/electron');
export const RETRY_COMMAND = 'node node_modules/electron/install.js';

/** Where Electron's installer puts the executable inside `dist/` (install.js `getPlatformPath`). */
export function executableInDist(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** The same test install.js makes before downloading: right version, path.txt, executable present. */
export function electronInstalled(electronDir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const execPath = env['ELECTRON_EXEC_PATH'];
  if (execPath) return existsSync(execPath); // electron-vite uses this instead of path.txt
  try {
    const version = electronVersion(electronDir);
    const installed = readFileSync(join(electronDir, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '');
    const pathTxt = readFileSync(join(electronDir, 'path.txt'), 'utf8');
    return installed === version && existsSync(join(electronDir, 'dist', pathTxt));
  } catch {
    return false;
  }
}

export function electronVersion(electronDir: string): string {
  return (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The two sentences shown when the download fails: what failed, the knobs Electron honours, the retry. */
export function downloadFailureMessage(version: string, detail: string): string {
  // The detail is an error's own message, which may end a sentence already ("…expected checksum.").
  const because = detail.replace(/\.+$/, '');
  return [
    `Could not download Electron ${version} (about 100 MB, needed once before the app can start)${because ? `: ${because}` : ''}.`,
    'Behind a proxy set HTTPS_PROXY and ELECTRON_GET_USE_PROXY=1, or point ELECTRON_MIRROR at a mirror of ' +
      `Electron's releases, then retry with: ${RETRY_COMMAND} (or npm start).`,
  ].join('\n');
}

/**
 * The useful line of install.js's output: it prints a whole stack; keep the error's own message, with
 * any credentials in a URL (a mirror or proxy with user:password) removed.
 */
export function failureDetail(stderr: string): string {
  const line = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('at ') && !l.startsWith('(node:') && !/^Downloading /.test(l));
  if (!line) return '';
  return line
    .replace(/^(?:[A-Za-z]*Error|Error \[[A-Z_]+\]): /, '')
    .replace(/\/\/[^/\s@]+@/g, '//')
    .slice(0, 300);
}

/** The host the binary comes from: Electron's mirror variables (electron/get artifact-utils), else GitHub. */
export function downloadHost(env: NodeJS.ProcessEnv): string {
  const mirror =
    env['npm_config_electron_mirror'] || env['NPM_CONFIG_ELECTRON_MIRROR'] || env['ELECTRON_MIRROR'];
  try {
    return new URL(mirror || 'https://github.com/electron/electron/releases/download/').host;
  } catch {
    return 'the Electron mirror';
  }
}

export type EnsureResult = { ok: true; downloaded: boolean } | { ok: false; message: string; detail: string };

export function ensureElectron(
  options: { electronDir?: string; env?: NodeJS.ProcessEnv; say?: (line: string) => void } = {},
): EnsureResult {
  const electronDir = options.electronDir ?? DEFAULT_ELECTRON_DIR;
  const env = options.env ?? process.env;
  if (electronInstalled(electronDir, env)) return { ok: true, downloaded: false };
  const version = electronVersion(electronDir);
  (options.say ?? console.log)(`Downloading Electron ${version} (about 100 MB, once)…`);
  const run = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (run.status === 0 && electronInstalled(electronDir, env)) return { ok: true, downloaded: true };
  let detail = failureDetail(run.stderr ?? '') || (run.error ? run.error.message : '');
  // Node's fetch says only "fetch failed" when it cannot connect; name the server instead.
  if (detail === 'fetch failed') detail = `${downloadHost(env)} could not be reached`;
  return { ok: false, message: downloadFailureMessage(version, detail), detail };
}

if (typeof require !== 'undefined' && require.main === module) {
  const { values } = parseArgs({ options: { 'electron-dir': { type: 'string' } } });
  const result = ensureElectron({ electronDir: values['electron-dir'] });
  if (!result.ok) {
    console.error(result.message);
    process.exit(1);
  }
}
