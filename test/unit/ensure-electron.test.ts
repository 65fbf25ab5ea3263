import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';

import { executableInDist } from '../../scripts/ensure-electron';

/**
 * `npm start` fetches Electron's binary first (scripts/ensure-electron.ts). These tests never
 * download anything from outside: they run the script against a copy of the electron package whose
 * installer is pointed at 127.0.0.1, either a closed port (the failure a user behind a proxy or
 * offline gets) or a mirror served by the test with a small stand-in for the release zip.
 */
const projectDir = resolve(__dirname, '../..');
const script = join(projectDir, 'scripts/ensure-electron.ts');
const realElectron = join(projectDir, 'node_modules/electron');
const version = (JSON.parse(readFileSync(join(realElectron, 'package.json'), 'utf8')) as { version: string })
  .version;

const SECOND_SENTENCE =
  "Behind a proxy set HTTPS_PROXY and ELECTRON_GET_USE_PROXY=1, or point ELECTRON_MIRROR at a mirror of Electron's releases, then retry with: node node_modules/electron/install.js (or npm start).";
const RUN_TIMEOUT = 60_000;

let dir: string;
let closedPort: number;

/** A private copy of node_modules/electron (installer, manifest, checksums), so the real one is never touched. */
function electronCopy(name: string): string {
  const root = join(dir, name, 'node_modules');
  const electronDir = join(root, 'electron');
  mkdirSync(electronDir, { recursive: true });
  for (const file of ['install.js', 'package.json', 'checksums.json'])
    copyFileSync(join(realElectron, file), join(electronDir, file));
  // install.js loads @electron/get to download and @electron-internal/extract-zip to unpack.
  for (const scope of ['@electron', '@electron-internal'])
    symlinkSync(join(projectDir, 'node_modules', scope), join(root, scope), 'junction');
  return electronDir;
}

/**
 * Settings from the developer's shell or .npmrc that would change what the installer fetches, from
 * where, or how it checks it (electron/get artifact-utils reads npm_config_electron_* before ELECTRON_*).
 */
const INSTALLER_SETTINGS =
  /^(ELECTRON_(EXEC_PATH|MIRROR|NIGHTLY_MIRROR|CUSTOM_\w+|INSTALL_\w+|OVERRIDE_DIST_PATH|GET_USE_PROXY)|force_no_cache|electron_use_remote_checksums|npm_config_(arch|platform|electron_\w+)|npm_package_config_electron_\w+)$/i;

