// The renderer imports Mantine's CSS per component (src/renderer/src/styles) rather than the
// whole styles.css. A component whose stylesheet is missing renders unstyled, so this follows
// each component the renderer imports through Mantine's own ESM files to the CSS modules it
// uses (Button → UnstyledButton, Modal → ModalBase, Overlay, …) and checks each is imported.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

const repo = resolve(__dirname, '../..');
const mantineEsm = join(repo, 'node_modules/@mantine/core/esm');
const rendererSrc = join(repo, 'src/renderer/src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Names imported as values from '@mantine/core' anywhere in the renderer. */
function mantineComponentsUsed(): Set<string> {
  const names = new Set<string>();
  for (const file of sourceFiles(rendererSrc)) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@mantine\/core'/g)) {
      for (const raw of match[1]!.split(',')) {
        const name = raw.trim();
        if (name && !name.startsWith('type ')) names.add(name);
      }
    }
  }
  return names;
}

/** The CSS module names (e.g. "Button") reachable from one export of @mantine/core. */
function cssModulesOf(exportName: string, index: string): Set<string> {
  const found = index.match(new RegExp(`import \\{[^}]*\\b${exportName}\\b[^}]*\\} from "([^"]+)"`));
  if (!found) throw new Error(`@mantine/core exports no ${exportName}`);
  const css = new Set<string>();
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import) "(\.[^"]+)"/g)) {
      const target = resolve(dirname(file), m[1]!);
      if (target.endsWith('.module.mjs')) css.add(basename(target, '.module.mjs'));
      else if (existsSync(target)) walk(target);
    }
  };
  walk(resolve(mantineEsm, found[1]!));
  return css;
}

function importedStylesheets(file: string): string[] {
  const source = readFileSync(join(rendererSrc, 'styles', file), 'utf8');
  return [...source.matchAll(/'@mantine\/core\/styles\/([A-Za-z-]+)\.layer\.css'/g)].map((m) => m[1]!);
}

describe('Mantine stylesheets', () => {
  const firstScreen = importedStylesheets('first-screen.ts');
  const later = importedStylesheets('later-screens.ts');
  const index = readFileSync(join(mantineEsm, 'index.mjs'), 'utf8');

  it('imports the stylesheet of every Mantine component the renderer uses, and its dependencies', () => {
    const used = mantineComponentsUsed();
    expect(used.has('Switch')).toBe(true); // the scan itself works
    const needed = new Set([...used].flatMap((name) => [...cssModulesOf(name, index)]));
    const missing = [...needed].filter((name) => !firstScreen.includes(name) && !later.includes(name));
    expect(missing).toEqual([]);
  });

  it('imports the whole stylesheet nowhere, and the base styles first', () => {
    for (const file of sourceFiles(rendererSrc)) {
      expect(readFileSync(file, 'utf8'), file).not.toContain("'@mantine/core/styles.css'");
    }
    expect(firstScreen.slice(0, 3)).toEqual(['baseline', 'default-css-variables', 'global']);
  });

  it("imports Mantine's CSS in its layer, so the app's own rules win whenever a stylesheet loads", () => {
    // The later screens' CSS arrives after app.css; unlayered, Mantine's `table-layout: auto` beat
    // the connections table's `fixed` and the table grew wider than the window.
    for (const file of ['first-screen.ts', 'later-screens.ts']) {
      const source = readFileSync(join(rendererSrc, 'styles', file), 'utf8');
      const imports = [...source.matchAll(/^import '([^']+)';/gm)].map((m) => m[1]!);
      expect(imports.length).toBeGreaterThan(10);
      expect(imports.filter((path) => !path.endsWith('.layer.css'))).toEqual([]);
    }
  });

  it("keeps the '@mantine/core' index out of the first chunk, and styles what that chunk draws", () => {
    // Files reached from main.tsx through static imports only: the first chunk's sources.
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms)) {
        const base = resolve(dirname(file), m[1]!);
        const target = ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((p) => existsSync(p));
        if (target) visit(target);
      }
    };
    visit(join(rendererSrc, 'main.tsx'));
    expect(reached.has(join(rendererSrc, 'pages/integrations/IntegrationCard.tsx'))).toBe(true);
    expect(reached.has(join(rendererSrc, 'pages/review/ReviewPage.tsx'))).toBe(false); // lazy
    for (const file of reached) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/from '@mantine\/core'/);
    }
    const facade = readFileSync(join(rendererSrc, 'mantine-first-screen.ts'), 'utf8');
    const drawn = [...facade.matchAll(/export \{ (\w+) \}/g)].map((m) => m[1]!);
    expect(drawn).toContain('Switch');
    const needed = new Set(drawn.flatMap((name) => [...cssModulesOf(name, index)]));
    expect([...needed].filter((name) => !firstScreen.includes(name))).toEqual([]);
  });
});
