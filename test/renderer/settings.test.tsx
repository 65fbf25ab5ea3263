import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { renderApp } from './render-app';

/** Picks a language in the native select, as a keyboard or mouse user would. */
async function choose(user: UserEvent, label: string, option: string) {
  await user.selectOptions(screen.getByRole('combobox', { name: label }), option);
}

async function openSettings(options?: Parameters<typeof renderApp>[0]) {
  const rendered = await renderApp(options);
  await rendered.user.click(screen.getByRole('link', { name: 'Settings' }));
  await screen.findByRole('heading', { level: 1, name: 'Settings' });
  return rendered;
}

describe('Settings screen', () => {
  it('switches the whole app to French and saves the choice', async () => {
    const { fake, user } = await openSettings();

    await choose(user, 'Language', 'Français (Canada)');

    expect(await screen.findByRole('heading', { level: 1, name: 'Paramètres' })).toBeInTheDocument();
    expect(fake.inputsOf('updateSettings')).toEqual([{ language: 'fr-CA' }]);
    expect(document.documentElement.lang).toBe('fr-CA');
    expect(screen.getByRole('heading', { level: 2, name: 'Où sont vos données' })).toBeInTheDocument();
    expect(screen.getByText('English', { selector: '[lang="en"]' })).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Intégrations' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Intégrations' })).toBeInTheDocument();
    expect(await screen.findByRole('switch', { name: 'Activer Clear Books' })).toBeInTheDocument();
    expect(
      within(screen.getByTestId('integration-zohobooks')).getByRole('button', { name: 'Configurer' }),
    ).toBeInTheDocument();
  });

  it('says the language follows the system until one is chosen', async () => {
    const { user } = await openSettings();
    const hint = 'Follows your operating system until you choose a language.';
    expect(screen.getByText(hint)).toBeInTheDocument();

    await choose(user, 'Language', 'Français (Canada)');
    await screen.findByRole('heading', { level: 1, name: 'Paramètres' });
    expect(screen.queryByText(/Suit votre système/)).not.toBeInTheDocument();
  });

  it('saves the sign-in port and timeout together, and refuses values out of range', async () => {
    const { fake, user } = await openSettings();
    const port = screen.getByRole('textbox', { name: 'Local port for sign-in callbacks' });
    const timeout = screen.getByRole('textbox', { name: 'Time allowed for a sign-in (minutes)' });
    const save = screen.getByRole('button', { name: 'Save sign-in settings' });
    expect(save).toBeDisabled();

    await user.clear(port);
    await user.type(port, '80');
    expect(await screen.findByText('Enter a whole number from 1024 to 65535.')).toBeInTheDocument();
    expect(save).toBeDisabled();

    await user.clear(port);
    await user.type(port, '50123');
    await user.clear(timeout);
    await user.type(timeout, '5');
    await user.click(save);
    await waitFor(() =>
      expect(fake.inputsOf('updateSettings')).toEqual([
        { loopbackPort: 50123, signInTimeoutMinutes: 5, redirectHost: '127.0.0.1' },
      ]),
    );
  });

  it('offers 127.0.0.1 (the default) or localhost as the redirect host, and shows the URI shape to register', async () => {
    const { fake, user } = await openSettings();
    const host = screen.getByRole('combobox', { name: 'Host in the redirect URIs' });
    expect(host).toHaveValue('127.0.0.1');
    expect(host).toHaveAccessibleDescription(/http:\/\/127\.0\.0\.1:47318\/oauth\/…\/callback/);
    expect(host).toHaveAccessibleDescription(/listens on this computer only/);
    await user.selectOptions(host, "localhost (as the providers' examples write it)");
    expect(host).toHaveAccessibleDescription(/http:\/\/localhost:47318\/oauth\/…\/callback/);
    await user.click(screen.getByRole('button', { name: 'Save sign-in settings' }));
    await waitFor(() =>
      expect(fake.inputsOf('updateSettings')).toEqual([
        { loopbackPort: 47318, signInTimeoutMinutes: 10, redirectHost: 'localhost' },
      ]),
    );
    // The wizards then show the URI with that host.
    await user.click(screen.getByRole('link', { name: 'Integrations' }));
    await user.click(
      await within(await screen.findByTestId('integration-sage')).findByRole('button', { name: 'Set up' }),
    );
    expect(await within(await screen.findByRole('dialog')).findByTestId('console-steps')).toHaveTextContent(
      'http://localhost:47318/oauth/sage/callback',
    );
  });

  it('keeps Sage links alive only when switched on (off by default), saved at once', async () => {
    const { fake, user } = await openSettings();
    const keepAlive = screen.getByRole('switch', { name: 'Refresh Sage links before they lapse' });
    expect(keepAlive).not.toBeChecked();
    expect(keepAlive).toHaveAccessibleDescription(
      /31 days without use.*under 7 days left.*audit log.*Off by default/,
    );
    await user.click(keepAlive);
    await waitFor(() => expect(keepAlive).toBeChecked());
    expect(fake.inputsOf('updateSettings')).toEqual([{ keepLinksAlive: true }]);
    await user.keyboard(' ');
    await waitFor(() => expect(keepAlive).not.toBeChecked());
    expect(fake.inputsOf('updateSettings')).toEqual([{ keepLinksAlive: true }, { keepLinksAlive: false }]);
  });

  it('saves the theme and applies it', async () => {
    const { fake, user } = await openSettings();
    const themes = screen.getByRole('radiogroup', { name: 'Theme' });
    expect(within(themes).getByRole('radio', { name: 'Automatic' })).toBeChecked();
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'light');

    await user.click(within(themes).getByRole('radio', { name: 'Dark' }));

    await waitFor(() =>
      expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark'),
    );
    expect(fake.inputsOf('updateSettings')).toEqual([{ theme: 'dark' }]);
    expect(within(themes).getByRole('radio', { name: 'Dark' })).toBeChecked();
  });

  it('keeps the saved value and says why when saving fails', async () => {
    const { user } = await openSettings({ failures: { updateSettings: 'DB_BUSY' } });

    await user.click(
      within(screen.getByRole('radiogroup', { name: 'Theme' })).getByRole('radio', { name: 'Light' }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent('The data file is busy.');
    expect(screen.getByRole('radio', { name: 'Automatic' })).toBeChecked();
  });

  it('shows where the data lives, with a copy button, and that secrets are not in it', async () => {
    await openSettings({
      settings: { dataFilePath: 'C:\\Users\\support\\AppData\\Roaming\\Integration Desk\\desk.sqlite' },
    });

    expect(screen.getByRole('heading', { level: 2, name: 'Where your data lives' })).toBeInTheDocument();
    expect(
      screen.getByText('C:\\Users\\support\\AppData\\Roaming\\Integration Desk\\desk.sqlite').tagName,
    ).toBe('PRE');
    expect(screen.getByRole('button', { name: 'Copy path' })).toBeInTheDocument();
    expect(
      screen.getByText(/kept in your operating system's keychain, never in this file/),
    ).toBeInTheDocument();
  });
});
