import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import * as hooks from '@mantine/hooks';
import { describe, expect, it } from 'vitest';

import { hookFiles, importEachHookFromItsFile } from '../../scripts/build/hooks-by-file';
import { projectDir } from './support/built-app';

const INDEX = join(projectDir, 'node_modules/@mantine/hooks/esm/index.mjs');
const files = new Map([
  ['useId', '/hooks/use-id/use-id.mjs'],
  ['useMergedRef', '/hooks/use-merged-ref/use-merged-ref.mjs'],
  ['mergeRefs', '/hooks/use-merged-ref/use-merged-ref.mjs'],
]);

describe("@mantine/hooks imported from each hook's own file", () => {
  it('finds the file of every function the installed index exports', () => {
    const found = hookFiles(readFileSync(INDEX, 'utf8'), dirname(INDEX));
    const exported = Object.keys(hooks).filter(
      (name) => typeof hooks[name as keyof typeof hooks] === 'function',
    );
    expect(exported.length).toBeGreaterThan(50);
    expect(exported.filter((name) => !found.has(name))).toEqual([]);
    expect(found.get('usePagination')).toBe(join(dirname(INDEX), 'use-pagination/use-pagination.mjs'));
  });

  it('splits a named import into one import per file, keeping local names', () => {
    const code = `import { useId, useMergedRef as merged } from "@mantine/hooks";\nuseId(); merged();`;
    expect(importEachHookFromItsFile(code, files)).toBe(
      `import { useId } from "/hooks/use-id/use-id.mjs"; import { useMergedRef as merged } from "/hooks/use-merged-ref/use-merged-ref.mjs";\nuseId(); merged();`,
    );
    expect(importEachHookFromItsFile(`import {useId} from '@mantine/hooks'`, files)).toBe(
      `import { useId } from "/hooks/use-id/use-id.mjs";`,
    );
  });

  it('leaves what it cannot place to the index: a name it does not know, a namespace, a type, another package', () => {
    for (const code of [
      `import { useId, useUnknown } from "@mantine/hooks";`,
      `import * as hooks from "@mantine/hooks";`,
      `import { type UseIdOptions, useId } from "@mantine/hooks";`,
      `import { useId } from "@mantine/hooks-extra";`,
      `import { useId } from "@mantine/core";`,
    ]) {
      expect(importEachHookFromItsFile(code, files)).toBe(code);
    }
  });
});
