import { join } from 'node:path';

import {
  flipFuses,
  FuseState,
  FuseV1Options,
  FuseVersion,
  getCurrentFuseWire,
  type FuseV1Config,
} from '@electron/fuses';

/**
 * The Electron fuses of a packaged Integration Desk (https://www.electronjs.org/docs/latest/tutorial/fuses). Fuses are bits in
 * the Electron binary, flipped after packaging and before signing (`after-pack.ts`), read back
 * by `check-fuses.ts` in the release workflow.
 *
 * Every fuse the installed @electron/fuses knows is listed, because flipping uses
 * `strictlyRequireAllFuses`: an Electron upgrade that adds a fuse fails the build until someone
 * decides its value here.
 */
export type FuseName = keyof typeof FuseV1Options;

export const RELEASE_FUSES = {
  // ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node.
  RunAsNode: false,
  // Chromium cookies encrypted with a key in the OS keychain. One-way: cannot be turned off later.
  EnableCookieEncryption: true,
  // NODE_OPTIONS (e.g. --require) would inject code into the main process.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect / --inspect-brk / SIGUSR1 would open a debugger on the main process.
  EnableNodeCliInspectArguments: false,
  // Electron checks app.asar against the hash electron-builder embeds (macOS and Windows only).
  EnableEmbeddedAsarIntegrityValidation: true,
  // Only app.asar is loaded; a stray resources/app folder cannot replace it.
  OnlyLoadAppFromAsar: true,
  // Decision recorded: default (off). We ship no browser-process-specific V8 snapshot.
  LoadBrowserProcessSpecificV8Snapshot: false,
  // The UI is served from app://, so file:// needs none of its legacy privileges.
  GrantFileProtocolExtraPrivileges: false,
  // Decision recorded: default (on). V8's WebAssembly trap handlers are a hardening, keep them.
  WasmTrapHandlers: true,
} as const satisfies Record<FuseName, boolean>;

/**
 * `release` is what ships. `e2e` differs in one fuse only: Playwright's `_electron.launch`
 * drives the app through the inspector, so a build meant for end-to-end tests keeps
 * `EnableNodeCliInspectArguments` on. Such a build must never be published.
 */
export type FuseFlavour = 'release' | 'e2e';

export function expectedFuses(flavour: FuseFlavour): Record<FuseName, boolean> {
  return flavour === 'e2e' ? { ...RELEASE_FUSES, EnableNodeCliInspectArguments: true } : { ...RELEASE_FUSES };
}

/** The flavour asked for by `INTEGRATION_DESK_FUSES` (`release` when unset). */
export function fuseFlavourFromEnv(env: NodeJS.ProcessEnv = process.env): FuseFlavour {
  const value = env['INTEGRATION_DESK_FUSES'] ?? 'release';
  if (value !== 'release' && value !== 'e2e') {
    throw new Error(`INTEGRATION_DESK_FUSES must be "release" or "e2e", not "${value}"`);
  }
  return value;
}

export function toFuseConfig(
  fuses: Record<FuseName, boolean>,
  options: { resetAdHocDarwinSignature: boolean },
): FuseV1Config {
  const config: Record<number, boolean> = {};
  for (const [name, value] of Object.entries(fuses)) {
    config[FuseV1Options[name as FuseName]] = value;
  }
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    resetAdHocDarwinSignature: options.resetAdHocDarwinSignature,
    ...(config as Record<FuseV1Options, boolean>),
  };
}

/**
 * The file @electron/fuses reads and writes for a packaged app, as electron-builder names it:
 * `<appOutDir>/<name>.app` (macOS: the fuses live in the Electron Framework inside it),
 * `<appOutDir>/<Product Name>.exe` (Windows), `<appOutDir>/<executableName>` (Linux).
 */
export function packagedBinaryPath(
  appOutDir: string,
  platform: string,
  names: { productFilename: string; linuxExecutableName: string },
): string {
  switch (platform) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${names.productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${names.productFilename}.exe`);
    case 'linux':
      return join(appOutDir, names.linuxExecutableName);
    default:
      throw new Error(`No packaged binary layout known for platform "${platform}"`);
  }
}

export async function flipPackagedFuses(
  binaryPath: string,
  flavour: FuseFlavour,
  options: { resetAdHocDarwinSignature: boolean },
): Promise<void> {
  await flipFuses(binaryPath, toFuseConfig(expectedFuses(flavour), options));
}

export interface FuseReading {
  readonly name: string;
  readonly state: 'enabled' | 'disabled' | 'removed' | 'unknown';
}

export async function readFuses(binaryPath: string): Promise<FuseReading[]> {
  const wire = (await getCurrentFuseWire(binaryPath)) as unknown as Record<string, unknown>;
  if (wire['version'] !== FuseVersion.V1) {
    throw new Error(`Unknown fuse wire version ${String(wire['version'])} in ${binaryPath}`);
  }
  return Object.keys(wire)
    .filter((key) => /^\d+$/.test(key))
    .map((key) => {
      const value = wire[key];
      const state =
        value === FuseState.ENABLE
          ? 'enabled'
          : value === FuseState.DISABLE
            ? 'disabled'
            : value === FuseState.REMOVED
              ? 'removed'
              : 'unknown';
      return { name: FuseV1Options[Number(key)] ?? `fuse #${key}`, state };
    });
}

/** One line per fuse that differs from what `flavour` requires (empty when all are right). */
export function fuseProblems(readings: readonly FuseReading[], flavour: FuseFlavour): string[] {
  const expected = expectedFuses(flavour);
  const problems: string[] = [];
  for (const [name, on] of Object.entries(expected)) {
    const reading = readings.find((r) => r.name === name);
    const want = on ? 'enabled' : 'disabled';
    if (!reading) problems.push(`${name}: missing from the binary's fuse wire (expected ${want})`);
    else if (reading.state !== want) problems.push(`${name}: ${reading.state}, expected ${want}`);
  }
  for (const reading of readings) {
    if (!(reading.name in expected)) {
      problems.push(`${reading.name}: present in the binary but not decided in scripts/packaging/fuses.ts`);
    }
  }
  return problems;
}
