import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  expectedFuses,
  flipPackagedFuses,
  fuseFlavourFromEnv,
  fuseProblems,
  packagedBinaryPath,
  readFuses,
  RELEASE_FUSES,
} from '../../scripts/packaging/fuses';
import {
  electronModuleVersion,
  inspectNativeModules,
  readAddonAbi,
  readBinaryArch,
} from '../../scripts/packaging/native-modules';
import { updateFeed } from '../../scripts/packaging/update-feed';
import { createUpdates, shouldCheckForUpdates, type Updater } from '../../src/main/updates';
import { createStandInElectron } from './stand-in-electron';

// Fast tests of the packaging scripts and the update switch; no electron-builder run.

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'integration-desk-packaging-unit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function header(size: number, write: (b: Buffer) => void): Buffer {
  const bytes = Buffer.alloc(size);
  write(bytes);
  return bytes;
}

describe('readBinaryArch', () => {
  it('reads ELF, Mach-O (thin and universal) and PE headers', () => {
    const elf = (machine: number) =>
      header(128, (b) => {
        b.writeUInt32BE(0x7f454c46, 0);
        b[5] = 1; // little-endian
        b.writeUInt16LE(machine, 18);
      });
    expect(readBinaryArch(elf(0x3e))).toBe('x64');
    expect(readBinaryArch(elf(0xb7))).toBe('arm64');

    const macho = (cpu: number) =>
      header(128, (b) => {
        b.writeUInt32LE(0xfeedfacf, 0);
        b.writeUInt32LE(cpu, 4);
      });
    expect(readBinaryArch(macho(0x01000007))).toBe('x64');
    expect(readBinaryArch(macho(0x0100000c))).toBe('arm64');
    const fat = header(128, (b) => {
      b.writeUInt32BE(0xcafebabe, 0);
      b.writeUInt32BE(2, 4);
      b.writeUInt32BE(0x01000007, 8);
      b.writeUInt32BE(0x0100000c, 28);
    });
    expect(readBinaryArch(fat)).toBe('universal');

    const pe = (machine: number) =>
      header(256, (b) => {
        b.write('MZ', 0, 'latin1');
        b.writeUInt32LE(0x80, 0x3c);
        b.writeUInt32BE(0x50450000, 0x80);
        b.writeUInt16LE(machine, 0x84);
      });
    expect(readBinaryArch(pe(0x8664))).toBe('x64');
    expect(readBinaryArch(pe(0xaa64))).toBe('arm64');
    expect(readBinaryArch(Buffer.from('#!/bin/sh\n'.padEnd(100, ' ')))).toBe('unknown');
  });
});

