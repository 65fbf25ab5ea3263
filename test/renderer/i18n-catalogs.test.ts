import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import en from '../../src/renderer/src/i18n/locales/en.json';
import frCA from '../../src/renderer/src/i18n/locales/fr-CA.json';
import reviewEn from '../../src/renderer/src/i18n/locales/review.en.json';
import reviewFrCA from '../../src/renderer/src/i18n/locales/review.fr-CA.json';
import shellEn from '../../src/renderer/src/i18n/locales/shell.en.json';
import shellFrCA from '../../src/renderer/src/i18n/locales/shell.fr-CA.json';
import {
  AUDIT_ACTION_FILTERS,
  auditFilterKey,
  COLUMNS,
} from '../../src/renderer/src/pages/review/review-model';
import { auditActionKey, SETTING_LABEL_KEYS } from '../../src/renderer/src/pages/review/audit-text';
import {
  AUDIT_ACTIONS,
  AUDIT_REASONS,
  AUDIT_SECRET_FIELDS,
  REVOCATION_OUTCOMES,
  SIGN_IN_ENDINGS,
} from '../../src/shared/audit';
import { ERROR_CODES } from '../../src/shared/ipc/errors';
import {
  auditEventSchema,
  connectionStatusSchema,
  keychainHealthSchema,
  PROBLEM_CODES,
  reviewRowSchema,
  settingsUpdateSchema,
} from '../../src/shared/ipc/schemas';
import { PLATFORMS } from '../../src/shared/platforms';
import { THEMES } from '../../src/shared/settings';
import { flatten, type Catalog } from './catalog-entries';

const catalogs: Record<string, Catalog> = { en, 'fr-CA': frCA };

const CONNECTION_STATUSES = connectionStatusSchema.options;

const flat = { en: flatten(en), 'fr-CA': flatten(frCA) };
const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

/** Keys the UI builds from data (platform ids, link ids, themes…) rather than writing them out. */
const dynamicKeys = [
  ...ERROR_CODES.map((code) => `errors.${code}`),
  ...PLATFORMS.flatMap((p) => [
    `platforms.${p.id}.description`,
    ...(p.requiresAppRegistration ? [`platforms.${p.id}.enableFirst`] : []),
    ...p.links.map((link) => `links.${link.id}`),
    ...p.credentialFields.filter((f) => f.secret).map((f) => `drawer.fingerprints.${f.id}`),
  ]),
  ...THEMES.map((theme) => `settings.themes.${theme}`),
  // The audit log names every setting as Settings labels it.
  ...Object.keys(settingsUpdateSchema.shape).map(
    (setting) => SETTING_LABEL_KEYS[setting as keyof typeof SETTING_LABEL_KEYS],
  ),
  ...CONNECTION_STATUSES.map((status) => `connections.status.${status}`),
  // Stored as a connection's lastError by main's reconciliation; not an IPC error code.
  'errors.SECRET_MISSING',
  // The customer's steps to find a Clear Books API key, rendered in order with <Trans>.
  ...['signIn', 'openApiKeys', 'provideInfo', 'usage', 'software', 'copyKey'].map(
    (step) => `connections.clearBooks.steps.${step}`,
  ),
  'nav.integrations',
  'nav.connections',
  'nav.settings',
  'notices.databaseMovedAside',
  'notices.databaseEmpty',
  'notices.databaseRestored',
  'notices.databaseEmptyRestored',
  ...keychainHealthSchema.options
    .filter((h) => h !== 'healthy' && h !== 'checking')
    .map((health) => `notices.keychain.${health}`),
  'notices.keychain.missingLibrary',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => join(dir, file));
}

describe('translation catalogs', () => {
  it('have the same keys in English and Canadian French', () => {
    expect([...flat['fr-CA'].keys()].sort()).toEqual([...flat.en.keys()].sort());
  });

  it('have no empty text', () => {
    for (const [language, entries] of Object.entries(flat)) {
      const empty = [...entries].filter(([, text]) => text.trim() === '').map(([key]) => key);
      expect(empty, language).toEqual([]);
    }
  });

  it('use the same {{variables}} for each key in both languages', () => {
    for (const [key, text] of flat.en) {
      expect(variables(flat['fr-CA'].get(key) ?? ''), key).toEqual(variables(text));
    }
  });

  it('use the same <b> markup for each key in both languages, and no other tags', () => {
    const tags = (text: string) => [...text.matchAll(/<\/?([a-z]+)>/g)].map((m) => m[0]);
    for (const [key, text] of flat.en) {
      expect(tags(flat['fr-CA'].get(key) ?? ''), key).toEqual(tags(text));
      expect(
        tags(text).filter((tag) => !/^<\/?b>$/.test(tag)),
        key,
      ).toEqual([]);
    }
  });

  it('contain every key the UI builds from data, including errors.<CODE> for every error code', () => {
    for (const [language, entries] of Object.entries(flat)) {
      expect(
        dynamicKeys.filter((key) => !entries.has(key)),
        language,
      ).toEqual([]);
    }
  });

  it("contain every key written out in the renderer's source", () => {
    const root = join(__dirname, '../../src/renderer/src');
    const used = sourceFiles(root)
      // The Review screen's and the desktop shell's keys are namespaces of their own: checked below.
      .filter((file) => !file.startsWith(join(root, 'pages/review')) && !file.startsWith(join(root, 'shell')))
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*\[?\s*'([^']+)'/g)].map((m) => m[1] ?? ''),
      );
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((key) => !/^(review|shell):/.test(key) && !flat.en.has(key))).toEqual([]);
  });

  it('are both real translations, not copies', () => {
    expect(catalogs['fr-CA']).not.toEqual(catalogs.en);
    expect(flat['fr-CA'].get('nav.settings')).toBe('Paramètres');
  });
});

