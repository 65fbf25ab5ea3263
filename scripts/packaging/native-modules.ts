import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

/**
 * Which runtime a native addon (`.node` file) was built for, read from the file itself.
 *
 * Loading the file to find out is not possible at packaging time: Node cannot load an addon
 * built for Electron, nor Electron for another OS or CPU. So the binary is read instead, using
 * the same symbol names Node and Electron look up when they load an addon
 * (`node_binding.cc`, `DLOpen`):
 *
 * - An addon written against V8/Node directly (better-sqlite3) exports
 *   `node_register_module_v<NODE_MODULE_VERSION>`; the number is the ABI of the headers it was
 *   compiled against, and the runtime only accepts its own number. Electron has its own numbers
 *   (Electron 45: 150), distinct from Node's (Node 20: 115).
 * - A Node-API addon (keytar 7) exports `napi_register_module_v1` instead: Node-API is
 *   ABI-stable, the same binary loads in Node and Electron, so there is no version to match.
 * - Anything else (an old `NODE_MODULE` addon registering itself from a static constructor, a
 *   stripped binary, a file that is not an addon) is "unknown" and fails the check: it cannot be
 *   shown to be right.
 *
 * Exported names are stored as plain NUL-terminated strings in every format we ship: ELF
 * `.dynstr`, the Mach-O symbol table and the PE export name table, so a byte search finds them
 * without a full parser. The CPU architecture is read from the file header.
 */
export type AddonAbi =
  | { readonly kind: 'node-api' }
  | { readonly kind: 'node'; readonly moduleVersion: number }
  | { readonly kind: 'unknown'; readonly reason: string };

export type BinaryArch = 'x64' | 'arm64' | 'ia32' | 'armv7l' | 'universal' | 'unknown';

export interface AddonReport {
  /** Path relative to the folder that was searched. */
  readonly file: string;
  readonly abi: AddonAbi;
  readonly arch: BinaryArch;
  /** Why this addon would break the packaged app; empty when it is fine. */
  readonly problems: readonly string[];
}

const NODE_SYMBOL = Buffer.from('node_register_module_v', 'latin1');
const NAPI_SYMBOL = Buffer.from('napi_register_module_v1', 'latin1');

export function readAddonAbi(bytes: Buffer): AddonAbi {
  const versions = new Set<number>();
  for (let at = bytes.indexOf(NODE_SYMBOL); at !== -1; at = bytes.indexOf(NODE_SYMBOL, at + 1)) {
    let end = at + NODE_SYMBOL.length;
    let digits = '';
    while (end < bytes.length && digits.length < 6) {
      const byte = bytes[end] ?? 0;
      if (byte < 0x30 || byte > 0x39) break;
      digits += String.fromCharCode(byte);
      end++;
    }
    if (digits.length > 0) versions.add(Number(digits));
  }
  if (versions.size > 1) {
    return { kind: 'unknown', reason: `exports several module versions (${[...versions].join(', ')})` };
  }
  const [version] = versions;
  if (version !== undefined) return { kind: 'node', moduleVersion: version };
  if (bytes.includes(NAPI_SYMBOL)) return { kind: 'node-api' };
  return { kind: 'unknown', reason: 'exports neither node_register_module_v* nor napi_register_module_v1' };
}

const MACHO_CPU: Record<number, BinaryArch> = {
  0x01000007: 'x64',
  0x0100000c: 'arm64',
  0x00000007: 'ia32',
  0x0000000c: 'armv7l',
};

export function readBinaryArch(bytes: Buffer): BinaryArch {
  if (bytes.length < 64) return 'unknown';
  // ELF: e_machine at offset 18, in the file's own byte order.
  if (bytes.readUInt32BE(0) === 0x7f454c46) {
    const machine = bytes[5] === 2 ? bytes.readUInt16BE(18) : bytes.readUInt16LE(18);
    return (
      ({ 0x3e: 'x64', 0xb7: 'arm64', 0x03: 'ia32', 0x28: 'armv7l' } as Record<number, BinaryArch>)[machine] ??
      'unknown'
    );
  }
  // Mach-O thin (little-endian magic feedface/feedfacf): cputype follows the magic.
  const magicLE = bytes.readUInt32LE(0);
  if (magicLE === 0xfeedfacf || magicLE === 0xfeedface) return MACHO_CPU[bytes.readUInt32LE(4)] ?? 'unknown';
  // Mach-O fat (universal): big-endian header, one fat_arch per slice.
  if (bytes.readUInt32BE(0) === 0xcafebabe) {
    const count = bytes.readUInt32BE(4);
    const slices = new Set<BinaryArch>();
    for (let i = 0; i < count && 8 + i * 20 + 4 <= bytes.length; i++) {
      slices.add(MACHO_CPU[bytes.readUInt32BE(8 + i * 20)] ?? 'unknown');
    }
    return slices.has('x64') && slices.has('arm64') ? 'universal' : ([...slices][0] ?? 'unknown');
  }
  // PE: "MZ", e_lfanew at 0x3c, then "PE\0\0" and the Machine field.
  if (bytes[0] === 0x4d && bytes[1] === 0x5a) {
    const pe = bytes.readUInt32LE(0x3c);
    if (pe + 6 > bytes.length || bytes.readUInt32BE(pe) !== 0x50450000) return 'unknown';
    const machine = bytes.readUInt16LE(pe + 4);
    return (
      ({ 0x8664: 'x64', 0xaa64: 'arm64', 0x014c: 'ia32', 0x01c4: 'armv7l' } as Record<number, BinaryArch>)[
        machine
      ] ?? 'unknown'
    );
  }
  return 'unknown';
}

