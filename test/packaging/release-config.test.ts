import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { packagingConfig } from '../../electron-builder';
import {
  compareVersions,
  findNativeModules,
  GLIBC_FLOOR,
  glibcProblems,
  glibcVersionsNeeded,
  objdumpDynamicSymbols,
} from '../../scripts/packaging/check-glibc';
import { smokeReportProblems } from '../../scripts/packaging/check-smoke-report';
import { RELEASE_FUSES } from '../../scripts/packaging/fuses';
import { azureSignOptions, buildIsSigned, releaseFeed } from '../../scripts/packaging/signing';

/**
 * The release rules that can be checked without building an installer: the electron-builder
 * configuration under different environments, the entitlements, the glibc floor, the smoke-report
 * verdicts and facts of the two workflows. The workflows themselves run only on GitHub's runners.
 */
const projectDir = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(join(projectDir, path), 'utf8');
const FEED = { INTEGRATION_DESK_UPDATE_URL: 'https://updates.example.com/desk/' };
const MAC_SIGNED = { CSC_LINK: 'base64-p12', CSC_KEY_PASSWORD: 'pw' };
const AZURE = {
  AZURE_TRUSTED_SIGNING_ENDPOINT: 'https://eus.codesigning.azure.net/',
  AZURE_TRUSTED_SIGNING_ACCOUNT: 'desk-signing',
  AZURE_TRUSTED_SIGNING_PROFILE: 'desk-public',
  WIN_PUBLISHER_NAME: 'Integration Desk Ltd',
};

describe('macOS', () => {
  it('declares only allow-jit, for the app and its helpers, under the hardened runtime', () => {
    const mac = packagingConfig({}, 'darwin').mac ?? {};
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.entitlements).toBe('resources/entitlements.mac.plist');
    expect(mac.entitlementsInherit).toBe('resources/entitlements.mac.plist');
    const plist = read('resources/entitlements.mac.plist').replace(/<!--[\s\S]*?-->/g, '');
    const granted = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\s*\/>/g)].map((m) => m[1]);
    expect(granted).toEqual(['com.apple.security.cs.allow-jit']);
    expect(plist).not.toMatch(/disable-library-validation|allow-unsigned-executable-memory|allow-dyld/);
  });

  it('builds for Apple silicon and Intel', () => {
    const targets = (packagingConfig({}, 'darwin').mac?.target ?? []) as { target: string; arch: string[] }[];
    for (const kind of ['dmg', 'zip']) {
      expect(targets.find((t) => t.target === kind)?.arch.sort(), kind).toEqual(['arm64', 'x64']);
    }
  });

  it('is left unsigned without a certificate (no keychain lookup), and notarised only with credentials', () => {
    expect(packagingConfig({ CSC_LINK: '  ' }, 'darwin').mac).toMatchObject({
      identity: null,
      notarize: false,
    });
    expect(packagingConfig(MAC_SIGNED, 'darwin').mac).toMatchObject({ identity: undefined, notarize: false });
    const notarised = {
      ...MAC_SIGNED,
      APPLE_ID: 'a@b.c',
      APPLE_APP_SPECIFIC_PASSWORD: 'x',
      APPLE_TEAM_ID: 'T',
    };
    expect(packagingConfig(notarised, 'darwin').mac?.notarize).toBe(true);
  });
});

