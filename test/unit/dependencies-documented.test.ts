import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

/**
 * README's "Why each dependency is there" names every package the project installs, and only
 * those: a dependency added without a reason, or one removed with its reason left behind, fails
 * here. A `@types/x` package needs no line of its own when `x` has one (or is Node itself).
 */
const root = resolve(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');

/** The package names in the first column of the section's tables; `@scope/*` stands for a scope. */
function documentedPackages(markdown: string): string[] {
  const section = /^## Why each dependency is there\n([\s\S]*?)(?=^## )/m.exec(markdown)?.[1] ?? '';
  return [...section.matchAll(/^\|([^|\n]*)\|/gm)].flatMap(([, cell]) =>
    [...cell!.matchAll(/`([^`]+)`/g)].map(([, name]) => name!),
  );
}

/** Whether a README entry names a package: itself, or its scope as `@scope/*`. */
const covers = (entry: string, name: string) =>
  entry === name || (entry.endsWith('/*') && name.startsWith(entry.slice(0, -1)));

function undocumented(installed: readonly string[], documented: readonly string[]): string[] {
  const named = (name: string) => documented.some((entry) => covers(entry, name));
  return installed.filter((name) => {
    const typed = /^@types\/(.+)$/.exec(name)?.[1];
    return !(named(name) || typed === 'node' || (typed !== undefined && named(typed)));
  });
}

function stale(installed: readonly string[], documented: readonly string[]): string[] {
  return documented.filter((entry) => !installed.some((name) => covers(entry, name)));
}

const installed = [...Object.keys(packageJson.dependencies), ...Object.keys(packageJson.devDependencies)];

describe("README's reasons for the dependencies", () => {
  it('name every installed package', () => {
    expect(documentedPackages(readme).length).toBeGreaterThan(20);
    expect(undocumented(installed, documentedPackages(readme))).toEqual([]);
  });

  it('name nothing that is not installed', () => {
    expect(stale(installed, documentedPackages(readme))).toEqual([]);
  });

  it('notice a package with no reason, and a reason with no package', () => {
    const documented = ['react', '@testing-library/*', 'left-behind'];
    expect(
      undocumented(
        ['react', '@types/react', '@types/node', '@testing-library/react', 'new-one', '@types/other'],
        documented,
      ),
    ).toEqual(['new-one', '@types/other']);
    expect(stale(['react', '@testing-library/dom'], documented)).toEqual(['left-behind']);
  });

  it('read only the section and only its first column', () => {
    const markdown = [
      '## Run it',
      '| `not-this` | no |',
      '## Why each dependency is there',
      '| package | why |',
      '| `a`, `b` | because `c` |',
      '## Layout',
      '| `nor-this` | no |',
    ].join('\n');
    expect(documentedPackages(markdown)).toEqual(['a', 'b']);
  });
});
