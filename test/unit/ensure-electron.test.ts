import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { executableInDist } from '../../scripts/ensure-electron';

/**
 * `npm start` fetches Electron's binary first (scripts/ensure-electron.ts). These tests never
 * download anything: they run the script against a copy of the electron package whose installer
 * is pointed at a closed port on 127.0.0.1, the same failure a user behind a proxy or offline gets.
 */
const projectDir = resolve(__dirname, '../..');
const script = join(projectDir, 'scripts/ensure-electron.ts');
const realElectron = join(projectDir, 'node_modules/electron');
const version = (JSON.parse(readFileSync(join(realElectron, 'package.json'), 'utf8')) as { version: string })
  .version;

let dir: string;
let closedPort: number;

/** A private copy of node_modules/electron (installer, manifest, checksums), so the real one is never touched. */
function electronCopy(name: string): string {
  const root = join(dir, name, 'node_modules');
  const electronDir = join(root, 'electron');
  mkdirSync(electronDir, { recursive: true });
  for (const file of ['install.js', 'package.json', 'checksums.json'])
    copyFileSync(join(realElectron, file), join(electronDir, file));
  symlinkSync(join(projectDir, 'node_modules/@electron'), join(root, '@electron'), 'junction');
  return electronDir;
}

function runEnsure(electronDir: string, extraEnv: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  for (const name of ['ELECTRON_EXEC_PATH', 'npm_config_electron_mirror', 'NPM_CONFIG_ELECTRON_MIRROR'])
    delete env[name];
  return spawnSync(process.execPath, ['--import', 'tsx', script, '--electron-dir', electronDir], {
    cwd: projectDir,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'integration-desk-ensure-electron-'));
  // A port nothing listens on: bind one, note it, close it.
  closedPort = await new Promise<number>((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fetching Electron before npm start', () => {
  it('says in two plain sentences what failed, which variables help, and how to retry; exits non-zero', () => {
    const electronDir = electronCopy('offline');
    const run = runEnsure(electronDir, {
      ELECTRON_MIRROR: `http://127.0.0.1:${closedPort}/`,
      electron_config_cache: join(dir, 'cache'),
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      `Could not download Electron ${version} (about 100 MB, needed once before the app can start): 127.0.0.1:${closedPort} could not be reached.`,
      "Behind a proxy set HTTPS_PROXY and ELECTRON_GET_USE_PROXY=1, or point ELECTRON_MIRROR at a mirror of Electron's releases, then retry with: node node_modules/electron/install.js (or npm start).",
    ]);
    // No stack trace anywhere, and nothing written that would make electron-vite think it is installed.
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at /m);
    expect(existsSync(join(electronDir, 'path.txt'))).toBe(false);
    expect(run.stdout).toContain(`Downloading Electron ${version}`);
  });

  it('never shows credentials from a mirror URL in the message', () => {
    const electronDir = electronCopy('credentials');
    const run = runEnsure(electronDir, {
      ELECTRON_MIRROR: `http://someone:hunter2@127.0.0.1:${closedPort}/`,
      electron_config_cache: join(dir, 'cache-2'),
    });
    expect(run.status).toBe(1);
    expect(run.stderr).not.toContain('hunter2');
    expect(run.stderr).toContain('Could not download Electron');
  });

  it('does nothing (no download, no message) once the binary is there', () => {
    const electronDir = electronCopy('installed');
    const executable = executableInDist();
    mkdirSync(join(electronDir, 'dist', executable, '..'), { recursive: true });
    writeFileSync(join(electronDir, 'dist', executable), '');
    writeFileSync(join(electronDir, 'dist', 'version'), `v${version}`);
    writeFileSync(join(electronDir, 'path.txt'), executable);
    const run = runEnsure(electronDir, { ELECTRON_MIRROR: `http://127.0.0.1:${closedPort}/` });
    expect(run.status).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toContain('Downloading');
  });

  it('runs before electron-vite in npm start and npm run dev', () => {
    const scripts = (
      JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    for (const name of ['start', 'dev']) {
      const command = scripts[name] ?? '';
      const ensure = command.indexOf('scripts/ensure-electron.ts');
      expect(ensure, name).toBeGreaterThanOrEqual(0);
      expect(command.indexOf('electron-vite'), name).toBeGreaterThan(ensure);
      expect(command, name).not.toMatch(/\|\||;/); // a failed download stops the chain
    }
  });
});
