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

/**
 * What two `@mantine/hooks` modules only later screens use leave in minified code: the clipboard
 * hook's message (copy buttons) and the focus trap's selector (dialogs). Through the package index,
 * the bundler placed every hook in the chunk the first screen shares (scripts/build/hooks-by-file.ts).
 */
const LATER_HOOK_MARKERS = ['navigator.clipboard is not supported', 'audio[controls], video[controls]'];

let chunks: { file: string; source: string }[];
let firstScreen: string[];

beforeAll(() => {
  assertBuiltFromCurrentSources(join(rendererDir, 'index.html'), [
    'src/renderer',
    'src/shared',
    'scripts/build',
  ]);
  assertBuiltFromCurrentSources(builtPreload, ['src/preload', 'src/shared']);
  chunks = readdirSync(join(rendererDir, 'assets'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ file, source: readFileSync(join(rendererDir, 'assets', file), 'utf8') }));
  // What index.html loads: its module script and the chunks it preloads.
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  firstScreen = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((match) => match[1]!);
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

  it("loads none of the later screens' hooks with the first screen", () => {
    expect(firstScreen.length).toBeGreaterThan(1);
    for (const marker of LATER_HOOK_MARKERS) {
      const holding = chunks.filter(({ source }) => source.includes(marker)).map(({ file }) => file);
      expect(holding, marker).not.toEqual([]);
      expect(
        holding.filter((file) => firstScreen.includes(file)),
        marker,
      ).toEqual([]);
    }
  });
});
