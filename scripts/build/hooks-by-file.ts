import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import type { Plugin } from 'vite';

/**
 * `@mantine/hooks` is one index that imports every hook. The bundler places a hook in the chunk
 * of the index, which the first screen shares, whichever screen uses it: the later screens' hooks
 * (focus traps, pagination, click-outside, clipboard…) loaded with the first screen. This rewrites
 * `import { a, b } from '@mantine/hooks'`, in the app and in Mantine's own modules, into an import
 * of each hook's own file, so each goes with the screens that use it.
 */
export function hooksByFile(indexFile: string): Plugin {
  const files = hookFiles(readFileSync(indexFile, 'utf8'), dirname(indexFile));
  return {
    name: 'integration-desk:mantine-hooks-by-file',
    // Chunks are the build's: the dev server serves modules one by one, through its own pre-bundle.
    apply: 'build',
    enforce: 'pre',
    transform(code) {
      return code.includes(HOOKS) ? importEachHookFromItsFile(code, files) : null;
    },
  };
}

const HOOKS = '@mantine/hooks';

/** Each name the index exports, and the file it imports it from: `import { x, y } from "./x/x.mjs";`. */
export function hookFiles(index: string, dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [, names, file] of index.matchAll(/^import \{([^}]+)\} from "(\.\/[^"]+)";$/gm)) {
    for (const name of names!.split(',')) files.set(name.trim(), resolve(dir, file!));
  }
  return files;
}

/**
 * One import per file for each named import from the index; any other form (a namespace import,
 * a name the index does not list) is left as it was, so it still resolves to the index.
 */
export function importEachHookFromItsFile(code: string, files: ReadonlyMap<string, string>): string {
  return code.replace(
    /import\s*\{([^}]*)\}\s*from\s*["']@mantine\/hooks["'];?/g,
    (statement, list: string) => {
      const specifiers = list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      // `name` or `name as local`; `type Name` is no key of `files`, so a type import stays as it was.
      const names = specifiers.map((s) => s.split(/\s+as\s+/)[0]!);
      if (!names.every((name) => files.has(name))) return statement;
      return specifiers
        .map((s, i) => `import { ${s} } from ${JSON.stringify(files.get(names[i]!))};`)
        .join(' ');
    },
  );
}