describe('Windows', () => {
  it('installs per user in one click: no per-user/per-machine page, no elevation', () => {
    expect(packagingConfig({}, 'win32').nsis).toMatchObject({
      oneClick: true,
      perMachine: false,
      allowElevation: false,
    });
  });

  it('signs with Azure Trusted Signing when configured, the native modules included', () => {
    const win = packagingConfig(AZURE, 'win32').win ?? {};
    expect(win.signExts).toContain('.node');
    expect(win.azureSignOptions).toMatchObject({
      endpoint: AZURE.AZURE_TRUSTED_SIGNING_ENDPOINT,
      codeSigningAccountName: AZURE.AZURE_TRUSTED_SIGNING_ACCOUNT,
      certificateProfileName: AZURE.AZURE_TRUSTED_SIGNING_PROFILE,
      publisherName: AZURE.WIN_PUBLISHER_NAME,
      fileDigest: 'SHA256',
    });
    expect(packagingConfig({}, 'win32').win?.azureSignOptions).toBeNull();
    expect(() => azureSignOptions({ AZURE_TRUSTED_SIGNING_ENDPOINT: 'https://x/' })).toThrow(
      /AZURE_TRUSTED_SIGNING_ACCOUNT, AZURE_TRUSTED_SIGNING_PROFILE, WIN_PUBLISHER_NAME/,
    );
    expect(buildIsSigned(AZURE, 'win32')).toBe(true);
    expect(buildIsSigned({ WIN_CSC_LINK: '' }, 'win32')).toBe(false);
  });
});

describe('Linux', () => {
  it('ships the deb only (Chromium’s sandbox kept), with its glibc floor and run-time libraries', () => {
    const config = packagingConfig({}, 'linux');
    expect(config.linux?.target).toEqual([{ target: 'deb', arch: ['x64'] }]);
    const depends = config.deb?.depends ?? [];
    expect(depends).toContain(`libc6 (>= ${GLIBC_FLOOR})`);
    for (const library of ['libsecret-1-0', 'libgbm1']) expect(depends).toContain(library);
    expect(depends.some((d) => /^libasound2\b/.test(d))).toBe(true);
  });

  // Only Linux builds are ELF files that link glibc; the release's macOS and Windows jobs skip this.
  it.runIf(process.platform === 'linux')('reads the glibc versions the real native module needs', () => {
    const modules = findNativeModules(join(projectDir, 'node_modules/better-sqlite3/build/Release')).filter(
      (f) => f.endsWith('better_sqlite3.node'),
    );
    expect(modules.length).toBeGreaterThan(0);
    const needed = glibcVersionsNeeded(objdumpDynamicSymbols(modules[0] as string));
    expect(needed.length).toBeGreaterThan(0);
    expect(needed.every((v) => /^\d+\.\d+(\.\d+)?$/.test(v))).toBe(true);
  });

  it('finds the newest glibc symbol a module needs, and refuses one above the floor', () => {
    const sample =
      '0000 DF *UND* 0000 (GLIBC_2.2.5) memcpy\n0000 DF *UND* 0000 (GLIBC_2.34) __libc_start_main\n';
    expect(glibcVersionsNeeded(sample)).toEqual(['2.2.5', '2.34']);
    expect(glibcProblems([{ file: 'a.node', needed: ['2.2.5', '2.34'] }], '2.31')).toEqual([
      'a.node needs GLIBC_2.34; the floor is 2.31',
    ]);
    expect(glibcProblems([{ file: 'b.node', needed: ['2.14', '2.28'] }], '2.31')).toEqual([]);
    expect(compareVersions('2.4', '2.31')).toBeLessThan(0);
  });
});

describe('update feed', () => {
  it('is baked only into a signed build, and never into a Linux package', () => {
    expect(releaseFeed({}, 'darwin')).toBeNull();
    expect(() => releaseFeed(FEED, 'darwin')).toThrow(/needs a signed build/);
    expect(() => releaseFeed(FEED, 'win32')).toThrow(/needs a signed build/);
    expect(() => releaseFeed({ ...FEED, ...MAC_SIGNED, CSC_LINK: '' }, 'darwin')).toThrow(/signed build/);
    expect(() => releaseFeed({ ...FEED, ...MAC_SIGNED }, 'linux')).toThrow(/package manager/);
    expect(releaseFeed({ ...FEED, ...MAC_SIGNED }, 'darwin')).toMatchObject({ provider: 'generic' });
    expect(releaseFeed({ ...FEED, ...AZURE }, 'win32')).toMatchObject({ provider: 'generic' });
  });

  it('makes code signing mandatory for the build that carries it', () => {
    expect(packagingConfig({ ...FEED, ...MAC_SIGNED }, 'darwin').forceCodeSigning).toBe(true);
    expect(packagingConfig({}, 'darwin').forceCodeSigning).toBe(false);
    expect(packagingConfig({ INTEGRATION_DESK_REQUIRE_SIGNING: '1' }, 'win32').forceCodeSigning).toBe(true);
    expect(() => packagingConfig(FEED, 'win32')).toThrow(/signed build/);
  });
});

