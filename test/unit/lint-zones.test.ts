import { ESLint } from 'eslint';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The repository's own eslint.config.mjs, judging planted imports as if they were in the named
// file. Type information is switched off here only to keep the test fast; the zones do not use it.
const root = path.resolve(__dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });
});

async function zoneMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = [x];\n`, {
    filePath: path.join(root, file),
  });
  const messages = result?.messages ?? [];
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`The planted code does not parse: ${fatal.message}`);
  return messages
    .filter((m) =>
      ['local/layers', 'no-restricted-imports', '@typescript-eslint/no-restricted-imports'].includes(
        m.ruleId ?? '',
      ),
    )
    .map((m) => m.message);
}

const cases: { zone: string; file: string; bad: string[]; good: string[] }[] = [
  {
    zone: 'src/shared imports no main, renderer, preload, Node or Electron',
    file: 'src/shared/platforms/planted.ts',
    bad: [
      "import { x } from '../../main/services/log';",
      "import { x } from '../../renderer/src/api';",
      "import { x } from '../../preload/build-api';",
      "import { x } from 'node:fs';",
      "import { readFileSync as x } from 'fs';",
      "import { app as x } from 'electron';",
    ],
    good: [
      "import { x } from '../ipc/errors';",
      "import { x } from '@shared/settings';",
      "import { z as x } from 'zod';",
    ],
  },
  {
    zone: 'services import no IPC, composition root, window or Electron',
    file: 'src/main/services/oauth/planted.ts',
    bad: [
      "import { x } from '../../ipc/handlers';",
      "import { x } from '../../ipc';",
      "import { x } from '../../index';",
      "import { x } from '../../window-options';",
      "import { x } from '../../window';",
      "import { shell as x } from 'electron';",
    ],
    good: [
      "import { x } from '../connections';",
      "import { x } from '@shared/ipc/errors';",
      "import { x } from '../../platforms/types';",
      "import { createServer as x } from 'node:http';",
    ],
  },
  {
    zone: 'platform adapters import no IPC, window or Electron, and only types from services',
    file: 'src/main/platforms/planted.ts',
    bad: [
      "import { x } from '../ipc/dispatch';",
      "import { x } from '../window';",
      "import { net as x } from 'electron';",
      "import { x } from '../services/oauth/retry-policy';",
      "import { x, type y } from '../services/connections';",
      "export { x } from '../services/log';",
    ],
    good: [
      "import type { x } from '../services/log';",
      "import { type x } from '../services/clock';",
      "import { x } from './http-errors';",
      "import { x } from '@shared/platforms';",
    ],
  },
  {
    zone: 'a renderer page imports no other page',
    file: 'src/renderer/src/pages/review/Planted.tsx',
    bad: [
      "import { x } from '../connections/ConnectionsPage';",
      "import { x } from '../integrations/setup/Wizard';",
      "const x = import('../settings/SettingsPage');",
      "import { x } from '../../../../main/services/log';",
    ],
    good: [
      "import { x } from './ReviewTable';",
      "import { x } from '../../features/linking/ConnectFlowPanel';",
      "import { x } from '../../components/LoadingState';",
      "import type { x } from '@shared/ipc/contract';",
    ],
  },
  {
    zone: 'the renderer bundles no zod: only types from the schema modules',
    file: 'src/renderer/src/features/linking/Planted.tsx',
    bad: [
      "import { z as x } from 'zod';",
      "import { x } from 'zod/v4/core';",
      "import { z as x } from '@shared/ipc/zod';",
      "import { contract as x } from '@shared/ipc/contract';",
      "import { MAX_SHORT_TEXT as x, type ConnectionSummary } from '@shared/ipc/schemas';",
      "import { x } from '../../../../shared/platforms/configuration';",
      "export { x } from '@shared/ipc/shell-schemas';",
    ],
    good: [
      "import type { ConnectionSummary as x } from '@shared/ipc/schemas';",
      "import type { IntegrationConfigurationInput as x } from '@shared/platforms/configuration';",
      "import { labelProblem as x } from '@shared/platforms/field-checks';",
      "import { MAX_SHORT_TEXT as x } from '@shared/ipc/limits';",
      "import { PROBLEM_CODES as x } from '@shared/review-problems';",
    ],
  },
];

describe('lint zones', () => {
  for (const { zone, file, bad, good } of cases) {
    describe(zone, () => {
      for (const code of bad) {
        it(`rejects ${code}`, async () => {
          expect(await zoneMessages(file, code)).not.toEqual([]);
        }, 30_000);
      }
      for (const code of good) {
        it(`accepts ${code}`, async () => {
          expect(await zoneMessages(file, code)).toEqual([]);
        }, 30_000);
      }
    });
  }

  it('the composition root may still wire IPC and windows', async () => {
    expect(await zoneMessages('src/main/planted.ts', "import { x } from './ipc/handlers';")).toEqual([]);
  });
});

describe('tables in main are written where mutation testing reaches them', () => {
  const asConst = async (file: string) => {
    const [result] = await eslint.lintText("export const DIRECTIVES = ['a', 'b'] as const;\n", {
      filePath: path.join(root, file),
    });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').length;
  };

  it('refuses `as const` in src/main, not elsewhere', async () => {
    expect(await asConst('src/main/security/planted.ts')).toBe(1);
    expect(await asConst('src/main/planted.ts')).toBe(1);
    expect(await asConst('src/renderer/src/planted.ts')).toBe(0);
  }, 30_000);
});

describe('no code is made from text', () => {
  const codeFromText = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
    return (result?.messages ?? []).map((m) => m.ruleId);
  };

  it('refuses eval, new Function and a timer given a string, in every process', async () => {
    for (const file of ['src/main/planted.ts', 'src/preload/planted.ts', 'src/renderer/src/planted.ts']) {
      expect(await codeFromText(file, "export const a = eval('1');\n"), file).toContain('no-eval');
      expect(await codeFromText(file, "export const b = new Function('return 1');\n"), file).toContain(
        'no-new-func',
      );
      expect(await codeFromText(file, "setTimeout('alert(1)', 0);\n"), file).toContain('no-implied-eval');
      expect(await codeFromText(file, 'setTimeout(() => 1, 0);\n'), file).toEqual([]);
    }
  }, 30_000);
});
