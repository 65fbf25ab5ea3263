/**
 * Makes better-sqlite3's native module match the runtime about to load it:
 * `node` for the tests (plain Node), `electron` for `npm start` (Electron's own
 * ABI). Rebuilds only when the built module is for the other one, so running
 * the app and the tests on one machine never leaves either broken. keytar is a
 * Node-API module and loads in both as it is.
 *
 *   tsx scripts/native-runtime.ts node|electron
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { electronModuleVersion, readAddonAbi } from './packaging/native-modules';

const projectDir = join(__dirname, '..');
const target = process.argv[2];
if (target !== 'node' && target !== 'electron') {
  console.error('usage: tsx scripts/native-runtime.ts node|electron');
  process.exit(2);
}

const addon = join(projectDir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const abi = readAddonAbi(readFileSync(addon));
const electronVersion = (
  JSON.parse(readFileSync(join(projectDir, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const expected =
  target === 'node' ? Number(process.versions.modules) : electronModuleVersion(electronVersion, projectDir);

if (abi.kind === 'node' && abi.moduleVersion === expected) process.exit(0);

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
console.log(
  `better-sqlite3 is built for another runtime; rebuilding it for ${target} (module version ${expected})…`,
);
if (target === 'node')
  execFileSync(npm, ['rebuild', 'better-sqlite3'], { cwd: projectDir, stdio: 'inherit' });
else execFileSync(npx, ['electron-builder', 'install-app-deps'], { cwd: projectDir, stdio: 'inherit' });