describe('the smoke-test verdict (scripts/packaging/check-smoke-report.ts)', () => {
  const fuses = Object.fromEntries(
    Object.entries(RELEASE_FUSES).map(([k, v]) => [k, v ? 'enabled' : 'disabled']),
  );
  const good = {
    ok: true,
    sandboxed: true,
    fuses,
    checks: { preload: { ok: true }, keychain: { ok: true } },
  };

  it('passes a package that started sandboxed, passed its checks and carries the release fuses', () => {
    expect(smokeReportProblems(good)).toEqual([]);
  });

  it('fails, one line each, on no report, no sandbox, a failed check or a wrong fuse', () => {
    expect(smokeReportProblems(null)).toEqual([
      'No smoke-test report: the package did not start, or exited before its checks.',
    ]);
    expect(
      smokeReportProblems({
        ...good,
        ok: false,
        sandboxed: false,
        fuses: { ...fuses, RunAsNode: 'enabled' },
        checks: { keychain: { ok: false, detail: 'KEYCHAIN_UNAVAILABLE' } },
      }),
    ).toEqual([
      'The app ran without Chromium’s sandbox.',
      'Smoke check "keychain" failed: KEYCHAIN_UNAVAILABLE.',
      'Fuse RunAsNode is enabled, expected disabled.',
    ]);
  });
});

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<
    string,
    {
      'runs-on'?: string;
      environment?: string;
      needs?: string | string[];
      uses?: string;
      env?: Record<string, string>;
      container?: string;
      strategy?: { matrix?: { os?: string[] } };
      steps?: { uses?: string; run?: string; name?: string; env?: Record<string, string>; if?: string }[];
    }
  >;
}
const ci = parse(read('.github/workflows/ci.yml')) as Workflow;
const release = parse(read('.github/workflows/release.yml')) as Workflow;
const stepsText = (job: Workflow['jobs'][string] | undefined) =>
  JSON.stringify(job?.steps ?? []) + JSON.stringify(job?.env ?? {});

