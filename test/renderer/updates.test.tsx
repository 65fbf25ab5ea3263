import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { FakeApiOptions } from './fake-api';
import { renderApp } from './render-app';

async function openSettings(options?: FakeApiOptions, language?: 'fr-CA') {
  const rendered = await renderApp({ ...options, ...(language && { settings: { language } }) });
  await rendered.user.click(screen.getByRole('link', { name: language ? 'Paramètres' : 'Settings' }));
  await screen.findByRole('heading', { level: 1, name: language ? 'Paramètres' : 'Settings' });
  return rendered;
}

describe('Updates in Settings', () => {
  it('shows nothing about updates in a build without an update feed', async () => {
    const { fake } = await openSettings();
    expect(fake.inputsOf('getUpdateStatus')).toHaveLength(1);
    expect(screen.queryByRole('heading', { name: 'Updates' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Check for updates' })).not.toBeInTheDocument();
  });

  it('checks on request, then offers Restart to update for the downloaded version', async () => {
    const { fake, user } = await openSettings({ updates: { found: '1.4.0' } });
    expect(screen.getByRole('heading', { level: 2, name: 'Updates' })).toBeInTheDocument();
    expect(screen.getByTestId('update-status')).toHaveTextContent('looks for a new version when it starts');
    await user.click(screen.getByRole('button', { name: 'Check for updates' }));
    expect(
      await screen.findByText('Version 1.4.0 is ready. Restart Integration Desk to finish updating.'),
    ).toBeInTheDocument();
    expect(fake.inputsOf('installUpdate')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Restart to update' }));
    expect(await screen.findByText('Restarting to install the update…')).toBeInTheDocument();
    expect(fake.inputsOf('installUpdate')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Restart to update' })).toBeDisabled();
  });

  it('says when it is up to date, and says it in French too', async () => {
    const { user } = await openSettings({ updates: { found: null } }, 'fr-CA');
    expect(screen.getByRole('heading', { level: 2, name: 'Mises à jour' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Rechercher des mises à jour' }));
    expect(await screen.findByText('Integration Desk est à jour.')).toBeInTheDocument();
  });

  it('says a failed check plainly, and lets it be tried again', async () => {
    const { user } = await openSettings({
      updates: { found: null },
      failures: { checkForUpdates: 'INTERNAL' },
    });
    await user.click(screen.getByRole('button', { name: 'Check for updates' }));
    expect(
      await screen.findByText('The update check failed. Check the internet connection, then try again.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Check for updates' })).toBeEnabled();
  });
});
