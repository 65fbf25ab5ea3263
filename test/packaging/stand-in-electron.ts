import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** @electron/fuses finds the fuse wire right after this marker in the Electron binary. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron's own default fuse wire (electron/electron `build/fuses/fuses.json5`), in
 * FuseV1Options order: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on,
 * ASAR integrity off, only-load-from-ASAR off, browser V8 snapshot off, file:// privileges on,
 * Wasm trap handlers on.
 */
export const ELECTRON_DEFAULT_WIRE = '101100011';

/**
 * A stand-in for an unpacked Electron distribution, for electron-builder's `electronDist`.
 *
 * Why: these machines cannot download Electron (see ../shared/TOOLCHAIN.md), and without an
 * Electron distribution electron-builder cannot package at all. Its Linux `dir` target only
 * copies the distribution and renames `electron` to the app's executable name, then writes
 * `resources/app.asar` beside it — so a folder holding one file named `electron` is enough to
 * exercise everything between "files" and "afterPack".
 *
 * The file is a shell script that refuses to run, followed by the real fuse sentinel and
 * Electron's default fuse wire, so the afterPack hook can flip "fuses" in it with
 * @electron/fuses and a test can read them back.
 *
 * What this does NOT prove: that a real Electron binary starts with the app; that native
 * modules were rebuilt for Electron's ABI (the run that uses this disables npmRebuild, which
 * needs Electron's headers from the internet); that fuses flipped in a real binary take effect;
 * that the NSIS/DMG/AppImage/deb installers build, install or are signed. Those run on the
 * release workflow's runners (.github/workflows/release.yml).
 */
export function createStandInElectron(dir: string, wire = ELECTRON_DEFAULT_WIRE): string {
  mkdirSync(dir, { recursive: true });
  const script = Buffer.from(
    '#!/bin/sh\necho "Stand-in for Electron (test/packaging): not a real binary." >&2\nexit 1\n# ',
  );
  const fuses = Buffer.concat([
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, wire.length]),
    Buffer.from(wire, 'latin1'),
    Buffer.from('\n'),
  ]);
  const binary = join(dir, 'electron');
  writeFileSync(binary, Buffer.concat([script, fuses]));
  chmodSync(binary, 0o755);
  return binary;
}
