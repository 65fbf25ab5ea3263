/**
 * Makes better-sqlite3's native module match the runtime about to load it:
 * `node` for the tests (plain Node), `electron` for `npm start` and the
 * Electron specs (Electron's own ABI). Rebuilds only when the built module is
 * for the other one, and keeps each build it replaces, so switching back and
 * forth (the test script does, when Electron runs) costs a file copy after the
 * first time. keytar is a Node-API module and loads in both as it is.
 *
 *   tsx scripts/native-runtime.ts node|electron
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { electronModuleVersion, readAddonAbi } from './packaging/native-modules';

const projectDir = join(__dirname, '..');
const target = process.argv[2];
if (target !== 'node' && target !== 'electron') {
  console.error('usage: tsx scripts/native-runtime.ts node|electron');
  process.exit(2);
}

const addon = join(projectDir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const cacheDir = join(projectDir, 'node_modules/.cache/integration-desk-native');
const cached = (moduleVersion: number) => join(cacheDir, `better_sqlite3-${moduleVersion}.node`);
const builtFor = () => {
  const abi = readAddonAbi(readFileSync(addon));
  return abi.kind === 'node' ? abi.moduleVersion : undefined;
};

const electronVersion = (
  JSON.parse(readFileSync(join(projectDir, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const expected =
  target === 'node' ? Number(process.versions.modules) : electronModuleVersion(electronVersion, projectDir);

const current = builtFor();
if (current === expected) process.exit(0);

// Keep the build being replaced, then reuse a kept build for the target when there is one.
mkdirSync(cacheDir, { recursive: true });
if (current !== undefined) copyFileSync(addon, cached(current));
if (existsSync(cached(expected))) {
  copyFileSync(cached(expected), addon);
  if (builtFor() === expected) process.exit(0);
}

console.log(
  `better-sqlite3 is built for another runtime; rebuilding it for ${target} (module version ${expected})…`,
);
// npm and npx are .cmd scripts on Windows, which Node runs only through a shell (CVE-2024-27980).
const shell = process.platform === 'win32';
if (target === 'node')
  execFileSync('npm', ['rebuild', 'better-sqlite3'], { cwd: projectDir, stdio: 'inherit', shell });
else
  execFileSync('npx', ['electron-builder', 'install-app-deps'], { cwd: projectDir, stdio: 'inherit', shell });