/**
 * Electron's NODE_MODULE_VERSION for the Electron version being packaged. The `electron` npm
 * package ships it in `abi_version`; node-abi (what @electron/rebuild itself uses) is the
 * cross-check and the fallback. Disagreement, or no answer at all, is an error: the check
 * must never pass for want of an expected value.
 */
export function electronModuleVersion(electronVersion: string, projectDir: string): number {
  const answers = new Map<string, number>();
  const electronDir = join(projectDir, 'node_modules', 'electron');
  const abiFile = join(electronDir, 'abi_version');
  if (existsSync(abiFile)) {
    const installed = (
      JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }
    ).version;
    const abi = Number(readFileSync(abiFile, 'utf8').trim());
    if (installed === electronVersion && Number.isInteger(abi) && abi > 0)
      answers.set('electron/abi_version', abi);
  }
  const fromNodeAbi = nodeAbiFor(electronVersion, projectDir);
  if (fromNodeAbi !== undefined) answers.set('node-abi', fromNodeAbi);
  const values = new Set(answers.values());
  if (values.size === 0) {
    throw new Error(`Cannot tell which NODE_MODULE_VERSION Electron ${electronVersion} uses.`);
  }
  if (values.size > 1) {
    throw new Error(
      `Sources disagree on Electron ${electronVersion}'s NODE_MODULE_VERSION: ${JSON.stringify(Object.fromEntries(answers))}`,
    );
  }
  return [...values][0] as number;
}

function nodeAbiFor(electronVersion: string, projectDir: string): number | undefined {
  // Resolve node-abi the way @electron/rebuild (inside electron-builder) does.
  for (const from of ['@electron/rebuild/package.json', 'app-builder-lib/package.json']) {
    try {
      const owner = createRequire(join(projectDir, 'package.json')).resolve(from);
      const nodeAbi = createRequire(owner)('node-abi') as { getAbi(target: string, runtime: string): string };
      const abi = Number(nodeAbi.getAbi(electronVersion, 'electron'));
      if (Number.isInteger(abi) && abi > 0) return abi;
    } catch {
      // not installed, or this node-abi does not know the version yet: try the next source
    }
  }
  return undefined;
}

export interface NativeCheckOptions {
  /** Electron's NODE_MODULE_VERSION (see electronModuleVersion). */
  readonly expectedModuleVersion: number;
  /** The CPU the package is for: each addon must be built for it. */
  readonly arch: BinaryArch;
  /** File names that must be present (a missing native module is a broken app too). */
  readonly required: readonly string[];
}

/** Every `.node` file under `dir` (normally `resources/app.asar.unpacked`), with its verdict. */
export function inspectNativeModules(dir: string, options: NativeCheckOptions): AddonReport[] {
  const reports: AddonReport[] = [];
  for (const path of findFiles(dir, (name) => name.endsWith('.node'))) {
    const bytes = readFileSync(path);
    const abi = readAddonAbi(bytes);
    const arch = readBinaryArch(bytes);
    const problems: string[] = [];
    if (abi.kind === 'unknown') problems.push(`cannot tell which runtime it was built for: ${abi.reason}`);
    if (abi.kind === 'node' && abi.moduleVersion !== options.expectedModuleVersion) {
      const nodeNote =
        abi.moduleVersion === Number(process.versions.modules)
          ? ` — the ABI of the Node running this build (${process.version}), so it was not rebuilt for Electron`
          : '';
      problems.push(
        `built for NODE_MODULE_VERSION ${abi.moduleVersion}, Electron needs ${options.expectedModuleVersion}${nodeNote}`,
      );
    }
    // A universal (fat) Mach-O file holds both macOS slices, so it suits either.
    if (arch !== options.arch && arch !== 'universal')
      problems.push(`built for CPU ${arch}, the package is for ${options.arch}`);
    reports.push({ file: relative(dir, path).split('\\').join('/'), abi, arch, problems });
  }
  return reports;
}

/** Throws with one line per problem when any addon is wrong or a required one is missing. */
export function assertNativeModules(dir: string, options: NativeCheckOptions): AddonReport[] {
  const reports = inspectNativeModules(dir, options);
  const lines = reports.flatMap((r) => r.problems.map((p) => `${r.file}: ${p}`));
  for (const name of options.required) {
    if (!reports.some((r) => r.file.endsWith(`/${name}`) || r.file === name)) {
      lines.push(`${name}: missing from ${dir}`);
    }
  }
  if (lines.length > 0) {
    throw new Error(`Native modules are not fit for Electron:\n  ${lines.join('\n  ')}`);
  }
  return reports;
}

function* findFiles(dir: string, wanted: (name: string) => boolean): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* findFiles(path, wanted);
    else if (entry.isFile() && wanted(entry.name)) yield path;
  }
}
