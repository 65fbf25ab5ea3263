// @ts-check
import js from '@eslint/js';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import local from './eslint-rules/layers.mjs';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.reports/**',
      'reports/**',
      '.stryker-tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      // One program over everything TypeScript (tsconfig.test.json includes src, test, scripts).
      parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // An async function that awaits nothing still returns a promise, as the interfaces it
      // implements (SecretStore, fakes, handlers) require; the rule would only add noise.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // No code from text, anywhere (Electron's security checklist; the CSP refuses it in the window
      // too). The type-checked rule of the same name also needs type information, off in some runs.
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'keytar',
              message: 'Only src/main/services/vault/keytar-secret-store.ts talks to the keychain.',
            },
          ],
        },
      ],
    },
  },
  {
    // Services are Electron-free: what Electron provides reaches them as an injected interface.
    files: ['src/main/services/**', 'src/main/security/**', 'src/main/ipc/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Services are Electron-free; inject what they need.' },
            {
              name: 'keytar',
              message: 'Only src/main/services/vault/keytar-secret-store.ts talks to the keychain.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/services/vault/keytar-secret-store.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { react, 'react-hooks': reactHooks },
    settings: { react: { version: '19' } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Provider-supplied text must only ever render as text.
      'react/no-danger': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'react-i18next',
              importNames: ['Trans'],
              message:
                "Import Trans from 'react-i18next/TransWithoutContext' (with t={t}): through the package index it lands in the first screen's chunk.",
            },
          ],
          patterns: [
            {
              group: ['**/main/**', 'electron', 'keytar', 'better-sqlite3', 'node:*'],
              message: 'The renderer only talks to main through window.api.',
            },
          ],
        },
      ],
      // zod alone was ~33 KiB gzip of the renderer's JavaScript (docs/PERFORMANCE.md, figure (c)).
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'zod',
                'zod/*',
                '**/ipc/contract',
                '**/ipc/schemas',
                '**/ipc/shell-schemas',
                '**/platforms/configuration',
              ],
              allowTypeImports: true,
              message:
                "The renderer bundles no zod (bundle size): check form input with @shared/platforms/field-checks, the checks main's schemas apply. Types may be imported with `import type`.",
            },
          ],
        },
      ],
    },
  },
  {
    // Stryker mutates nothing inside an `as const` expression, so a table written that way is never
    // measured (docs/TESTING.md). Type it (`satisfies`, an annotation) instead.
    files: ['src/main/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSTypeReference.typeAnnotation[typeName.name="const"]',
          message:
            'Mutation testing skips `as const`: use `satisfies` or a type annotation (docs/TESTING.md).',
        },
      ],
    },
  },
  {
    // The layer zones of docs/ARCHITECTURE.md ("Layers that lint enforces").
    files: ['src/**'],
    plugins: { local },
    rules: { 'local/layers': 'error' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**', 'bench/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      'no-restricted-imports': 'off',
      // Tests read JSON bodies and hand mocks' methods to expect(); zod and assertions check them.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
