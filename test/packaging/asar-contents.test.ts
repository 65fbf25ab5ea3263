import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { listPackage, statFile } from '@electron/asar';
import { archFromString, build, DIR_TARGET, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { REQUIRED_NATIVE_MODULES } from '../../scripts/packaging/after-pack';
import { findPackagedApps } from '../../scripts/packaging/check-fuses';
import { fuseProblems, readFuses } from '../../scripts/packaging/fuses';
import {
  assertNativeModules,
  electronModuleVersion,
  readAddonAbi,
  type BinaryArch,
} from '../../scripts/packaging/native-modules';
import { createStandInElectron } from './stand-in-electron';

/**
 * What ships inside app.asar.
 *
 * By default (here, on the build machines) the app is packaged for real by electron-builder
 * with the project's own electron-builder.ts — the Linux `dir` target (an unpacked app, no
 * installer) against a stand-in Electron (./stand-in-electron.ts says why, and what that does
 * not prove), with npmRebuild off because rebuilding for Electron needs Electron's headers from
 * the internet. Everything else — files, asarUnpack, dependency collection, the afterPack hook
 * — is the release configuration.
 *
 * With INTEGRATION_DESK_PACKAGE_DIR=dist (the release workflow, after `npm run dist`), the same
 * assertions run against the real packaged app instead, plus the native-module ABI check with
 * the modules electron-builder really rebuilt.
 */
const projectDir = resolve(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const electronVersion = (
  JSON.parse(readFileSync(join(projectDir, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const packagedDir = process.env['INTEGRATION_DESK_PACKAGE_DIR'];

let workDir: string | undefined;
/** The packaged binary (.exe, Linux executable, or .app bundle) and its resources folder. */
let binary: string;
let resourcesDir: string;
let files: string[];
let buildError: unknown;

beforeAll(async () => {
  if (packagedDir) {
    const apps = findPackagedApps(resolve(projectDir, packagedDir));
    if (apps.length !== 1)
      throw new Error(`Expected one packaged app in ${packagedDir}, found: ${apps.join(', ')}`);
    binary = apps[0] as string;
    resourcesDir = binary.endsWith('.app')
      ? join(binary, 'Contents', 'Resources')
      : join(dirname(binary), 'resources');
  } else {
    const built = await packageWithStandInElectron();
    binary = built.binary;
    resourcesDir = built.resourcesDir;
    buildError = built.error;
  }
  const asar = join(resourcesDir, 'app.asar');
  if (!existsSync(asar)) throw new Error(`No app.asar in ${resourcesDir}`, { cause: buildError });
  files = listPackage(asar, { isPack: false }).map((file) => file.split('\\').join('/'));
}, 240_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function packageWithStandInElectron(): Promise<{
  binary: string;
  resourcesDir: string;
  error: unknown;
}> {
  workDir = mkdtempSync(join(tmpdir(), 'integration-desk-packaging-'));
  // A private copy of the app folder: package.json, a fresh production build, and the
  // project's node_modules (linked). Building into out/ directly would race with anyone
  // else running `npm run build` or `npm test` in this checkout.
  const appDir = join(workDir, 'app');
  mkdirSync(appDir);
  copyFileSync(join(projectDir, 'package.json'), join(appDir, 'package.json'));
  symlinkSync(join(projectDir, 'node_modules'), join(appDir, 'node_modules'), 'junction');
  const electronVite = join(projectDir, 'node_modules/electron-vite/bin/electron-vite.js');
  execFileSync(
    process.execPath,
    [electronVite, 'build', '--outDir', join(appDir, 'out'), '--logLevel', 'error'],
    {
      cwd: projectDir,
      stdio: 'inherit',
    },
  );
  const electronDist = join(workDir, 'electron-dist');
  createStandInElectron(electronDist);
  const output = join(workDir, 'dist');
  // A test package must never be published, nor pick up an update feed or the e2e fuses.
  const env = { ...process.env };
  for (const name of [
    'INTEGRATION_DESK_UPDATE_URL',
    'INTEGRATION_DESK_UPDATE_GITHUB',
    'INTEGRATION_DESK_FUSES',
  ]) {
    delete process.env[name];
  }
  let error: unknown;
  try {
    await build({
      projectDir: appDir,
      targets: Platform.LINUX.createTarget(DIR_TARGET, archFromString(process.arch)),
      publish: 'never',
      // The project's electron-builder.ts (loaded by electron-builder itself), with these on top.
      config: {
        extends: join(projectDir, 'electron-builder.ts'),
        electronDist,
        npmRebuild: false,
        directories: { output },
      },
    });
  } catch (caught) {
    error = caught;
  } finally {
    process.env = env;
  }
  const appOutDir = join(output, 'linux-unpacked');
  return { binary: join(appOutDir, 'integration-desk'), resourcesDir: join(appOutDir, 'resources'), error };
}

describe('app.asar', () => {
  it('holds the built main, preload and renderer, and package.json', () => {
    expect(files).toContain('/package.json');
    expect(files).toContain('/out/main/index.js');
    expect(files).toContain('/out/preload/index.js');
    expect(files).toContain('/out/renderer/index.html');
    expect(files.some((f) => /^\/out\/renderer\/assets\/[^/]+\.js$/.test(f))).toBe(true);
  });

  it('holds nothing of the sources, tests, benchmarks, docs, scripts or build resources', () => {
    const topLevel = new Set(files.map((f) => f.split('/')[1]));
    expect([...topLevel].sort()).toEqual(['node_modules', 'out', 'package.json']);
    expect(
      files.filter((f) => f.startsWith('/out/') && !/^\/out\/(main|preload|renderer)(\/|$)/.test(f)),
    ).toEqual([]);
  });

  it('holds no source maps, .env files or lockfiles, anywhere', () => {
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /\/\.env(\.[^/]*)?$/.test(f))).toEqual([]);
    expect(
      files.filter((f) =>
        /\/(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$/.test(f),
      ),
    ).toEqual([]);
  });

  it('holds only production dependencies: no dev dependency, no tooling', () => {
    const shipped = shippedPackages(files);
    const production = productionClosure();
    const devOnly = Object.keys(packageJson.devDependencies).filter((name) => !production.has(name));
    expect(devOnly.filter((name) => shipped.has(name))).toEqual([]);
    for (const tool of [
      'electron',
      'electron-builder',
      'vitest',
      '@playwright/test',
      'typescript',
      'vite',
      'tsx',
    ]) {
      expect(shipped.has(tool), tool).toBe(false);
    }
    // Every package that ships is reachable from "dependencies".
    expect([...shipped].filter((name) => !production.has(name))).toEqual([]);
    for (const needed of ['better-sqlite3', 'keytar', 'electron-updater']) {
      expect(shipped.has(needed), needed).toBe(true);
    }
  });

  it('unpacks the native modules (and only .node files) next to the archive', () => {
    const asar = join(resourcesDir, 'app.asar');
    const addons = files.filter((f) => f.endsWith('.node'));
    expect(addons.map((f) => f.split('/').pop()).sort()).toEqual([...REQUIRED_NATIVE_MODULES].sort());
    for (const addon of addons) {
      expect(statFile(asar, addon.slice(1), false), addon).toMatchObject({ unpacked: true });
      expect(existsSync(join(resourcesDir, 'app.asar.unpacked', addon)), addon).toBe(true);
    }
    const unpackedOthers = files.filter((f) => {
      const entry = statFile(asar, f.slice(1), false);
      return 'size' in entry && entry.unpacked === true && !f.endsWith('.node');
    });
    expect(unpackedOthers).toEqual([]);
  });

  it('ships no native-module sources or build leftovers', () => {
    expect(
      files.filter((f) =>
        /^\/node_modules\/(better-sqlite3|keytar)\/(src|deps|build\/(Release\/(obj|obj\.target|\.deps)|deps))(\/|$)/.test(
          f,
        ),
      ),
    ).toEqual([]);
    expect(files.filter((f) => /\.(cc|cpp|c|h|hpp|o|a|obj|lib|pdb|gyp|gypi|mk)$/.test(f))).toEqual([]);
    expect(files).not.toContain('/node_modules/better-sqlite3/build/Release/test_extension.node');
  });
});

describe('the afterPack hook (scripts/packaging/after-pack.ts)', () => {
  it(`flipped the fuses of the ${packagedDir ? 'packaged' : 'stand-in'} binary to the release values`, async () => {
    expect(fuseProblems(await readFuses(binary), 'release')).toEqual([]);
  });

  it.runIf(!packagedDir)('fails the package when a native module is still built for plain Node', () => {
    // npmRebuild is off here, so better-sqlite3 is whatever `npm install` built: normally
    // Node's ABI, which the hook must refuse. After a local `npm run dist` it is Electron's.
    const installed = readAddonAbi(
      readFileSync(join(projectDir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')),
    );
    const electronAbi = electronModuleVersion(electronVersion, projectDir);
    if (installed.kind === 'node' && installed.moduleVersion === electronAbi) {
      expect(buildError).toBeUndefined();
      return;
    }
    expect(buildError).toBeInstanceOf(Error);
    const message = (buildError as Error).message;
    expect(message).toContain('Native modules are not fit for Electron');
    expect(message).toMatch(
      new RegExp(`better_sqlite3\\.node: built for NODE_MODULE_VERSION \\d+, Electron needs ${electronAbi}`),
    );
    expect(message).not.toContain('keytar.node');
  });

  it.runIf(Boolean(packagedDir))('let through only native modules built for this Electron and CPU', () => {
    const reports = assertNativeModules(join(resourcesDir, 'app.asar.unpacked'), {
      expectedModuleVersion: electronModuleVersion(electronVersion, projectDir),
      arch: process.arch as BinaryArch,
      required: REQUIRED_NATIVE_MODULES,
    });
    expect(reports.length).toBe(REQUIRED_NATIVE_MODULES.length);
  });
});

/** Package names under /node_modules in the archive, nested ones included. */
function shippedPackages(list: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const file of list) {
    const parts = file.split('/');
    for (let i = 0; i < parts.length - 1; i++) {
      if (parts[i] !== 'node_modules') continue;
      const first = parts[i + 1];
      if (!first || first.startsWith('.')) continue;
      const second = parts[i + 2];
      const isPackageDir = first.startsWith('@')
        ? second !== undefined && i + 3 < parts.length
        : i + 2 < parts.length;
      if (isPackageDir) names.add(first.startsWith('@') ? `${first}/${second}` : first);
    }
  }
  return names;
}

/** Every package reachable from package.json "dependencies" (with optional ones), by node resolution. */
function productionClosure(): Set<string> {
  const closure = new Set<string>();
  const queue = Object.keys(packageJson.dependencies).map((name) => ({ name, from: projectDir }));
  const seen = new Set<string>();
  for (let next = queue.shift(); next; next = queue.shift()) {
    const dir = resolvePackageDir(next.name, next.from);
    if (!dir || seen.has(dir)) continue;
    seen.add(dir);
    closure.add(next.name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      queue.push({ name, from: dir });
    }
  }
  return closure;
}

function resolvePackageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === projectDir || dir === dirname(dir)) return undefined;
  }
}