describe('the workflows', () => {
  it('pin every third-party action by commit SHA', () => {
    for (const workflow of [ci, release]) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps ?? []) {
          if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
        }
        if (job.uses) expect(job.uses).toMatch(/^\.\/\.github\/workflows\//);
      }
    }
  });

  it('CI: push and pull request, three OSes, Electron fetched then required, the same npm test as .ci/run', () => {
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    // A tag runs only the release workflow (which calls this one): two runs of one tag would share a
    // cancel-in-progress concurrency group and cancel each other.
    const push = (ci.on as Record<string, { branches?: string[]; tags?: string[] } | null>)['push'];
    expect(push?.branches).toEqual(['**']);
    expect(push?.tags).toBeUndefined();
    const test = ci.jobs['test'];
    expect(test?.strategy?.matrix?.os?.sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest']);
    expect(test?.env?.['ELECTRON_E2E']).toBe('required');
    const runs = (test?.steps ?? []).map((s) => s.run ?? '');
    const fetch = runs.findIndex((r) => r.includes('scripts/ensure-electron.ts'));
    const npmTest = runs.findIndex((r) => /\bnpm test\b/.test(r));
    expect(fetch).toBeGreaterThanOrEqual(0);
    expect(npmTest).toBeGreaterThan(fetch);
    expect(runs[npmTest]).toMatch(/xvfb-run .*npm test/);
    expect(read('.ci/run')).toMatch(/^npm test$/m);
    // On macOS, keytar gets an unlocked keychain of its own before the tests, not the login one.
    const keychain = (test?.steps ?? []).findIndex((s) => s.run?.includes('scripts/macos-test-keychain.sh'));
    expect(keychain).toBeGreaterThanOrEqual(0);
    expect(keychain).toBeLessThan(npmTest);
    expect(test?.steps?.[keychain]?.if).toBe("runner.os == 'macOS'");
  });

  it('Release: v* tags only; secrets only in the release environment, each OS its own', () => {
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
    for (const [name, job] of Object.entries(release.jobs)) {
      const text = stepsText(job);
      if (text.includes('secrets.')) expect(job.environment, name).toBe('release');
    }
    const secretsOf = (job: string) =>
      [...stepsText(release.jobs[job]).matchAll(/secrets\.(\w+)/g)].map((m) => m[1]);
    expect(secretsOf('linux')).toEqual([]);
    expect(secretsOf('windows')).toEqual([]); // OIDC to Azure: no stored signing secret
    expect(new Set(secretsOf('mac'))).toEqual(
      new Set(['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']),
    );
  });

  it('Release: exports signing variables only when set, and fails a tag without them, in one line', () => {
    const mac = stepsText(release.jobs['mac']);
    expect(mac).toContain('unset \\"$name\\"');
    expect(mac).toContain('CSC_IDENTITY_AUTO_DISCOVERY=false');
    expect(mac).toMatch(/::error::A tagged release must be signed and notarised/);
    expect(stepsText(release.jobs['windows'])).toMatch(/::error::A tagged release must be signed/);
  });

  it('Release: checks signatures, the glibc floor and the deb, and smoke-launches every installed package', () => {
    const mac = stepsText(release.jobs['mac']);
    for (const check of [
      'codesign --verify --deep --strict',
      'spctl -a -vvv',
      'xcrun stapler validate',
      'hdiutil attach',
    ])
      expect(mac).toContain(check);
    // The app's path has a space: it is launched through a quoted array, never an unquoted variable.
    expect(mac).toContain('\\"${launch[@]}\\" --smoke-test=');
    expect(mac).not.toMatch(/\\n\s*\$\w+ --smoke-test/);
    // The DMG is unsigned by design; Gatekeeper is asked about the app, not the DMG.
    expect(mac).not.toContain('-t open');
    const windows = stepsText(release.jobs['windows']);
    expect(windows).toContain('verify //pa');
    expect(windows).toContain('//S');
    expect(release.jobs['linux']?.container).toBe('debian:bullseye');
    expect(stepsText(release.jobs['linux'])).toContain('scripts/packaging/check-glibc.ts');
    expect(stepsText(release.jobs['linux-smoke'])).toContain('apt-get install');
    for (const job of ['linux-smoke', 'mac', 'windows']) {
      expect(stepsText(release.jobs[job]), job).toContain('--smoke-test=');
      expect(stepsText(release.jobs[job]), job).toContain('scripts/packaging/check-smoke-report.ts');
    }
    // The macOS smoke test's keychain round trip gets an unlocked keychain of its own.
    const macRuns = (release.jobs['mac']?.steps ?? []).map((s) => s.run ?? '');
    const keychain = macRuns.findIndex((r) => r.includes('scripts/macos-test-keychain.sh'));
    expect(keychain).toBeGreaterThanOrEqual(0);
    expect(keychain).toBeLessThan(macRuns.findIndex((r) => r.includes('--smoke-test=')));
  });

  it('Release: drafts the release after every smoke test, with an SBOM, SHA256SUMS and provenance', () => {
    const draft = release.jobs['draft-release'];
    expect(draft?.needs).toEqual(expect.arrayContaining(['linux-smoke', 'mac', 'windows']));
    const text = stepsText(draft);
    for (const part of ['npm sbom', 'cyclonedx', 'SHA256SUMS', 'actions/attest-build-provenance@', '--draft'])
      expect(text).toContain(part);
  });
});
