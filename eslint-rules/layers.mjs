// @ts-check
// The import zones between the app's layers, checked on resolved paths (like VS Code's
// `code-import-patterns`), so `../../ipc/x`, `./x` and `@shared/x` are judged by where they land.
import { builtinModules } from 'node:module';
import path from 'node:path';

const NODE_BUILTINS = new Set(builtinModules);

/**
 * @typedef {{ path: RegExp } | { package: RegExp }} Target
 * @typedef {{
 *   name: string,
 *   files: RegExp,
 *   disallow: Target[],
 *   typesAllowed?: boolean,
 *   message: string,
 * }} Zone
 */

/** @type {Zone[]} */
export const ZONES = [
  {
    name: 'shared',
    files: /^src\/shared\//,
    disallow: [
      { path: /^src\/(main|renderer|preload)\// },
      { package: /^(node:|electron$|electron\/)/ },
      { package: /^builtin:/ },
    ],
    message: 'src/shared is pure TypeScript for every process: no main, renderer, preload, Node or Electron.',
  },
  {
    name: 'services and adapters',
    files: /^src\/main\/(services|platforms)\//,
    disallow: [
      { path: /^src\/main\/(ipc(\/|\.ts$)|index\.ts$|window[^/]*\.ts$)/ },
      { package: /^(electron$|electron\/)/ },
    ],
    message:
      'Services and platform adapters are Electron-free and below IPC: no electron, src/main/ipc, index.ts or window*.ts.',
  },
  {
    name: 'adapters below services',
    files: /^src\/main\/platforms\//,
    disallow: [{ path: /^src\/main\/services(\/|\.ts$)/ }],
    typesAllowed: true,
    message: 'Platform adapters sit below services: import only types from src/main/services.',
  },
  {
    name: 'renderer',
    files: /^src\/renderer\//,
    disallow: [{ path: /^src\/(main|preload)(\/|\.ts$)/ }],
    message: 'The renderer only talks to main through window.api.',
  },
];

const PAGE = /^src\/renderer\/src\/pages\/([^/]+)\//;

/**
 * Where an import specifier lands: a repository-relative path for project files, or a
 * package name (`builtin:fs` for a bare Node built-in such as 'fs').
 * @param {string} specifier
 * @param {string} fromFile repository-relative path of the importing file
 * @returns {{ path: string } | { package: string }}
 */
export function resolveSpecifier(specifier, fromFile) {
  if (specifier.startsWith('@shared/')) return { path: `src/shared/${specifier.slice('@shared/'.length)}` };
  if (specifier.startsWith('.')) {
    const joined = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
    return { path: /\.[cm]?[jt]sx?$/.test(joined) ? joined : `${joined}.ts` };
  }
  if (NODE_BUILTINS.has(specifier) && !specifier.startsWith('node:'))
    return { package: `builtin:${specifier}` };
  return { package: specifier };
}

/**
 * The zone messages an import breaks (empty when it is allowed).
 * @param {string} fromFile repository-relative path of the importing file
 * @param {string} specifier
 * @param {boolean} typeOnly
 * @returns {string[]}
 */
export function violations(fromFile, specifier, typeOnly) {
  const target = resolveSpecifier(specifier, fromFile);
  /** @type {string[]} */
  const found = [];
  for (const zone of ZONES) {
    if (!zone.files.test(fromFile) || (typeOnly && zone.typesAllowed)) continue;
    const hit = zone.disallow.some((rule) =>
      'path' in rule
        ? 'path' in target && rule.path.test(target.path)
        : 'package' in target && rule.package.test(target.package),
    );
    if (hit) found.push(zone.message);
  }
  const fromPage = PAGE.exec(fromFile)?.[1];
  // `../x` from a page folder's top file resolves beside it; index-style folder imports land in
  // the folder itself, so test the folder segment, not the file.
  const toPage = 'path' in target ? PAGE.exec(`${target.path}/`)?.[1]?.replace(/\.tsx?$/, '') : undefined;
  if (fromPage && toPage && fromPage !== toPage) {
    found.push(
      `A page imports no other page (${fromPage} → ${toPage}): move what both use to src/renderer/src/features/ or components/.`,
    );
  }
  return found;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports stay inside the layer zones of docs/ARCHITECTURE.md' },
    schema: [],
  },
  create(context) {
    const fromFile = path.relative(context.cwd, context.filename).split(path.sep).join('/');
    /**
     * @param {any} node
     * @param {boolean} typeOnly
     */
    function check(node, typeOnly) {
      const source = node.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      for (const message of violations(fromFile, source.value, typeOnly)) {
        context.report({ node: source, message });
      }
    }
    return {
      ImportDeclaration(node) {
        const n = /** @type {any} */ (node);
        const allTypes =
          n.importKind === 'type' ||
          (n.specifiers.length > 0 && n.specifiers.every((/** @type {any} */ s) => s.importKind === 'type'));
        check(node, allTypes);
      },
      ExportNamedDeclaration(node) {
        check(node, /** @type {any} */ (node).exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        check(node, /** @type {any} */ (node).exportKind === 'type');
      },
      ImportExpression(node) {
        check(node, false);
      },
    };
  },
};

export default { rules: { layers: rule } };
