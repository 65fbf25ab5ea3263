import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { assertBuiltFromCurrentSources, builtPreload, projectDir } from './support/built-app';

/**
 * The BUILT renderer holds no zod: the schema library alone was ~33 KiB gzip of the pages' JavaScript
 * (docs/PERFORMANCE.md, figure (c)). The forms check what is typed with src/shared/platforms/field-checks.ts;
 * main and the preload check it again with the contract's schemas.
 */
const rendererDir = join(projectDir, 'out/renderer');

/** What zod leaves in minified code: its global configuration's key, a class name, its internals' property. */
const ZOD_MARKERS = ['__zod_globalConfig', '$ZodType', '._zod'];

let chunks: { file: string; source: string }[];

beforeAll(() => {
  assertBuiltFromCurrentSources(join(rendererDir, 'index.html'), ['src/renderer', 'src/shared']);
  assertBuiltFromCurrentSources(builtPreload, ['src/preload', 'src/shared']);
  chunks = readdirSync(join(rendererDir, 'assets'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ file, source: readFileSync(join(rendererDir, 'assets', file), 'utf8') }));
});

describe('the built renderer', () => {
  it('finds zod by these markers where the same build bundles it (the preload)', () => {
    const preload = readFileSync(builtPreload, 'utf8');
    for (const marker of ZOD_MARKERS) expect(preload, marker).toContain(marker);
  });

  it('bundles no zod in any chunk', () => {
    expect(chunks.length).toBeGreaterThan(5);
    const withZod = chunks
      .filter(({ source }) => ZOD_MARKERS.some((marker) => source.includes(marker)))
      .map(({ file }) => file);
    expect(withZod).toEqual([]);
  });
});
