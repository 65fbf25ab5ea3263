import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import en from '../../src/renderer/src/i18n/locales/en.json';
import frCA from '../../src/renderer/src/i18n/locales/fr-CA.json';
import { ERROR_CODES } from '../../src/shared/ipc/errors';
import { connectionStatusSchema } from '../../src/shared/ipc/schemas';
import { PLATFORMS } from '../../src/shared/platforms';
import { THEMES } from '../../src/shared/settings';

type Catalog = { [key: string]: string | Catalog };
const catalogs: Record<string, Catalog> = { en, 'fr-CA': frCA };

function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix + key;
    if (typeof value === 'string') entries.set(path, value);
    else for (const [k, v] of flatten(value, `${path}.`)) entries.set(k, v);
  }
  return entries;
}

const CONNECTION_STATUSES = connectionStatusSchema.options;

const flat = { en: flatten(en), 'fr-CA': flatten(frCA) };
const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

/** Keys the UI builds from data (platform ids, link ids, themes…) rather than writing them out. */
const dynamicKeys = [
  ...ERROR_CODES.map((code) => `errors.${code}`),
  ...PLATFORMS.flatMap((p) => [
    `platforms.${p.id}.description`,
    `platforms.${p.id}.setup`,
    ...(p.requiresAppRegistration ? [`platforms.${p.id}.enableFirst`] : []),
    ...p.links.map((link) => `links.${link.id}`),
    ...p.credentialFields.filter((f) => f.secret).map((f) => `drawer.fingerprints.${f.id}`),
  ]),
  ...THEMES.map((theme) => `settings.themes.${theme}`),
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
  'notices.keychainUnavailable',
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
    const used = sourceFiles(root).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*\[?\s*'([^']+)'/g)].map((m) => m[1] ?? ''),
    );
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((key) => !flat.en.has(key))).toEqual([]);
  });

  it('are both real translations, not copies', () => {
    expect(catalogs['fr-CA']).not.toEqual(catalogs.en);
    expect(flat['fr-CA'].get('nav.settings')).toBe('Paramètres');
  });
});
