import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { tempDir, testKeychain, testServices } from './support/temp';

describe('settings', () => {
  it('follows the OS language until one is chosen, then keeps the choice across restarts', () => {
    const dataDir = tempDir();
    const secrets = testKeychain();
    const first = testServices({ dataDir, secrets, systemLocales: ['fr-CA', 'en-US'] });
    expect(first.settings.get()).toMatchObject({
      language: 'fr-CA',
      languageFromSystem: true,
      theme: 'auto',
    });
    first.settings.update({ language: 'en', theme: 'dark' });
    first.close();
    const second = testServices({ dataDir, secrets, systemLocales: ['fr-CA'] });
    expect(second.settings.get()).toMatchObject({ language: 'en', languageFromSystem: false, theme: 'dark' });
    expect(second.settings.get().dataFilePath).toBe(join(dataDir, 'integration-desk.sqlite'));
  });

  it('audits each settings change', () => {
    const { settings, audit } = testServices();
    settings.update({ theme: 'light' });
    expect(audit.recent(1)[0]).toMatchObject({
      action: 'settings.update',
      target: 'theme',
      outcome: 'success',
      detail: { value: 'light' },
    });
  });
});
