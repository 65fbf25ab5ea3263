import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import en from '../../src/renderer/src/i18n/locales/en.json';
import frCA from '../../src/renderer/src/i18n/locales/fr-CA.json';
import { FRESHBOOKS_READ_SCOPES } from '../../src/shared/platforms/freshbooks';
import { FRESHBOOKS_WRITE_OBJECTS } from '../../src/shared/platforms/configuration';
import { getPlatform, PLATFORMS } from '../../src/shared/platforms';
import { wizardCatalogKeys } from '../../src/renderer/src/pages/integrations/setup/catalog-keys';
import { flatten } from './catalog-entries';

const flat = { en: flatten(en), 'fr-CA': flatten(frCA) };

/**
 * Every key the set-up screens build from the platform definitions, as the screens build them.
 * A fallback list resolves as i18next does, against English: the first key that exists. Built
 * inside each test, so mutation testing sees which tests reach catalog-keys.ts.
 */
const buildWizardKeys = () =>
  PLATFORMS.flatMap((p) =>
    wizardCatalogKeys(p).map((key) =>
      typeof key === 'string' ? key : (key.find((k) => flat.en.has(k)) ?? key[0]!),
    ),
  );

/** Every sentence key the field checks (the wizard's, the Clear Books form's and main's) can answer with. */
const validationKeys = [
  ...new Set(
    [...readFileSync('src/shared/platforms/field-checks.ts', 'utf8').matchAll(/'(validation\.\w+)'/g)].map(
      (m) => m[1]!,
    ),
  ),
];

describe('wizard catalogs', () => {
  it('contain every key the wizard builds from the platform definitions, in both languages', () => {
    const wizardKeys = buildWizardKeys();
    expect(wizardKeys.length).toBeGreaterThan(100);
    expect(validationKeys).toEqual(expect.arrayContaining(['validation.notAscii', 'validation.invalid']));
    expect(validationKeys.length).toBeGreaterThanOrEqual(9);
    for (const [language, entries] of Object.entries(flat)) {
      expect(
        [...wizardKeys, ...validationKeys].filter((key) => !entries.has(key)),
        language,
      ).toEqual([]);
    }
  });

  it('hold no platform or field text the set-up screens never show, in either language', () => {
    // Every key the screens may look up, fallbacks included: a text missing from this list is one
    // no test proves both catalogs hold.
    const listed = new Set(PLATFORMS.flatMap((p) => wizardCatalogKeys(p).flat()));
    const perPlatform = new RegExp(
      `^wizard\\.(${PLATFORMS.map((p) => p.id).join('|')}|fields|manage\\.replace|manage\\.newSecret)\\.`,
    );
    for (const [language, entries] of Object.entries(flat)) {
      const unlisted = [...entries.keys()].filter((key) => perPlatform.test(key) && !listed.has(key));
      // A platform's own error sentences are looked up by error code (error-text.ts).
      expect(unlisted, language).toEqual(['wizard.freshbooks.errors.ACCOUNT_NOT_SUPPORTED']);
    }
  });

  it('never name another product, and write the French in French', () => {
    for (const [language, entries] of Object.entries(flat)) {
      const mentions = [...entries].filter(([, text]) => /codat/i.test(text)).map(([key]) => key);
      expect(mentions, language).toEqual([]);
    }
    // Words that are the same in both languages.
    const same = new Set(['wizard.steps.options']);
    for (const key of buildWizardKeys().filter((k) => !k.includes('.regions.') && !same.has(k))) {
      // Console labels (in bold) stay in the provider's language; the sentences around them do not.
      if (/^wizard\.\w+\.register\./.test(key)) continue;
      expect(flat['fr-CA'].get(key), key).not.toBe(flat.en.get(key));
    }
  });

  it("keep FreshBooks' scope data in step with the shared schema", () => {
    const multi = getPlatform('freshbooks').setup.options.find((o) => o.kind === 'multi');
    expect(multi && 'values' in multi ? multi.values : []).toEqual([...FRESHBOOKS_WRITE_OBJECTS]);
    expect(FRESHBOOKS_READ_SCOPES).toContain('user:profile:read');
    expect(FRESHBOOKS_READ_SCOPES.every((s) => /^user:[a-z_]+:read$/.test(s))).toBe(true);
  });
});
