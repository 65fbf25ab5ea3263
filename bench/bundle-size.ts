import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  jsGzipBytes: number;
  cssGzipBytes: number;
  jsFiles: number;
  /** What index.html loads before the first screen: its module script and modulepreloads. */
  firstScreenJsGzipBytes: number;
  firstScreenJsBytes: number;
  /** The stylesheets index.html links (the first screen's CSS). */
  firstScreenCssGzipBytes: number;
  firstScreenCssBytes: number;
  /** Mantine's whole styles.css, for comparison with the per-component CSS the app loads. */
  mantineAllCssGzipBytes: number;
  mantineAllCssBytes: number;
}

const gzip = (data: Buffer) => gzipSync(data, { level: 9 }).length;

/** Gzipped (level 9) size of every .js and .css file under the built renderer, summed per kind. */
export function measureBundle(rendererDir: string, mantineCss: string): BundleSize {
  if (!existsSync(rendererDir)) throw new Error(`${rendererDir} is missing: run electron-vite build first`);
  const size: BundleSize = {
    jsGzipBytes: 0,
    cssGzipBytes: 0,
    jsFiles: 0,
    firstScreenJsGzipBytes: 0,
    firstScreenJsBytes: 0,
    firstScreenCssGzipBytes: 0,
    firstScreenCssBytes: 0,
    mantineAllCssGzipBytes: 0,
    mantineAllCssBytes: 0,
  };
  for (const entry of readdirSync(rendererDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const ext = extname(entry.name);
    if (ext !== '.js' && ext !== '.css') continue;
    const gz = gzip(readFileSync(join(entry.parentPath, entry.name)));
    if (ext === '.js') {
      size.jsGzipBytes += gz;
      size.jsFiles++;
    } else size.cssGzipBytes += gz;
  }
  if (size.jsFiles === 0) throw new Error(`no .js files under ${rendererDir}`);

  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  const scripts = [
    ...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\.\/([^"]+)"/g),
  ];
  const styles = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*\bhref="\.\/([^"]+)"/g)];
  if (scripts.length === 0 || styles.length === 0)
    throw new Error('index.html loads no script or stylesheet');
  for (const [, file] of scripts) {
    const data = readFileSync(join(rendererDir, file!));
    size.firstScreenJsBytes += data.length;
    size.firstScreenJsGzipBytes += gzip(data);
  }
  for (const [, file] of styles) {
    const data = readFileSync(join(rendererDir, file!));
    size.firstScreenCssBytes += data.length;
    size.firstScreenCssGzipBytes += gzip(data);
  }
  const all = readFileSync(mantineCss);
  size.mantineAllCssBytes = all.length;
  size.mantineAllCssGzipBytes = gzip(all);
  return size;
}