describe("the Review screen's catalogs (namespace 'review')", () => {
  const review = { en: flatten(reviewEn), 'fr-CA': flatten(reviewFrCA) };
  /** Keys the Review screen builds from data. */
  const reviewDynamicKeys = [
    'nav',
    ...PROBLEM_CODES.flatMap((p) => [`problems.${p}.name`, `problems.${p}.explain`, `problems.${p}.action`]),
    ...COLUMNS.map((column) => `columns.${column}`),
    ...reviewRowSchema.shape.kind.options.map((kind) => `kind.${kind}`),
    ...reviewRowSchema.shape.credentialKind.options.map((kind) => `credentialKind.${kind}`),
    ...[...CONNECTION_STATUSES, 'enabled', 'disabled', 'orphan'].map((status) => `status.${status}`),
    ...auditEventSchema.shape.outcome.options.map((outcome) => `audit.outcomes.${outcome}`),
    ...AUDIT_ACTION_FILTERS.map(auditFilterKey),
    // Every action main can write (its AuditLog takes no other), and every detail value it names.
    ...AUDIT_ACTIONS.map(auditActionKey),
    ...SIGN_IN_ENDINGS.map((ending) => `audit.values.ending.${ending}`),
    ...AUDIT_REASONS.map((reason) => `audit.values.reason.${reason}`),
    ...REVOCATION_OUTCOMES.map((outcome) => `audit.values.revocation.${outcome}`),
    ...AUDIT_SECRET_FIELDS.map((field) => `audit.values.field.${field}`),
    ...['clientSecret', 'signingSecret', 'subscriptionKey'].map((field) => `secret.fields.${field}`),
    ...keychainHealthSchema.options.filter((h) => h !== 'healthy').map((health) => `keychain.${health}`),
  ];

  it('have the same keys in English and Canadian French, none empty, with the same {{variables}}', () => {
    expect([...review['fr-CA'].keys()].sort()).toEqual([...review.en.keys()].sort());
    for (const [language, entries] of Object.entries(review)) {
      expect(
        [...entries].filter(([, text]) => text.trim() === '').map(([key]) => key),
        language,
      ).toEqual([]);
    }
    for (const [key, text] of review.en) {
      expect(variables(review['fr-CA'].get(key) ?? ''), key).toEqual(variables(text));
      expect(text, key).not.toMatch(/<\/?[a-z]+>/);
    }
  });

  it('contain every key the screen builds from data or writes out in its source', () => {
    const root = join(__dirname, '../../src/renderer/src');
    const written = sourceFiles(join(root, 'pages/review')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([^']+)'/g)].map((m) => m[1] ?? ''),
    );
    // Anywhere in the renderer, 'review:<key>' names a key of this namespace.
    const prefixed = sourceFiles(root).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/'review:([^']+)'/g)].map((m) => m[1] ?? ''),
    );
    expect(written.length).toBeGreaterThan(50);
    expect(prefixed).toContain('nav');
    for (const [language, entries] of Object.entries(review)) {
      expect(
        [...reviewDynamicKeys, ...written, ...prefixed].filter((key) => !entries.has(key)),
        language,
      ).toEqual([]);
    }
  });

  it('are real translations', () => {
    expect(review['fr-CA'].get('nav')).toBe('Révision');
    expect(review['fr-CA'].get('problems.secretMissing.action')).not.toBe(
      review.en.get('problems.secretMissing.action'),
    );
  });
});

describe("the desktop shell's catalogs (namespace 'shell')", () => {
  const shell = { en: flatten(shellEn), 'fr-CA': flatten(shellFrCA) };

  it('have the same keys in English and Canadian French, none empty, with the same {{variables}}', () => {
    expect([...shell['fr-CA'].keys()].sort()).toEqual([...shell.en.keys()].sort());
    for (const [language, entries] of Object.entries(shell)) {
      expect(
        [...entries].filter(([, text]) => text.trim() === '').map(([key]) => key),
        language,
      ).toEqual([]);
    }
    for (const [key, text] of shell.en)
      expect(variables(shell['fr-CA'].get(key) ?? ''), key).toEqual(variables(text));
  });

  it('contain every key written in the shell components, and every shell: key used elsewhere', () => {
    const root = join(__dirname, '../../src/renderer/src');
    const written = sourceFiles(join(root, 'shell')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*[`']([^`'$]+)[`']/g)].map((m) => m[1] ?? ''),
    );
    const prefixed = sourceFiles(root).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/'shell:([^']+)'/g)].map((m) => m[1] ?? ''),
    );
    // The About rows build their keys from a list.
    const aboutRows = ['version', 'electron', 'chromium', 'node', 'os', 'dataFolder', 'logsFolder'].map(
      (row) => `about.${row}`,
    );
    expect(written.length).toBeGreaterThan(10);
    for (const [language, entries] of Object.entries(shell)) {
      expect(
        [...written, ...prefixed, ...aboutRows].filter((key) => !entries.has(key) && key !== 'app.name'),
        language,
      ).toEqual([]);
    }
  });

  it('are real translations', () => {
    expect(shell['fr-CA'].get('unsaved.keepEditing')).toBe('Continuer la saisie');
    expect(shell['fr-CA'].get('support.title')).not.toBe(shell.en.get('support.title'));
  });
});