describe('readAddonAbi', () => {
  const withSymbols = (...names: string[]) => Buffer.from(`\0junk\0${names.join('\0')}\0more`, 'latin1');

  it('reads NODE_MODULE_VERSION from the registration symbol', () => {
    expect(readAddonAbi(withSymbols('node_register_module_v150'))).toEqual({
      kind: 'node',
      moduleVersion: 150,
    });
    expect(readAddonAbi(withSymbols('_node_register_module_v115'))).toEqual({
      kind: 'node',
      moduleVersion: 115,
    });
  });

  it('recognises Node-API addons, and refuses what it cannot tell', () => {
    expect(
      readAddonAbi(withSymbols('napi_register_module_v1', 'node_api_module_get_api_version_v1')),
    ).toEqual({
      kind: 'node-api',
    });
    expect(readAddonAbi(withSymbols('sqlite3_extension_init')).kind).toBe('unknown');
    expect(readAddonAbi(withSymbols('node_register_module_v115', 'node_register_module_v150')).kind).toBe(
      'unknown',
    );
  });

  it('reads the real addons built on this machine', () => {
    const sqlite = readFileSync('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const keytar = readFileSync('node_modules/keytar/build/Release/keytar.node');
    expect(readAddonAbi(sqlite).kind).toBe('node');
    expect(readAddonAbi(keytar)).toEqual({ kind: 'node-api' });
    // A macOS release builds both CPUs on one runner and the x64 rebuild may come last.
    expect(process.platform === 'darwin' ? ['arm64', 'x64'] : [process.arch]).toContain(
      readBinaryArch(sqlite),
    );
  });
});

describe('inspectNativeModules', () => {
  it('flags a Node-ABI addon, a wrong CPU and an unknown file, and passes a Node-API one', () => {
    const root = join(dir, 'unpacked');
    const put = (name: string, bytes: Buffer) => {
      const path = join(root, 'node_modules', name);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, bytes);
    };
    const elf = (symbols: string) =>
      Buffer.concat([
        header(64, (b) => {
          b.writeUInt32BE(0x7f454c46, 0);
          b[5] = 1;
          b.writeUInt16LE(0x3e, 18);
        }),
        Buffer.from(`\0${symbols}\0`, 'latin1'),
      ]);
    put('a/node-abi.node', elf('node_register_module_v115'));
    put('b/electron-abi.node', elf('node_register_module_v150'));
    put('c/napi.node', elf('napi_register_module_v1'));
    put('d/other.node', elf('nothing_here'));
    const reports = inspectNativeModules(root, { expectedModuleVersion: 150, arch: 'x64', required: [] });
    const problems = Object.fromEntries(reports.map((r) => [r.file, r.problems.join('; ')]));
    expect(problems['node_modules/a/node-abi.node']).toMatch(/NODE_MODULE_VERSION 115, Electron needs 150/);
    expect(problems['node_modules/b/electron-abi.node']).toBe('');
    expect(problems['node_modules/c/napi.node']).toBe('');
    expect(problems['node_modules/d/other.node']).toMatch(/cannot tell/);
    const arm = inspectNativeModules(root, { expectedModuleVersion: 150, arch: 'arm64', required: [] });
    expect(arm.find((r) => r.file.endsWith('electron-abi.node'))?.problems).toEqual([
      'built for CPU x64, the package is for arm64',
    ]);
  });

  it("knows Electron 45's module version from two sources that agree", () => {
    const version = (
      JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')) as { version: string }
    ).version;
    const abi = electronModuleVersion(version, process.cwd());
    expect(abi).toBeGreaterThan(Number(process.versions.modules));
    expect(() => electronModuleVersion('0.0.1-not-a-version', process.cwd())).toThrow(/Cannot tell/);
  });
});

describe('fuses', () => {
  it('flips a binary holding Electron’s default wire to the release values, and reads them back', async () => {
    const binary = createStandInElectron(join(dir, 'fuses'));
    expect(fuseProblems(await readFuses(binary), 'release')).toEqual([
      'RunAsNode: enabled, expected disabled',
      'EnableCookieEncryption: disabled, expected enabled',
      'EnableNodeOptionsEnvironmentVariable: enabled, expected disabled',
      'EnableNodeCliInspectArguments: enabled, expected disabled',
      'EnableEmbeddedAsarIntegrityValidation: disabled, expected enabled',
      'OnlyLoadAppFromAsar: disabled, expected enabled',
      'GrantFileProtocolExtraPrivileges: enabled, expected disabled',
    ]);
    await flipPackagedFuses(binary, 'release', { resetAdHocDarwinSignature: false });
    expect(fuseProblems(await readFuses(binary), 'release')).toEqual([]);
    expect(fuseProblems(await readFuses(binary), 'e2e')).toEqual([
      'EnableNodeCliInspectArguments: disabled, expected enabled',
    ]);
  });

  it('refuses a binary with a fuse nobody decided on (strictlyRequireAllFuses)', async () => {
    const binary = createStandInElectron(join(dir, 'new-fuse'), '1011000111');
    const copy = join(dir, 'new-fuse-copy');
    copyFileSync(binary, copy);
    await expect(flipPackagedFuses(copy, 'release', { resetAdHocDarwinSignature: false })).rejects.toThrow(
      /strictlyRequireAllFuses/,
    );
    expect(fuseProblems(await readFuses(binary), 'release')).toContain(
      'fuse #9: present in the binary but not decided in scripts/packaging/fuses.ts',
    );
  });

  it('keeps the release values: Node entry points off, ASAR integrity and cookie encryption on', () => {
    expect(RELEASE_FUSES).toMatchObject({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      EnableCookieEncryption: true,
      GrantFileProtocolExtraPrivileges: false,
    });
    expect(expectedFuses('e2e')).toEqual({ ...RELEASE_FUSES, EnableNodeCliInspectArguments: true });
    expect(fuseFlavourFromEnv({})).toBe('release');
    expect(() => fuseFlavourFromEnv({ INTEGRATION_DESK_FUSES: 'debug' })).toThrow();
  });

  it('names the packaged binary as electron-builder lays it out', () => {
    const names = { productFilename: 'Integration Desk', linuxExecutableName: 'integration-desk' };
    expect(packagedBinaryPath('/o', 'linux', names)).toBe(join('/o', 'integration-desk'));
    expect(packagedBinaryPath('/o', 'win32', names)).toBe(join('/o', 'Integration Desk.exe'));
    expect(packagedBinaryPath('/o', 'darwin', names)).toBe(join('/o', 'Integration Desk.app'));
  });
});

