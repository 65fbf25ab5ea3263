import { cleanup, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { App } from '../../src/renderer/src/App';
import { firstScreenReady, startBoot } from '../../src/renderer/src/boot';
import { createFakeApi } from './fake-api';
import { renderApp, renderIntegrations } from './render-app';

describe('App start-up', () => {
  it('asks for the settings, the notices and the integrations at once, and shows a loader until they arrive', async () => {
    const fake = createFakeApi();
    const release = fake.pause('getSettings');
    window.api = fake.api;
    render(<App boot={startBoot()} />);

    // All three are on their way before the settings have answered.
    expect(fake.calls.map((c) => c.channel).sort()).toEqual([
      'getSettings',
      'getStartupNotices',
      'listIntegrations',
    ]);
    expect(screen.getByRole('status')).toHaveTextContent('Loading…');
    expect(screen.queryByRole('heading', { level: 1 })).not.toBeInTheDocument();

    release();
    expect(await screen.findByRole('heading', { level: 1, name: 'Integrations' })).toBeInTheDocument();
    expect(await screen.findByTestId('integration-clearbooks')).toBeInTheDocument();
    // The Integrations screen used the list asked for at start-up: no second round trip.
    expect(fake.inputsOf('listIntegrations')).toHaveLength(1);
  });

  it('asks main for a fresh list when coming back to Integrations', async () => {
    const { fake, user } = await renderIntegrations();
    await user.click(screen.getByRole('switch', { name: 'Enable Clear Books' }));
    await user.click(screen.getByRole('link', { name: 'Settings' }));
    await screen.findByRole('heading', { level: 1, name: 'Settings' });
    await user.click(screen.getByRole('link', { name: 'Integrations' }));

    expect(await screen.findByRole('switch', { name: 'Enable Clear Books' })).toBeChecked();
    expect(fake.inputsOf('listIntegrations')).toHaveLength(2);
  });

  it('loads without start-up calls handed to it, one after the other as before', async () => {
    const fake = createFakeApi();
    window.api = fake.api;
    render(<App />);
    expect(await screen.findByTestId('integration-clearbooks')).toBeInTheDocument();
    expect(
      fake.calls
        .map((c) => c.channel)
        .slice(0, 2)
        .sort(),
    ).toEqual(['getSettings', 'getStartupNotices']);
    expect(fake.inputsOf('listIntegrations')).toHaveLength(1);
  });

  it('starts in the saved language and theme', async () => {
    await renderApp({ settings: { language: 'fr-CA', languageFromSystem: false, theme: 'dark' } });

    expect(screen.getByRole('heading', { level: 1, name: 'Intégrations' })).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Principal' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('fr-CA');
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark');
  });

  it('draws a saved dark theme from the first frame, and keeps no copy of it in the browser', async () => {
    const fake = createFakeApi({ settings: { theme: 'dark' } });
    window.api = fake.api;
    // Every scheme set on <html>, in order (an observer would see only the last of one task's).
    const schemes: string[] = [];
    const originalSetAttribute = Element.prototype.setAttribute;
    const setAttribute = vi.spyOn(Element.prototype, 'setAttribute').mockImplementation(function (
      this: Element,
      name: string,
      value: string,
    ) {
      if (this === document.documentElement && name === 'data-mantine-color-scheme') schemes.push(value);
      originalSetAttribute.call(this, name, value);
    });
    const storageRead = vi.spyOn(Storage.prototype, 'getItem');
    let storageReads: number;
    try {
      // As main.tsx does: one render, once the first answers are in.
      const boot = startBoot();
      await firstScreenReady(boot, 5_000);
      render(<App boot={boot} />);
      await screen.findByRole('heading', { level: 1 });
    } finally {
      setAttribute.mockRestore();
      storageReads = storageRead.mock.calls.length;
      storageRead.mockRestore();
    }
    expect(schemes).toContain('dark');
    expect(schemes).not.toContain('light');
    expect(storageReads).toBe(0);
  });

  it('follows the system colour scheme when the theme is automatic', async () => {
    const matchMedia = window.matchMedia;
    window.matchMedia = (query) => ({
      ...matchMedia(query),
      matches: query === '(prefers-color-scheme: dark)',
    });
    try {
      await renderApp({ settings: { theme: 'auto' } });
      expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark');
    } finally {
      window.matchMedia = matchMedia;
    }
  });

  it('shows each start-up notice as an alert that can be dismissed', async () => {
    const { user } = await renderApp({
      notices: [
        {
          kind: 'databaseMovedAside',
          fileName: 'integration-desk.corrupt-2026-11-20.sqlite',
          at: '2026-11-20T09:00:00Z',
          reason: 'corrupt',
        },
        { kind: 'keychain', health: 'unavailable', missingLibrary: null },
      ],
    });

    const alerts = screen.getAllByRole('alert');
    expect(alerts[0]).toHaveTextContent(
      'The data file could not be read, so it was moved aside as integration-desk.corrupt-2026-11-20.sqlite and a new one was started. Nothing was deleted.',
    );
    expect(alerts[1]).toHaveTextContent(/keychain cannot be reached/);

    await user.click(within(alerts[0]!).getByRole('button', { name: 'Dismiss' }));
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it('names the copy put in place of an unreadable or empty data file, in each language', async () => {
    const copy = 'integration-desk-20261206T090000000Z-daily.sqlite';
    const notice = (reason: 'corrupt' | 'empty', fileName: string) => ({
      kind: 'databaseMovedAside' as const,
      fileName,
      at: '2026-11-20T09:00:00Z',
      reason,
      restoredFrom: copy,
    });
    await renderApp({
      notices: [notice('corrupt', 'a.sqlite.corrupt-1'), notice('empty', 'b.sqlite.empty-1')],
    });
    const [corrupt, empty] = screen.getAllByRole('alert');
    expect(corrupt).toHaveTextContent(
      `The data file could not be read, so it was moved aside as a.sqlite.corrupt-1 and the newest copy, ${copy}, was put in its place. Changes made since that copy are not in it; Review lists what the keychain and the copy disagree on. Nothing was deleted.`,
    );
    expect(empty).toHaveTextContent(
      new RegExp(
        `^The data file was empty \\(0 bytes\\), so it was moved aside as b\\.sqlite\\.empty-1 and the newest copy, ${copy}, was put`,
      ),
    );
    cleanup();
    await renderApp({ settings: { language: 'fr-CA' }, notices: [notice('corrupt', 'a.sqlite.corrupt-1')] });
    expect(screen.getByRole('alert')).toHaveTextContent(
      new RegExp(
        `illisible.*a\\.sqlite\\.corrupt-1 et la copie la plus récente, ${copy}, a été mise à sa place`,
      ),
    );
  });

  it('shows the start-up notice in French', async () => {
    await renderApp({
      settings: { language: 'fr-CA' },
      notices: [
        {
          kind: 'databaseMovedAside',
          fileName: 'desk.old.sqlite',
          at: '2026-11-20T09:00:00Z',
          reason: 'corrupt',
        },
      ],
    });
    expect(screen.getByRole('alert')).toHaveTextContent(
      /mis de côté sous le nom desk\.old\.sqlite.*Rien n'a été supprimé\./,
    );
  });

  it('says in each language which way the keychain is unusable, and which library is missing', async () => {
    await renderApp({
      notices: [
        { kind: 'keychain', health: 'locked', missingLibrary: null },
        {
          kind: 'databaseMovedAside',
          fileName: 'desk.sqlite.empty-1',
          at: '2026-11-20T09:00:00Z',
          reason: 'empty',
        },
      ],
    });
    const [locked, empty] = screen.getAllByRole('alert');
    expect(locked).toHaveTextContent(/keychain is locked\. Unlock it/);
    expect(empty).toHaveTextContent(/was empty \(0 bytes\), so it was moved aside as desk\.sqlite\.empty-1/);
    cleanup();
    await renderApp({
      settings: { language: 'fr-CA' },
      notices: [
        { kind: 'keychain', health: 'noCollection', missingLibrary: null },
        { kind: 'keychain', health: 'unavailable', missingLibrary: 'libsecret-1.so.0' },
      ],
    });
    const [noCollection, library] = screen.getAllByRole('alert');
    expect(noCollection).toHaveTextContent(/n'a pas de trousseau par défaut/);
    expect(library).toHaveTextContent(
      /bibliothèque libsecret-1\.so\.0 est absente.*libsecret-1-0 sous Debian/,
    );
  });

  it('asks main again while the keychain is being checked, and shows the notice found at the end', async () => {
    const fake = createFakeApi({
      noticeAnswers: [
        { notices: [], checking: true },
        { notices: [], checking: true },
        { notices: [{ kind: 'keychain', health: 'locked', missingLibrary: null }], checking: false },
      ],
    });
    window.api = fake.api;
    render(<App boot={startBoot()} />);
    expect(await screen.findByTestId('integration-clearbooks')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(await screen.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent(/keychain is locked/);
    const asked = fake.inputsOf('getStartupNotices').length;
    expect(asked).toBe(3);
    // Once main says the check has ended, it is not asked again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(fake.inputsOf('getStartupNotices')).toHaveLength(asked);
  });

  it('still starts when the notices cannot be read', async () => {
    await renderApp({ failures: { getStartupNotices: 'INTERNAL' } });
    expect(await screen.findByTestId('integration-clearbooks')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says when the settings cannot be loaded and tries again on request', async () => {
    const fake = createFakeApi({ failures: { getSettings: 'DB_BUSY', listIntegrations: 'DB_BUSY' } });
    window.api = fake.api;
    render(<App boot={startBoot()} />);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /could not load its settings.*data file is busy/,
    );
    fake.setFailure('getSettings', null);
    fake.setFailure('listIntegrations', null);
    screen.getByRole('button', { name: 'Try again' }).click();
    expect(await screen.findByRole('heading', { level: 1, name: 'Integrations' })).toBeInTheDocument();
    // The list that failed at start-up is not reused: the screen asks again.
    expect(await screen.findByTestId('integration-clearbooks')).toBeInTheDocument();
    expect(fake.inputsOf('listIntegrations')).toHaveLength(2);
  });

  it('marks the current screen in the navigation', async () => {
    const { user } = await renderApp();
    const integrations = screen.getByRole('link', { name: 'Integrations' });
    const settings = screen.getByRole('link', { name: 'Settings' });
    expect(integrations).toHaveAttribute('aria-current', 'page');

    settings.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    expect(settings).toHaveAttribute('aria-current', 'page');
    expect(integrations).not.toHaveAttribute('aria-current');
  });

  it('adds no <style> element at runtime, which the CSP would block', async () => {
    const { user } = await renderIntegrations();
    await user.click(
      within(screen.getByTestId('integration-zohobooks')).getByRole('button', { name: 'Set up' }),
    );
    await within(await screen.findByRole('dialog')).findByText(/^Nothing is stored for Zoho Books yet\./);
    expect(document.querySelectorAll('style')).toHaveLength(0);

    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('link', { name: 'Settings' }));
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Language' }), 'fr-CA');
    await screen.findByRole('heading', { level: 1, name: 'Paramètres' });
    expect(document.querySelectorAll('style')).toHaveLength(0);
  });
});
