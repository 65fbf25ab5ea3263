import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { fakeFingerprint, type FakeApiOptions } from './fake-api';
import { renderIntegrations } from './render-app';

const ZOHO_SECRET = 'CANARY-zoho-client-secret-7f3a';

const configuredZoho = {
  clientId: '1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123',
  secrets: { clientSecret: ZOHO_SECRET },
  options: { region: 'uk', scopes: ['ZohoBooks.fullaccess.all'] },
  enabled: true,
  configuredAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-02T15:45:00.000Z',
};

/** Starts the app and opens one platform's drawer with its Set up / Manage button. */
async function openDrawer(platform: string, button: string, options?: FakeApiOptions) {
  const rendered = await renderIntegrations(options);
  const card = within(screen.getByTestId(`integration-${platform}`));
  await rendered.user.click(card.getByRole('button', { name: button }));
  return { ...rendered, drawer: within(await screen.findByRole('dialog')) };
}

describe('Set up / Manage drawer', () => {
  it('shows the stored client ID, fingerprint, options and dates, never the secret', async () => {
    const { fake, drawer } = await openDrawer('zohobooks', 'Manage', {
      integrations: { zohobooks: configuredZoho },
    });

    expect(drawer.getByRole('heading', { name: 'Zoho Books' })).toBeInTheDocument();
    await drawer.findByText(configuredZoho.clientId);
    expect(drawer.getByRole('button', { name: 'Copy client ID' })).toBeInTheDocument();

    const fingerprintRow = drawer.getByRole('rowheader', { name: 'Client secret fingerprint' }).closest('tr');
    expect(fingerprintRow).toHaveTextContent(fakeFingerprint(ZOHO_SECRET));
    expect(fingerprintRow).toHaveTextContent(/^Client secret fingerprinthmac-sha256:/);

    expect(drawer.getByText('region: uk')).toBeInTheDocument();
    expect(drawer.getByText('scopes: ["ZohoBooks.fullaccess.all"]')).toBeInTheDocument();
    expect(drawer.getByRole('rowheader', { name: 'State' }).closest('tr')).toHaveTextContent('Enabled');
    expect(drawer.getByText('November 1, 2026', { exact: false })).toBeInTheDocument();
    expect(drawer.getByText('November 2, 2026', { exact: false })).toBeInTheDocument();

    // Set up already: no registration guidance, and the secret appears nowhere.
    expect(drawer.queryByText(/guided set-up/)).not.toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(ZOHO_SECRET);
    expect(fake.inputsOf('getIntegration')).toEqual([{ platform: 'zohobooks' }]);
  });

  it('says plainly that nothing is stored, and what setting up means, without a fake form', async () => {
    const { drawer } = await openDrawer('freshbooks', 'Set up');

    expect(await drawer.findByText('Nothing is stored for FreshBooks yet.')).toBeInTheDocument();
    expect(drawer.getByText(/creating a Private App in the FreshBooks developer portal/)).toHaveTextContent(
      /guided set-up, which is not part of this version yet/,
    );
    expect(drawer.getByRole('rowheader', { name: 'Set up on' }).closest('tr')).toHaveTextContent(
      'Not set up yet',
    );
    expect(drawer.getByRole('rowheader', { name: 'Last change' }).closest('tr')).toHaveTextContent(
      'No changes yet',
    );
    expect(drawer.queryByRole('textbox')).not.toBeInTheDocument();
  });

  it('tells that Clear Books needs no registration', async () => {
    const { drawer } = await openDrawer('clearbooks', 'Manage');

    expect(
      await drawer.findByText(
        "No app registration is needed: enable Clear Books from the list, then link each company with the customer's API key.",
      ),
    ).toBeInTheDocument();
    expect(drawer.getByText('Nothing is stored for Clear Books yet.')).toBeInTheDocument();
    expect(drawer.queryByRole('rowheader', { name: 'Set up on' })).not.toBeInTheDocument();
  });

  it("opens the platform's links through main and shows a refusal", async () => {
    const { fake, user, drawer } = await openDrawer('zohobooks', 'Set up');

    const labels = (await drawer.findAllByRole('button', { name: /^Open the/ })).map((b) => b.textContent);
    expect(labels).toEqual([
      'Open the developer console',
      'Open the API documentation',
      'Open the sign-up page',
    ]);

    await user.click(drawer.getByRole('button', { name: 'Open the developer console' }));
    expect(fake.inputsOf('openPlatformLink')).toEqual([{ platform: 'zohobooks', link: 'console' }]);
    expect(drawer.queryByRole('alert')).not.toBeInTheDocument();

    fake.setFailure('openPlatformLink', 'LINK_NOT_ALLOWED');
    await user.click(drawer.getByRole('button', { name: 'Open the API documentation' }));
    expect(await drawer.findByRole('alert')).toHaveTextContent(
      'That link is not on the list of pages Integration Desk may open.',
    );
  });

  it('shows what could not be loaded', async () => {
    const { drawer } = await openDrawer('sage', 'Set up', { failures: { getIntegration: 'DB_BUSY' } });
    expect(await drawer.findByRole('alert')).toHaveTextContent('The data file is busy.');
  });

  it('closes with Escape and returns focus to the button that opened it', async () => {
    const { user } = await openDrawer('sage', 'Set up');
    await user.keyboard('{Escape}');
    await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
    expect(
      within(screen.getByTestId('integration-sage')).getByRole('button', { name: 'Set up' }),
    ).toHaveFocus();
  });

  it('renders a stored client ID that looks like markup as plain text', async () => {
    const markup = '<img src=x onerror="window.__xss=1">';
    const { drawer } = await openDrawer('sage', 'Manage', {
      integrations: { sage: { ...configuredZoho, clientId: markup, options: { note: markup } } },
    });

    expect(await drawer.findByText(markup)).toBeInTheDocument();
    expect(drawer.getByText(`note: ${markup}`)).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
    expect((window as { __xss?: number }).__xss).toBeUndefined();
  });

  it('formats dates in French when the app is in French', async () => {
    const { drawer } = await openDrawer('zohobooks', 'Gérer', {
      settings: { language: 'fr-CA' },
      integrations: { zohobooks: configuredZoho },
    });

    expect(await drawer.findByText('1 novembre 2026', { exact: false })).toBeInTheDocument();
    expect(drawer.getByRole('rowheader', { name: 'Empreinte du secret client' })).toBeInTheDocument();
    expect(drawer.getByRole('button', { name: "Copier l'identifiant client" })).toBeInTheDocument();
  });
});
