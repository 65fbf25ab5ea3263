/**
 * Renders resources/icon.svg into the committed icon files electron-builder uses:
 *
 *   resources/icons/<n>x<n>.png   Linux (AppImage, deb), n = 16 … 1024
 *   resources/icon.png            1024 px, the generic fallback
 *   resources/icon.ico            Windows: 16–128 px as 32-bit BMP, 256 px as PNG
 *   resources/icon.icns           macOS: PNG entries 16–1024 px (including @2x)
 *
 * A development-time tool, run by hand after changing the SVG (`npm run icons`); the outputs
 * are committed, so neither tests nor packaging need it. Needs `rsvg-convert`
 * (Debian/Ubuntu: `apt-get install librsvg2-bin`; macOS: `brew install librsvg`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';

const resources = resolve(__dirname, '../../resources');
const svg = join(resources, 'icon.svg');
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_BMP_SIZES = [16, 24, 32, 48, 64, 128];
/** ICNS entry types holding PNG data, and the pixel size each one must be. */
const ICNS_ENTRIES: ReadonlyArray<readonly [string, number]> = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

export function renderPng(svgPath: string, size: number): Buffer {
  return execFileSync('rsvg-convert', ['--width', String(size), '--height', String(size), svgPath], {
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** RGBA pixels of an 8-bit, non-interlaced RGBA PNG (what rsvg-convert writes). */
export function decodeRgbaPng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      if (depth !== 8 || colour !== 6 || interlace !== 0) {
        throw new Error(`expected an 8-bit RGBA non-interlaced PNG (depth ${depth}, colour ${colour})`);
      }
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= 4 ? (rgba[y * stride + x - 4] ?? 0) : 0;
      const up = y > 0 ? (rgba[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= 4 && y > 0 ? (rgba[(y - 1) * stride + x - 4] ?? 0) : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      rgba[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

/** A 32-bit BMP (DIB, no file header) as an ICO entry: bottom-up BGRA plus a 1-bit AND mask. */
function icoBitmap(png: Buffer): Buffer {
  const { width, height, rgba } = decodeRgbaPng(png);
  const header = Buffer.alloc(40);
  const maskStride = Math.ceil(width / 32) * 4;
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8); // colour rows + mask rows
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(width * height * 4 + maskStride * height, 20);
  const pixels = Buffer.alloc(width * height * 4);
  const mask = Buffer.alloc(maskStride * height);
  for (let y = 0; y < height; y++) {
    const row = height - 1 - y;
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      const to = (row * width + x) * 4;
      pixels[to] = rgba[from + 2] ?? 0;
      pixels[to + 1] = rgba[from + 1] ?? 0;
      pixels[to + 2] = rgba[from] ?? 0;
      pixels[to + 3] = rgba[from + 3] ?? 0;
      if ((rgba[from + 3] ?? 0) === 0) {
        const at = row * maskStride + (x >> 3);
        mask[at] = (mask[at] ?? 0) | (0x80 >> (x & 7));
      }
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

export function buildIco(images: ReadonlyArray<{ size: number; data: Buffer }>): Buffer {
  const directory = Buffer.alloc(6 + 16 * images.length);
  directory.writeUInt16LE(0, 0);
  directory.writeUInt16LE(1, 2); // 1 = icon
  directory.writeUInt16LE(images.length, 4);
  let offset = directory.length;
  images.forEach(({ size, data }, i) => {
    const at = 6 + 16 * i;
    directory[at] = size >= 256 ? 0 : size; // 0 means 256
    directory[at + 1] = size >= 256 ? 0 : size;
    directory.writeUInt16LE(1, at + 4); // planes
    directory.writeUInt16LE(32, at + 6); // bits per pixel
    directory.writeUInt32LE(data.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += data.length;
  });
  return Buffer.concat([directory, ...images.map((image) => image.data)]);
}

export function buildIcns(entries: ReadonlyArray<{ type: string; png: Buffer }>): Buffer {
  const chunks = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

function main(): void {
  readFileSync(svg); // fail early, with a clear path, if the source is missing
  const png = new Map<number, Buffer>();
  const pngOf = (size: number): Buffer => {
    let data = png.get(size);
    if (!data) {
      data = renderPng(svg, size);
      png.set(size, data);
    }
    return data;
  };
  mkdirSync(join(resources, 'icons'), { recursive: true });
  for (const size of LINUX_SIZES) writeFileSync(join(resources, 'icons', `${size}x${size}.png`), pngOf(size));
  writeFileSync(join(resources, 'icon.png'), pngOf(1024));
  writeFileSync(
    join(resources, 'icon.ico'),
    buildIco([
      ...ICO_BMP_SIZES.map((size) => ({ size, data: icoBitmap(pngOf(size)) })),
      { size: 256, data: pngOf(256) },
    ]),
  );
  writeFileSync(
    join(resources, 'icon.icns'),
    buildIcns(ICNS_ENTRIES.map(([type, size]) => ({ type, png: pngOf(size) }))),
  );
  console.log(`Icons written to ${resources}`);
}

if (typeof require !== 'undefined' && require.main === module) main();
