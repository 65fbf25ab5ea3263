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

  it('the first OS language that is English or French decides: any French is Canadian French, the rest English', () => {
    const language = (systemLocales: string[]) =>
      testServices({ dataDir: tempDir(), systemLocales }).settings.get().language;
    expect(language(['en-US', 'fr-CA'])).toBe('en');
    expect(language(['en_GB', 'fr'])).toBe('en');
    expect(language(['de-DE', 'FR_be', 'en-US'])).toBe('fr-CA');
    expect(language(['de-DE', 'en-CA', 'fr-FR'])).toBe('en');
    expect(language(['de-DE', 'es'])).toBe('en');
    expect(language([])).toBe('en');
    // Not a language code that merely starts with the letters.
    expect(language(['fry', 'fr-CA'])).toBe('fr-CA');
    expect(language(['eng', 'fr-CA'])).toBe('fr-CA');
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

  it('a new install: English unless the OS says French, automatic theme, port 47318, 10 minutes, 127.0.0.1, links left alone', () => {
    const dataDir = tempDir();
    const { settings } = testServices({ dataDir, systemLocales: ['de-DE'] });
    expect(settings.get()).toEqual({
      language: 'en',
      languageFromSystem: true,
      theme: 'auto',
      dataFilePath: join(dataDir, 'integration-desk.sqlite'),
      loopbackPort: 47_318,
      signInTimeoutMinutes: 10,
      redirectHost: '127.0.0.1',
      keepLinksAlive: false,
    });
  });

  it('keeps every setting across a restart, and leaves out what an update does not name', () => {
    const dataDir = tempDir();
    const secrets = testKeychain();
    const first = testServices({ dataDir, secrets });
    const chosen = {
      language: 'fr-CA',
      theme: 'dark',
      loopbackPort: 51_000,
      signInTimeoutMinutes: 3,
      redirectHost: 'localhost',
      keepLinksAlive: true,
    } as const;
    expect(first.settings.update(chosen)).toMatchObject({ ...chosen, languageFromSystem: false });
    // A field present but undefined (an update that names nothing) changes and audits nothing.
    const audited = first.audit.recent().length;
    first.settings.update({ theme: undefined });
    expect(first.audit.recent()).toHaveLength(audited);
    first.close();
    const second = testServices({ dataDir, secrets });
    expect(second.settings.get()).toMatchObject({ ...chosen, languageFromSystem: false });
  });

  it('tells each follower of a saved change, even when one of them fails, and stops when asked', () => {
    const { settings } = testServices();
    const seen: string[] = [];
    const stop = settings.onChange((next) => seen.push(`first:${next.theme}`));
    settings.onChange(() => {
      throw new Error('the menu could not be rebuilt');
    });
    settings.onChange((next) => seen.push(`last:${next.theme}`));
    expect(settings.update({ theme: 'dark' }).theme).toBe('dark');
    stop();
    settings.update({ theme: 'light' });
    expect(seen).toEqual(['first:dark', 'last:dark', 'last:light']);
    expect(settings.get().theme).toBe('light');
  });
});
