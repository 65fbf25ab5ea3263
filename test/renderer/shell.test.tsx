import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { App } from '../../src/renderer/src/App';
import { startBoot } from '../../src/renderer/src/boot';
import { shortcutCommand } from '../../src/renderer/src/shell/commands';
import { FAKE_APP_INFO } from './fake-api';
import { createFakeReviewApi, reviewRow, type FakeReviewOptions } from './fake-review-api';

/** The whole app against the fake main, with the review's channels too (Find goes there). */
async function renderDesk(options: FakeReviewOptions = {}) {
  const fake = createFakeReviewApi({
    rows: [
      reviewRow({ id: 'conn-a', label: 'Maple Bakery' }),
      reviewRow({ id: 'conn-b', label: 'Birch Ltd' }),
    ],
    ...options,
  });
  window.api = fake.api;
  const user = userEvent.setup();
  render(<App boot={startBoot()} />);
  await screen.findByTestId('integration-clearbooks');
  return { fake, user };
}

/** A screen's code loads on its first visit: slow the first time under test. */
const LAZY = { timeout: 8000 };
const h1 = () => screen.getByRole('heading', { level: 1 });

describe('keyboard shortcuts (the same as the menu)', () => {
  it('maps Ctrl+1–4, Ctrl+, and Ctrl+F (Cmd on macOS), and nothing else', () => {
    const key = (init: Partial<KeyboardEvent>) =>
      ({
        key: '',
        code: '',
        ctrlKey: false,
        metaKey: false,
        altKey: false,
        shiftKey: false,
        ...init,
      }) as KeyboardEvent;
    expect(shortcutCommand(key({ ctrlKey: true, key: '2', code: 'Digit2' }), false)).toEqual({
      command: 'showScreen',
      screen: 'connections',
    });
    // French AZERTY: Ctrl+Shift+& types the key in the "1" position.
    expect(shortcutCommand(key({ ctrlKey: true, shiftKey: true, key: '&', code: 'Digit1' }), false)).toEqual({
      command: 'showScreen',
      screen: 'integrations',
    });
    expect(shortcutCommand(key({ metaKey: true, key: ',' }), true)).toEqual({
      command: 'showScreen',
      screen: 'settings',
    });
    expect(shortcutCommand(key({ ctrlKey: true, key: 'F' }), false)).toEqual({ command: 'findInReview' });
    expect(shortcutCommand(key({ ctrlKey: true, key: 'f' }), true)).toBeNull();
    expect(shortcutCommand(key({ metaKey: true, key: '3', code: 'Digit3' }), false)).toBeNull();
    expect(shortcutCommand(key({ ctrlKey: true, key: '5', code: 'Digit5' }), false)).toBeNull();
    expect(shortcutCommand(key({ ctrlKey: true, altKey: true, key: '2', code: 'Digit2' }), false)).toBeNull();
    expect(shortcutCommand(key({ ctrlKey: true, shiftKey: true, key: 'F' }), false)).toBeNull();
    expect(shortcutCommand(key({ key: '2', code: 'Digit2' }), false)).toBeNull();
    expect(shortcutCommand(key({ key: '2', code: 'Digit2' }), true)).toBeNull();
    // Ctrl+K and Ctrl+F2 are no shortcuts of the app: neither finds nor changes screen.
    expect(shortcutCommand(key({ ctrlKey: true, key: 'k', code: 'KeyK' }), false)).toBeNull();
    expect(shortcutCommand(key({ ctrlKey: true, key: 'F2', code: 'F2' }), false)).toBeNull();
  });

  it('uses Cmd on macOS: Cmd+2 goes to Connections, Ctrl+2 does nothing', async () => {
    const platform = Object.getOwnPropertyDescriptor(Navigator.prototype, 'platform')!;
    Object.defineProperty(Navigator.prototype, 'platform', { configurable: true, get: () => 'MacIntel' });
    try {
      const { user } = await renderDesk();
      await user.keyboard('{Control>}2{/Control}');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(h1()).toHaveTextContent('Integrations');
      await user.keyboard('{Meta>}2{/Meta}');
      await waitFor(() => expect(h1()).toHaveTextContent('Connections'), LAZY);
    } finally {
      Object.defineProperty(Navigator.prototype, 'platform', platform);
    }
  });

  it('Ctrl+2, 3, 4, 1 and Ctrl+, move between the four screens', async () => {
    const { user } = await renderDesk();
    await user.keyboard('{Control>}2{/Control}');
    await waitFor(() => expect(h1()).toHaveTextContent('Connections'), LAZY);
    await user.keyboard('{Control>}3{/Control}');
    await waitFor(() => expect(h1()).toHaveTextContent('Review'), LAZY);
    await user.keyboard('{Control>}4{/Control}');
    await waitFor(() => expect(h1()).toHaveTextContent('Settings'), LAZY);
    await user.keyboard('{Control>}1{/Control}');
    await waitFor(() => expect(h1()).toHaveTextContent('Integrations'), LAZY);
    await user.keyboard('{Control>},{/Control}');
    await waitFor(() => expect(h1()).toHaveTextContent('Settings'), LAZY);
    expect(screen.getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
  });

  it('Ctrl+F opens the Review screen with the cursor in its search box, from the audit tab too', async () => {
    const { user } = await renderDesk();
    await user.keyboard('{Control>}f{/Control}');
    const search = await screen.findByRole('searchbox', { name: /Search/ }, LAZY);
    await waitFor(() => expect(search).toHaveFocus());
    await user.type(search, 'Maple');
    await user.click(screen.getByRole('tab', { name: /Audit/ }));
    await user.keyboard('{Control>}f{/Control}');
    const again = await screen.findByRole('searchbox', { name: /Search/ }, LAZY);
    await waitFor(() => expect(again).toHaveFocus());
    expect(again).toHaveValue('Maple');
  });
});

describe('menu commands from main', () => {
  it('go to a screen, find in Review and open About, through window.api.onMenuCommand', async () => {
    const { fake, user } = await renderDesk();
    act(() => fake.menuCommand({ command: 'showScreen', screen: 'connections' }));
    await waitFor(() => expect(h1()).toHaveTextContent('Connections'), LAZY);
    act(() => fake.menuCommand({ command: 'findInReview' }));
    await waitFor(() => expect(screen.getByRole('searchbox', { name: /Search/ })).toHaveFocus(), LAZY);

    act(() => fake.menuCommand({ command: 'showAbout' }));
    const about = within(await screen.findByRole('dialog', { name: 'About Integration Desk' }, LAZY));
    const table = await about.findByTestId('about');
    for (const value of Object.values(FAKE_APP_INFO)) expect(table).toHaveTextContent(value);
    expect(about.getByRole('rowheader', { name: 'Electron' })).toBeInTheDocument();
    expect(about.getByRole('rowheader', { name: 'Chromium' })).toBeInTheDocument();
    expect(about.getByRole('rowheader', { name: 'Data folder' })).toBeInTheDocument();
    expect(about.getByRole('button', { name: 'Copy these details' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('wait while a dialog is open, so nothing typed in it is lost to a screen change', async () => {
    const { fake, user } = await renderDesk();
    await user.click(
      within(screen.getByTestId('integration-zohobooks')).getByRole('button', { name: 'Set up' }),
    );
    const dialog = await screen.findByRole('dialog');
    act(() => fake.menuCommand({ command: 'showScreen', screen: 'review' }));
    fireEvent.keyDown(window, { key: '2', code: 'Digit2', ctrlKey: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h1()).toHaveTextContent('Integrations');
    expect(dialog).toBeInTheDocument();
  });
});

describe('About and the support section in Settings, in French too', () => {
  it('opens the data and logs folders by name, exports diagnostics and says so, opens About', async () => {
    const { fake, user } = await renderDesk({ settings: { language: 'fr-CA', languageFromSystem: false } });
    await user.click(screen.getByRole('link', { name: 'Paramètres' }));
    await screen.findByRole('heading', { level: 2, name: 'Soutien' }, LAZY);
    await user.click(screen.getByRole('button', { name: 'Ouvrir le dossier des données' }));
    await user.click(screen.getByRole('button', { name: 'Ouvrir le dossier des journaux' }));
    expect(fake.openedFolders).toEqual(['data', 'logs']);
    expect(fake.inputsOf('openSupportFolder')).toEqual([{ folder: 'data' }, { folder: 'logs' }]);

    await user.click(screen.getByRole('button', { name: 'Exporter les diagnostics…' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Diagnostics enregistrés.');
    expect(fake.diagnosticsExports()).toBe(1);
    // Cancelled in the save dialog: nothing is claimed.
    fake.support.diagnosticsSaves = false;
    await user.click(screen.getByRole('button', { name: 'Exporter les diagnostics…' }));
    await waitFor(() => expect(screen.queryByRole('status')).not.toBeInTheDocument());
    // A folder the OS could not open is said plainly.
    fake.support.foldersOpen = false;
    await user.click(screen.getByRole('button', { name: 'Ouvrir le dossier des journaux' }));
    expect(await screen.findByRole('alert')).toHaveTextContent("Le dossier n'a pas pu être ouvert.");

    await user.click(screen.getByRole('button', { name: "À propos d'Integration Desk" }));
    const about = within(await screen.findByRole('dialog', { name: "À propos d'Integration Desk" }));
    expect(await about.findByRole('rowheader', { name: "Système d'exploitation" })).toBeInTheDocument();
    expect(about.getByText(FAKE_APP_INFO.logsFolder)).toBeInTheDocument();
  });
});
