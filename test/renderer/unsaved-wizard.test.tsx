import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderIntegrations } from './render-app';

const CLIENT_ID = '1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123';
/** The wizard's code loads on first opening: slow the first time under test. */
const LAZY = { timeout: 8000 };
const card = (platform: string) => within(screen.getByTestId(`integration-${platform}`));

async function openZohoWizardWithTypedValues() {
  const rendered = await renderIntegrations();
  await rendered.user.click(card('zohobooks').getByRole('button', { name: 'Set up' }));
  const dialog = within(await screen.findByRole('dialog', { name: /Set up Zoho Books/ }, LAZY));
  await rendered.user.click(await dialog.findByRole('button', { name: 'Next' }, LAZY));
  await rendered.user.type(await dialog.findByRole('textbox', { name: 'Client ID' }), CLIENT_ID);
  return { ...rendered, dialog };
}

const confirmation = () => screen.findByRole('dialog', { name: 'Discard what you typed?' });

describe('closing a set-up wizard with typed values asks first', () => {
  it.each([
    [
      'Escape',
      async (user: Awaited<ReturnType<typeof openZohoWizardWithTypedValues>>['user']) =>
        user.keyboard('{Escape}'),
    ],
    [
      'the × button',
      async (user: Awaited<ReturnType<typeof openZohoWizardWithTypedValues>>['user']) =>
        user.click(screen.getAllByRole('button', { name: 'Close' })[0]!),
    ],
  ])('%s: Keep editing keeps every typed value; Discard closes', async (_how, close) => {
    const { user, dialog } = await openZohoWizardWithTypedValues();
    await close(user);
    const ask = within(await confirmation());
    expect(ask.getByText(/not saved yet/)).toBeInTheDocument();
    await waitFor(() => expect(ask.getByRole('button', { name: 'Keep editing' })).toHaveFocus());
    await user.click(ask.getByRole('button', { name: 'Keep editing' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Discard what you typed?' })).not.toBeInTheDocument(),
    );
    expect(dialog.getByRole('textbox', { name: 'Client ID' })).toHaveValue(CLIENT_ID);

    await close(user);
    // Escape on the question means "keep editing" too.
    await confirmation();
    await user.keyboard('{Escape}');
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Discard what you typed?' })).not.toBeInTheDocument(),
    );
    expect(dialog.getByRole('textbox', { name: 'Client ID' })).toHaveValue(CLIENT_ID);

    await close(user);
    await user.click(within(await confirmation()).getByRole('button', { name: 'Discard and close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('a click outside the dialog asks too', async () => {
    const { user } = await openZohoWizardWithTypedValues();
    const overlay = document.querySelector<HTMLElement>('.mantine-Modal-overlay')!;
    await user.click(overlay);
    expect(await confirmation()).toBeInTheDocument();
  });

  it('a wizard with nothing typed closes at once, and so does one whose values were all typed away', async () => {
    const rendered = await renderIntegrations();
    await rendered.user.click(card('zohobooks').getByRole('button', { name: 'Set up' }));
    await screen.findByRole('dialog', { name: /Set up Zoho Books/ }, LAZY);
    await rendered.user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    const { user, dialog } = await (async () => {
      await rendered.user.click(card('zohobooks').getByRole('button', { name: 'Set up' }));
      const d = within(await screen.findByRole('dialog', { name: /Set up Zoho Books/ }, LAZY));
      await rendered.user.click(await d.findByRole('button', { name: 'Next' }, LAZY));
      await rendered.user.type(await d.findByRole('textbox', { name: 'Client ID' }), 'abc');
      return { user: rendered.user, dialog: d };
    })();
    await user.clear(dialog.getByRole('textbox', { name: 'Client ID' }));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('refuses to let the page unload while values are typed (the app asks in a native dialog)', async () => {
    const { user } = await openZohoWizardWithTypedValues();
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    await user.keyboard('{Escape}');
    await user.click(within(await confirmation()).getByRole('button', { name: 'Discard and close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const after = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
  });
});

describe("Manage's change form asks too", () => {
  it('an edited client ID is not lost to Escape; once saved, Escape closes at once', async () => {
    const rendered = await renderIntegrations({
      integrations: {
        zohobooks: {
          clientId: CLIENT_ID,
          secrets: { clientSecret: 'CANARY-zoho-secret-manage-1' },
          options: { regions: ['uk'], includeLineItems: false, includeCustomerContacts: false },
          enabled: true,
          configuredAt: '2026-11-01T10:00:00.000Z',
          updatedAt: '2026-11-02T15:45:00.000Z',
        },
      },
    });
    const { user } = rendered;
    await user.click(card('zohobooks').getByRole('button', { name: 'Manage' }));
    const dialog = within(await screen.findByRole('dialog', undefined, LAZY));
    await dialog.findByTestId('stored', undefined, LAZY);
    const clientId = dialog.getByRole('textbox', { name: 'Client ID' });
    await user.clear(clientId);
    await user.type(clientId, '1000.ZYXWVUTSRQPONMLKJIHGFEDCBA9876');
    await user.keyboard('{Escape}');
    await user.click(within(await confirmation()).getByRole('button', { name: 'Keep editing' }));
    expect(dialog.getByRole('textbox', { name: 'Client ID' })).toHaveValue(
      '1000.ZYXWVUTSRQPONMLKJIHGFEDCBA9876',
    );
    await user.click(dialog.getByRole('button', { name: 'Save changes' }));
    await dialog.findByTestId('manage-saved');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });
});
