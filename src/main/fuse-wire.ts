import { dirname, join } from 'node:path';

/**
 * Reads the Electron fuses of a binary without @electron/fuses (a build-time tool that does not
 * ship): the wire is a sentinel, a version byte, a length byte, then one byte per fuse
 * (electron/fuses src/constants.ts: '0' disabled, '1' enabled, 'r' removed). Used by the packaged
 * app's smoke test to report the fuses of the binary that is really running.
 */
const SENTINEL = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX', 'latin1');

/** In wire order (electron/fuses FuseV1Options). */
export const FUSE_WIRE_ORDER = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
  'WasmTrapHandlers',
  // eslint-disable-next-line no-restricted-syntax -- the packaging tests (not run by Stryker) check these names against @electron/fuses
] as const;

export type FuseStateName = 'enabled' | 'disabled' | 'removed' | 'unknown';

export function readFuseWire(binary: Buffer): Record<string, FuseStateName> | null {
  const at = binary.indexOf(SENTINEL);
  if (at < 0) return null;
  const length = binary[at + SENTINEL.length + 1] ?? 0;
  const wire = binary.subarray(at + SENTINEL.length + 2, at + SENTINEL.length + 2 + length);
  const states: Record<string, FuseStateName> = {};
  wire.forEach((byte, index) => {
    const name = FUSE_WIRE_ORDER[index] ?? `fuse #${index}`;
    states[name] =
      byte === 0x31 ? 'enabled' : byte === 0x30 ? 'disabled' : byte === 0x72 ? 'removed' : 'unknown';
  });
  return states;
}

/** The file holding the wire: the executable, or on macOS the Electron Framework inside the bundle. */
export function fuseWireFile(executable: string, platform: NodeJS.Platform): string {
  return platform === 'darwin'
    ? join(dirname(executable), '..', 'Frameworks', 'Electron Framework.framework', 'Electron Framework')
    : executable;
}
