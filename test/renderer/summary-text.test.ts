import { afterAll, describe, expect, it } from 'vitest';

import { getPlatform } from '../../src/shared/platforms';
import i18n, { loadLanguage } from '../../src/renderer/src/i18n';
import { optionName, optionValueText } from '../../src/renderer/src/pages/integrations/setup/summary-text';

/** How saved options read in the wizard's review and Manage's "What is stored", every kind of option. */
const zoho = getPlatform('zohobooks');
const sage = getPlatform('sage');
const freshbooks = getPlatform('freshbooks');
const option = (platform: typeof zoho, key: string) => platform.setup.options.find((o) => o.key === key)!;

afterAll(async () => {
  await loadLanguage('en');
});

describe('saved options in words', () => {
  it('in English and French: regions by name, flags as yes or no, choices by label, scopes as asked', async () => {
    const expected = {
      en: [
        'European Union, Canada',
        'None',
        'Yes',
        'No',
        'Client ID and client secret (API v3.1)',
        'Data centres',
        'Include line items',
      ],
      'fr-CA': [
        'Union européenne, Canada',
        'Aucune',
        'Oui',
        'Non',
        'ID client et secret client (API v3.1)',
        'Centres de données',
        'Inclure les lignes',
      ],
    } as const;
    for (const language of ['en', 'fr-CA'] as const) {
      await loadLanguage(language);
      const t = i18n.t.bind(i18n);
      const regions = option(zoho, 'regions');
      const flag = option(zoho, 'includeLineItems');
      expect([
        optionValueText(t, zoho, regions, ['eu', 'ca']),
        optionValueText(t, zoho, regions, []),
        optionValueText(t, zoho, flag, true),
        // Only `true` is yes: a stored value that is not a boolean reads as no.
        optionValueText(t, zoho, flag, 'true'),
        optionValueText(t, sage, option(sage, 'credentialType'), 'v3.1'),
        optionName(t, zoho, regions),
        optionName(t, zoho, flag),
      ]).toEqual(expected[language]);
      const scopes = option(freshbooks, 'writeScopes');
      expect(optionValueText(t, freshbooks, scopes, ['invoices', 'clients'])).toBe(
        'user:invoices:write, user:clients:write',
      );
      expect(optionValueText(t, freshbooks, scopes, [])).toBe(expected[language][1]);
    }
  });
});
