import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  jsGzipBytes: number;
  cssGzipBytes: number;
  jsFiles: number;
}

/** Gzipped (level 9) size of every .js and .css file under the built renderer, summed per kind. */
export function measureBundle(rendererDir: string): BundleSize {
  if (!existsSync(rendererDir)) throw new Error(`${rendererDir} is missing: run electron-vite build first`);
  const size: BundleSize = { jsGzipBytes: 0, cssGzipBytes: 0, jsFiles: 0 };
  for (const entry of readdirSync(rendererDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const ext = extname(entry.name);
    if (ext !== '.js' && ext !== '.css') continue;
    const gz = gzipSync(readFileSync(join(entry.parentPath, entry.name)), { level: 9 }).length;
    if (ext === '.js') {
      size.jsGzipBytes += gz;
      size.jsFiles++;
    } else size.cssGzipBytes += gz;
  }
  if (size.jsFiles === 0) throw new Error(`no .js files under ${rendererDir}`);
  return size;
}