describe('update feed (build time)', () => {
  it('is off unless configured, and only over https', () => {
    expect(updateFeed({})).toBeNull();
    expect(updateFeed({ INTEGRATION_DESK_UPDATE_URL: 'https://updates.example.com/desk/' })).toEqual({
      provider: 'generic',
      url: 'https://updates.example.com/desk/',
      channel: 'latest',
    });
    expect(updateFeed({ INTEGRATION_DESK_UPDATE_GITHUB: 'acme/integration-desk' })).toMatchObject({
      provider: 'github',
      owner: 'acme',
      repo: 'integration-desk',
    });
    expect(() => updateFeed({ INTEGRATION_DESK_UPDATE_URL: 'http://updates.example.com/' })).toThrow(/https/);
    expect(() => updateFeed({ INTEGRATION_DESK_UPDATE_URL: 'https://u:p@updates.example.com/' })).toThrow();
    expect(() => updateFeed({ INTEGRATION_DESK_UPDATE_GITHUB: 'not a repo' })).toThrow();
  });
});

describe('auto-update switch (src/main/updates.ts)', () => {
  const exists = (present: string[]) => (path: string) => present.includes(path);

  it('checks only in a packaged app that was built with a feed', () => {
    const feed = join('/res', 'app-update.yml');
    expect(
      shouldCheckForUpdates({
        isPackaged: false,
        resourcesPath: '/res',
        env: {},
        fileExists: exists([feed]),
      }),
    ).toMatchObject({ check: false });
    expect(
      shouldCheckForUpdates({
        isPackaged: true,
        resourcesPath: '/res',
        env: {},
        fileExists: exists([]),
        platform: 'win32',
      }),
    ).toMatchObject({ check: false, reason: 'built without an update feed' });
    expect(
      shouldCheckForUpdates({
        isPackaged: true,
        resourcesPath: '/res',
        env: { INTEGRATION_DESK_DISABLE_UPDATES: '1' },
        fileExists: exists([feed]),
        platform: 'win32',
      }),
    ).toMatchObject({ check: false });
    expect(
      shouldCheckForUpdates({
        isPackaged: true,
        resourcesPath: '/res',
        env: {},
        fileExists: exists([feed]),
        platform: 'win32',
      }),
    ).toMatchObject({ check: true });
    // Never on Linux, even with a feed file: the deb is updated by its package manager.
    expect(
      shouldCheckForUpdates({
        isPackaged: true,
        resourcesPath: '/res',
        env: {},
        fileExists: exists([feed]),
        platform: 'linux',
      }),
    ).toMatchObject({ check: false, reason: 'Linux packages are updated by the package manager' });
  });

  /** A stand-in for electron-updater's autoUpdater that plays the events a real check emits. */
  function fakeUpdater(script: (emit: (event: string, info?: { version: string }) => void) => Promise<void>) {
    const listeners = new Map<string, ((info?: { version?: string }) => void)[]>();
    const emit = (event: string, info?: { version: string }) => listeners.get(event)?.forEach((l) => l(info));
    const calls: string[] = [];
    const updater: Updater = {
      logger: null,
      autoDownload: false,
      on: (event, listener) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
      checkForUpdates: async () => {
        calls.push('check');
        await script(emit);
      },
      checkForUpdatesAndNotify: async () => {
        calls.push('check and notify');
        await script(emit);
      },
      quitAndInstall: () => void calls.push('quit and install'),
    };
    return { updater, calls, emit };
  }
  const lines: string[] = [];
  const logger = {
    info: (m: string) => lines.push(`info ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    error: (m: string) => lines.push(`error ${m}`),
  };
  const withFeed = () => {
    writeFileSync(join(dir, 'app-update.yml'), 'provider: generic\nurl: https://x.invalid/\n');
    return { resourcesPath: dir, env: {}, platform: 'darwin' as const };
  };

  it('never loads electron-updater without a feed, and then offers nothing in Settings', async () => {
    let loads = 0;
    const updates = createUpdates({ isPackaged: true }, logger, {
      resourcesPath: join(dir, 'no-feed-here'),
      env: {},
      platform: 'darwin',
      loadUpdater: async () => {
        loads++;
        return fakeUpdater(async () => undefined).updater;
      },
    });
    expect(await updates.check()).toEqual({ available: false, state: 'idle', version: null });
    expect(updates.install()).toEqual({ restarting: false });
    expect(loads).toBe(0);
  });

  it('Check for updates: found, downloaded in the background, then Restart to update installs it', async () => {
    const { updater, calls, emit } = fakeUpdater(async (e) => e('update-available', { version: '1.4.0' }));
    const updates = createUpdates({ isPackaged: true }, logger, {
      ...withFeed(),
      loadUpdater: async () => updater,
    });
    expect(updates.status()).toEqual({ available: true, state: 'idle', version: null });
    expect(updates.install()).toEqual({ restarting: false });
    expect(await updates.check()).toEqual({ available: true, state: 'downloading', version: '1.4.0' });
    expect(updater.autoDownload).toBe(true);
    expect(updates.install()).toEqual({ restarting: false }); // not downloaded yet
    // electron-updater emits update-downloaded once the download's SHA-512 matched the feed.
    emit('update-downloaded', { version: '1.4.0' });
    expect(updates.status()).toEqual({ available: true, state: 'ready', version: '1.4.0' });
    // A second check while one is ready changes nothing; Restart to update installs it.
    expect(await updates.check()).toMatchObject({ state: 'ready' });
    expect(updates.install()).toEqual({ restarting: true });
    expect(calls).toEqual(['check', 'quit and install']);
  });

  it('says when it is up to date, and when the check failed (offline), without throwing', async () => {
    const upToDate = fakeUpdater(async (emit) => emit('update-not-available'));
    const a = createUpdates({ isPackaged: true }, logger, {
      ...withFeed(),
      loadUpdater: async () => upToDate.updater,
    });
    expect(await a.check({ notify: true })).toMatchObject({ state: 'up-to-date' });
    expect(upToDate.calls).toEqual(['check and notify']);

    const offline = fakeUpdater(async () => {
      throw new Error('net::ERR_INTERNET_DISCONNECTED');
    });
    const b = createUpdates({ isPackaged: true }, logger, {
      ...withFeed(),
      loadUpdater: async () => offline.updater,
    });
    expect(await b.check()).toMatchObject({ available: true, state: 'failed' });
    expect(lines).toContain('warn Update check failed');
    expect(b.install()).toEqual({ restarting: false });
  });
});
