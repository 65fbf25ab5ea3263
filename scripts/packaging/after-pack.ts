import { join } from 'node:path';

import { Arch, type AfterPackContext } from 'electron-builder';

import { flipPackagedFuses, fuseFlavourFromEnv, packagedBinaryPath } from './fuses';
import { assertNativeModules, electronModuleVersion, type BinaryArch } from './native-modules';

/** Native addons the app cannot start without; the check fails if one is missing. */
export const REQUIRED_NATIVE_MODULES = ['better_sqlite3.node', 'keytar.node'] as const;

/**
 * electron-builder `afterPack` hook: runs once per platform/arch after the app is copied into
 * the Electron distribution and app.asar is written, before code signing.
 *
 * 1. Flips the fuses of the packaged binary (scripts/packaging/fuses.ts). Fuses must be flipped
 *    before signing, because flipping changes the binary.
 * 2. Checks every `.node` file in `app.asar.unpacked` was built for this Electron's ABI and
 *    this arch (scripts/packaging/native-modules.ts), and that better-sqlite3 and keytar are
 *    there. Throwing fails the whole build: no installer is made from a package whose native
 *    modules would not load.
 */
export default async function afterPack(context: AfterPackContext): Promise<void> {
  const { appOutDir, electronPlatformName, arch, packager } = context;
  const flavour = fuseFlavourFromEnv();

  const binary = packagedBinaryPath(appOutDir, electronPlatformName, {
    productFilename: packager.appInfo.productFilename,
    linuxExecutableName: (packager as { executableName?: string }).executableName ?? packager.appInfo.name,
  });
  // On Apple silicon every binary must carry a signature; flipping invalidates Electron's
  // ad-hoc one, so re-sign ad hoc. A real identity (CSC_LINK) signs again afterwards anyway.
  const isMac = electronPlatformName === 'darwin' || electronPlatformName === 'mas';
  const resetAdHocDarwinSignature = isMac && (arch === Arch.arm64 || arch === Arch.universal);
  await flipPackagedFuses(binary, flavour, { resetAdHocDarwinSignature });
  console.log(`  • fuses flipped (${flavour})  binary=${binary}`);

  const electronVersion = packager.info.framework.version;
  const reports = assertNativeModules(join(packager.getResourcesDir(appOutDir), 'app.asar.unpacked'), {
    expectedModuleVersion: electronModuleVersion(electronVersion, packager.info.projectDir),
    arch: archName(arch),
    required: REQUIRED_NATIVE_MODULES,
  });
  for (const report of reports) {
    const abi = report.abi.kind === 'node' ? `NODE_MODULE_VERSION ${report.abi.moduleVersion}` : 'Node-API';
    console.log(`  • native module OK  file=${report.file} abi=${abi} arch=${report.arch}`);
  }
}

function archName(arch: Arch): BinaryArch {
  switch (arch) {
    case Arch.x64:
      return 'x64';
    case Arch.arm64:
      return 'arm64';
    case Arch.ia32:
      return 'ia32';
    case Arch.armv7l:
      return 'armv7l';
    case Arch.universal:
      return 'universal';
    default:
      return 'unknown';
  }
}