/** Runs the script as `npm start` does; asynchronous, so a mirror served by this process can answer. */
function runEnsure(electronDir: string, extraEnv: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...extraEnv };
  for (const [name, value] of Object.entries(process.env))
    if (!INSTALLER_SETTINGS.test(name) && !(name in env)) env[name] = value;
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--electron-dir', electronDir], {
    cwd: projectDir,
    env,
    timeout: RUN_TIMEOUT,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((done, fail) => {
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** The arch install.js asks for: Node's, except that an x64 Node under Rosetta gets the arm64 build. */
function installerArch(): string {
  if (process.platform === 'darwin' && process.arch === 'x64') {
    const translated = spawnSync('sysctl', ['-in', 'sysctl.proc_translated'], { encoding: 'utf8' });
    if (translated.stdout?.trim() === '1') return 'arm64';
  }
  return process.arch;
}

/** The release file @electron/get asks for (artifact-utils getArtifactFileName), also the key in checksums.json. */
const zipName = `electron-v${version}-${process.platform}-${installerArch()}.zip`;
/** ELECTRON_CUSTOM_DIR as mirrors of Electron's releases document it: the folder is the bare version. */
const customDir = '{{ version }}';
const zipPath = `/${version}/${zipName}`;

/** A stand-in for Electron's release zip: the executable where install.js looks for it, and `version`. */
async function electronZip(executable: string): Promise<Buffer> {
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(executable), executableInDist(), { mode: 0o100755 });
  zip.addBuffer(Buffer.from(`v${version}`), 'version');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Makes the copy's checksums.json vouch for `zip` as this platform's release, as Electron's own does. */
function vouchFor(electronDir: string, zip: Buffer): void {
  const file = join(electronDir, 'checksums.json');
  const checksums = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  expect(Object.keys(checksums)).toContain(zipName); // the name Electron publishes for this platform
  checksums[zipName] = createHash('sha256').update(zip).digest('hex');
  writeFileSync(file, JSON.stringify(checksums, null, 2));
}

/** A mirror of Electron's releases on 127.0.0.1 holding only `zip`; it records every path asked for. */
async function electronMirror(zip: Buffer) {
  const requests: string[] = [];
  const server = createHttpServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.method === 'GET' && req.url === zipPath) {
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length });
      res.end(zip);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    env: { ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, ELECTRON_CUSTOM_DIR: customDir },
    requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
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
  it(
    'says in two plain sentences what failed, which variables help, and how to retry; exits non-zero',
    async () => {
      const electronDir = electronCopy('offline');
      const run = await runEnsure(electronDir, {
        ELECTRON_MIRROR: `http://127.0.0.1:${closedPort}/`,
        electron_config_cache: join(dir, 'cache'),
      });
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toEqual([
        `Could not download Electron ${version} (about 100 MB, needed once before the app can start): 127.0.0.1:${closedPort} could not be reached.`,
        SECOND_SENTENCE,
      ]);
      // No stack trace anywhere, and nothing written that would make electron-vite think it is installed.
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at /m);
      expect(existsSync(join(electronDir, 'path.txt'))).toBe(false);
      expect(run.stdout).toContain(`Downloading Electron ${version}`);
    },
    RUN_TIMEOUT,
  );

  it(
    'never shows credentials from a mirror URL in the message',
    async () => {
      const electronDir = electronCopy('credentials');
      const run = await runEnsure(electronDir, {
        ELECTRON_MIRROR: `http://someone:hunter2@127.0.0.1:${closedPort}/`,
        electron_config_cache: join(dir, 'cache-2'),
      });
      expect(run.status).toBe(1);
      expect(run.stderr).not.toContain('hunter2');
      expect(run.stderr).toContain('Could not download Electron');
    },
    RUN_TIMEOUT,
  );

  it(
    'downloads from the configured mirror once, checks it, and starts without downloading after',
    async () => {
      const electronDir = electronCopy('mirror');
      const zip = await electronZip('the build checksums.json names');
      vouchFor(electronDir, zip);
      const mirror = await electronMirror(zip);
      try {
        const settings = { ...mirror.env, electron_config_cache: join(dir, 'cache-mirror') };
        const first = await runEnsure(electronDir, settings);
        expect(first.status, first.stderr).toBe(0);
        expect(first.stdout).toContain(`Downloading Electron ${version}`);
        expect(mirror.requests).toEqual([zipPath]);
        // What electron-vite reads: path.txt naming the executable, which is the one from the mirror.
        const executable = executableInDist();
        expect(readFileSync(join(electronDir, 'path.txt'), 'utf8')).toBe(executable);
        expect(readFileSync(join(electronDir, 'dist', executable), 'utf8')).toBe(
          'the build checksums.json names',
        );
        if (process.platform !== 'win32')
          expect(statSync(join(electronDir, 'dist', executable)).mode & 0o111).toBe(0o111);
        expect(readFileSync(join(electronDir, 'dist', 'version'), 'utf8').trim()).toBe(`v${version}`);

        const second = await runEnsure(electronDir, settings);
        expect(second.status).toBe(0);
        expect(`${second.stdout}${second.stderr}`).not.toContain('Downloading');
        expect(mirror.requests).toHaveLength(1);
      } finally {
        await mirror.close();
      }
    },
    2 * RUN_TIMEOUT,
  );

  it(
    'refuses a binary whose checksum does not match (a mirror serving something else)',
    async () => {
      const electronDir = electronCopy('tampered');
      vouchFor(electronDir, await electronZip('the build checksums.json names'));
      const mirror = await electronMirror(await electronZip('something else'));
      try {
        const run = await runEnsure(electronDir, {
          ...mirror.env,
          electron_config_cache: join(dir, 'cache-tampered'),
        });
        expect(run.status).toBe(1);
        expect(mirror.requests).toEqual([zipPath]); // it did fetch the file, then refused it
        const lines = run.stderr.trim().split('\n');
        expect(lines).toEqual([
          `Could not download Electron ${version} (about 100 MB, needed once before the app can start): Generated checksum for "${zipName}" did not match expected checksum.`,
          SECOND_SENTENCE,
        ]);
        expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at /m);
        // Nothing that would make electron-vite think Electron is installed, nor the refused binary.
        expect(existsSync(join(electronDir, 'path.txt'))).toBe(false);
        expect(existsSync(join(electronDir, 'dist', executableInDist()))).toBe(false);
      } finally {
        await mirror.close();
      }
    },
    RUN_TIMEOUT,
  );

  it(
    'does nothing (no download, no message) once the binary is there',
    async () => {
      const electronDir = electronCopy('installed');
      const executable = executableInDist();
      mkdirSync(join(electronDir, 'dist', executable, '..'), { recursive: true });
      writeFileSync(join(electronDir, 'dist', executable), '');
      writeFileSync(join(electronDir, 'dist', 'version'), `v${version}`);
      writeFileSync(join(electronDir, 'path.txt'), executable);
      const run = await runEnsure(electronDir, { ELECTRON_MIRROR: `http://127.0.0.1:${closedPort}/` });
      expect(run.status).toBe(0);
      expect(`${run.stdout}${run.stderr}`).not.toContain('Downloading');
    },
    RUN_TIMEOUT,
  );

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
