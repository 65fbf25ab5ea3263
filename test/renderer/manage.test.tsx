import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { fakeFingerprint, type FakeApiOptions } from './fake-api';
import { renderIntegrations } from './render-app';

const ZOHO_SECRET = 'CANARY-zoho-client-secret-7f3a';

const configuredZoho = {
  clientId: '1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123',
  secrets: { clientSecret: ZOHO_SECRET },
  options: { regions: ['uk'], includeLineItems: false, includeCustomerContacts: false },
  enabled: true,
  configuredAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-02T15:45:00.000Z',
};

const configuredFreshBooks = {
  clientId: 'c'.repeat(64),
  secrets: { clientSecret: 'fb-secret' },
  options: { writeScopes: [] },
  enabled: true,
  configuredAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
};

const card = (platform: string) => within(screen.getByTestId(`integration-${platform}`));

/** Starts the app and opens Manage for a configured platform. */
async function openManage(platform: string, options?: FakeApiOptions, button = 'Manage') {
  const rendered = await renderIntegrations(options);
  await rendered.user.click(card(platform).getByRole('button', { name: button }));
  const dialog = within(await screen.findByRole('dialog'));
  await dialog.findByTestId('stored');
  return { ...rendered, dialog };
}

describe('Manage', () => {
  it('shows the saved settings: client ID, fingerprint, options, redirect URI, state; never the secret', async () => {
    const { dialog, fake } = await openManage('zohobooks', { integrations: { zohobooks: configuredZoho } });
    expect(screen.getByRole('dialog', { name: 'Manage Zoho Books' })).toBeInTheDocument();
    const stored = within(dialog.getByTestId('stored'));
    expect(stored.getByRole('row', { name: /Client ID/ })).toHaveTextContent(configuredZoho.clientId);
    expect(dialog.getByRole('button', { name: 'Copy client ID' })).toBeInTheDocument();
    expect(
      stored.getByRole('rowheader', { name: 'Client secret fingerprint' }).closest('tr'),
    ).toHaveTextContent(fakeFingerprint(ZOHO_SECRET));
    expect(stored.getByRole('row', { name: /Data centres/ })).toHaveTextContent('United Kingdom');
    expect(stored.getByRole('row', { name: /Include line items/ })).toHaveTextContent('No');
    expect(stored.getByRole('row', { name: /State/ })).toHaveTextContent('Enabled');
    expect(stored.getByText('November 1, 2026', { exact: false })).toBeInTheDocument();
    expect(dialog.getAllByText('http://127.0.0.1:47318/oauth/zohobooks/callback').length).toBeGreaterThan(0);
    expect(dialog.getByRole('switch', { name: 'Enable Zoho Books' })).toBeChecked();
    expect(document.body.innerHTML).not.toContain(ZOHO_SECRET);
    expect(fake.inputsOf('getIntegration')).toEqual([{ platform: 'zohobooks' }]);
  });

  it('re-saves a changed option with the same validation, keeping the stored secret', async () => {
    const { user, dialog, fake } = await openManage('zohobooks', {
      integrations: { zohobooks: configuredZoho },
    });
    const clientId = dialog.getByRole('textbox', { name: 'Client ID' });
    expect(clientId).toHaveValue(configuredZoho.clientId);
    expect(dialog.queryByLabelText(/^Client secret/)).toBeNull();
    expect(dialog.getByRole('button', { name: 'Replace client secret' })).toBeInTheDocument();

    // The same checks as the wizard.
    await user.clear(clientId);
    await user.click(dialog.getByRole('button', { name: 'Save changes' }));
    expect(clientId).toHaveAccessibleDescription(/^This is required\./);
    expect(clientId).toHaveFocus();
    await user.type(clientId, `${configuredZoho.clientId} `);
    expect(clientId).toHaveAccessibleDescription(/^This starts or ends with a space\./);
    await user.type(clientId, '{Backspace}');
    expect(fake.inputsOf('saveIntegration')).toEqual([]);

    await user.click(dialog.getByRole('checkbox', { name: 'Include line items' }));
    await user.click(dialog.getByRole('button', { name: 'Save changes' }));
    expect(await dialog.findByTestId('manage-saved')).toHaveTextContent('Changes saved.');
    expect(fake.inputsOf('saveIntegration')).toEqual([
      {
        platform: 'zohobooks',
        clientId: configuredZoho.clientId,
        options: { regions: ['uk'], includeLineItems: true, includeCustomerContacts: false },
      },
    ]);
    expect(fake.integration('zohobooks').secrets.clientSecret).toBe(ZOHO_SECRET);
    expect(
      within(dialog.getByTestId('stored')).getByRole('row', { name: /Include line items/ }),
    ).toHaveTextContent('Yes');
  });

  it('replaces a secret when asked; the typed value leaves the screen with the save', async () => {
    const { user, dialog, fake } = await openManage('zohobooks', {
      integrations: { zohobooks: configuredZoho },
    });
    await user.click(dialog.getByRole('button', { name: 'Replace client secret' }));
    const secret = dialog.getByLabelText(/^New client secret/);
    expect(secret).toHaveFocus();
    expect(secret).toHaveAccessibleDescription(/Leave this empty to keep the saved value\./);
    await user.type(secret, 'new secret');
    await user.click(dialog.getByRole('button', { name: 'Save changes' }));
    expect(secret).toHaveAccessibleDescription(/^This contains a space\./);
    await user.clear(secret);
    await user.type(secret, 'new-secret-value');
    await user.click(dialog.getByRole('button', { name: 'Save changes' }));
    await dialog.findByTestId('manage-saved');
    expect(fake.integration('zohobooks').secrets.clientSecret).toBe('new-secret-value');
    expect(dialog.queryByLabelText(/^New client secret/)).toBeNull();
    expect(
      within(dialog.getByTestId('stored')).getByText(fakeFingerprint('new-secret-value')),
    ).toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain('new-secret-value');
  });

  it('shows what is stored once: "Change settings" offers Replace without repeating the fingerprint', async () => {
    const { user, dialog } = await openManage('zohobooks', { integrations: { zohobooks: configuredZoho } });
    const manage = screen.getByRole('dialog', { name: 'Manage Zoho Books' });
    const timesShown = (text: string) => (manage.textContent ?? '').split(text).length - 1;
    const fingerprint = fakeFingerprint(ZOHO_SECRET);
    const stored = within(dialog.getByTestId('stored'));

    expect(timesShown(fingerprint)).toBe(1);
    expect(stored.getByText(fingerprint)).toBeInTheDocument();
    expect(timesShown(configuredZoho.clientId)).toBe(1);
    expect(dialog.getByTestId('kept-clientSecret')).toHaveTextContent(
      'Saved and kept unless you replace it; its fingerprint is under “What is stored”.',
    );

    // Replacing: the new field says how to keep the saved value, still without a second fingerprint.
    await user.click(dialog.getByRole('button', { name: 'Replace client secret' }));
    expect(dialog.getByLabelText(/^New client secret/)).toHaveAccessibleDescription(
      'Leave this empty to keep the saved value.',
    );
    expect(timesShown(fingerprint)).toBe(1);

    // After a save, the new fingerprint too appears once, in "What is stored".
    await user.type(dialog.getByLabelText(/^New client secret/), 'replacement-secret');
    await user.click(dialog.getByRole('button', { name: 'Save changes' }));
    await dialog.findByTestId('manage-saved');
    expect(timesShown(fakeFingerprint('replacement-secret'))).toBe(1);
    expect(stored.getByText(fakeFingerprint('replacement-secret'))).toBeInTheDocument();
  });

  it('warns that a FreshBooks scope change forces re-authorisation, and says how many were marked', async () => {
    const { user, dialog, fake } = await openManage('freshbooks', {
      integrations: { freshbooks: configuredFreshBooks },
      connections: [
        { platform: 'freshbooks', label: 'Northwind' },
        { platform: 'freshbooks', label: 'Contoso' },
        { platform: 'zohobooks', label: 'Other platform' },
      ],
    });
    expect(dialog.queryByTestId('reauth-warning')).toBeNull();
    await user.click(dialog.getByRole('checkbox', { name: 'user:clients:write' }));
    expect(dialog.getByTestId('reauth-warning')).toHaveTextContent(
      'every company linked to FreshBooks has to sign in again',
    );
    await user.click(dialog.getByRole('checkbox', { name: 'user:clients:write' }));
    expect(dialog.queryByTestId('reauth-warning')).toBeNull();
    await user.click(dialog.getByRole('checkbox', { name: 'user:bills:write' }));
    await user.click(dialog.getByRole('button', { name: 'Save changes' }));

    // Before saving: how many must sign in again, the new scopes to copy, the portal first.
    const confirm = within(await screen.findByRole('dialog', { name: 'Change the scopes of FreshBooks?' }));
    expect(await confirm.findByTestId('scope-change-count')).toHaveTextContent(
      'Companies that will have to sign in again: 2.',
    );
    expect(
      confirm.getByText(/First update the app's scopes in the FreshBooks developer portal/),
    ).toBeInTheDocument();
    const scopes = within(confirm.getByRole('list', { name: 'New scope list' })).getAllByRole('listitem');
    expect(scopes.map((s) => s.textContent)).toContain('user:bills:write');
    expect(scopes.map((s) => s.textContent)).not.toContain('user:clients:write');
    expect(confirm.getByRole('button', { name: 'Copy the scopes' })).toBeInTheDocument();
    // Cancelling saves nothing.
    await user.click(confirm.getByRole('button', { name: 'Cancel' }));
    expect(fake.connections().filter((c) => c.status === 'needsReauth')).toEqual([]);
    await user.click(dialog.getByRole('button', { name: 'Save changes' }));
    const again = within(await screen.findByRole('dialog', { name: 'Change the scopes of FreshBooks?' }));
    await user.click(again.getByRole('button', { name: 'Save the new scopes' }));
    expect(await dialog.findByTestId('reauth-count')).toHaveTextContent(
      'Connections marked Needs re-auth: 2. Link those FreshBooks companies again from the Connections screen.',
    );
    expect(
      fake
        .connections()
        .filter((c) => c.status === 'needsReauth')
        .map((c) => c.label),
    ).toEqual(['Northwind', 'Contoso']);
    expect(fake.integration('freshbooks').secrets.clientSecret).toBe('fb-secret');
  });

  it('disables and enables the integration', async () => {
    const { user, dialog, fake } = await openManage('zohobooks', {
      integrations: { zohobooks: configuredZoho },
    });
    await user.click(dialog.getByRole('switch', { name: 'Enable Zoho Books' }));
    await waitFor(() => expect(fake.integration('zohobooks').enabled).toBe(false));
    expect(dialog.getByRole('switch', { name: 'Enable Zoho Books' })).not.toBeChecked();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(card('zohobooks').getByText('Disabled')).toBeInTheDocument());
  });

  it('removes the integration after a confirmation that says what happens to its connections', async () => {
    const { user, dialog, fake } = await openManage('sage', {
      integrations: {
        sage: { ...configuredZoho, clientId: 'sage-id', options: { credentialType: 'v3.1' } },
      },
      connections: [
        { platform: 'sage', label: 'Sage One' },
        { platform: 'sage', label: 'Sage Two' },
        { platform: 'zohobooks', label: 'Stays' },
      ],
    });
    await user.click(dialog.getByRole('button', { name: 'Remove integration' }));
    const confirm = within(await screen.findByRole('dialog', { name: 'Remove Sage Accounting?' }));
    expect(
      await confirm.findByText(
        'Linked companies that will be disconnected: 2. Their access is revoked at Sage Accounting where it allows it, and their secrets are deleted from this computer.',
      ),
    ).toBeInTheDocument();
    expect(confirm.getByText(/secrets are deleted from the keychain/)).toBeInTheDocument();

    // Cancel first: nothing happens.
    await user.click(confirm.getByRole('button', { name: 'Cancel' }));
    expect(fake.inputsOf('removeIntegration')).toEqual([]);

    await user.click(dialog.getByRole('button', { name: 'Remove integration' }));
    const again = within(await screen.findByRole('dialog', { name: 'Remove Sage Accounting?' }));
    await user.click(await again.findByRole('button', { name: 'Remove integration' }));
    expect(await dialog.findByTestId('removed')).toHaveTextContent(
      'Sage Accounting was removed. Connections removed: 2.',
    );
    expect(fake.inputsOf('removeIntegration')).toEqual([{ platform: 'sage' }]);
    expect(fake.integration('sage')).toMatchObject({ clientId: null, secrets: {}, configuredAt: null });
    expect(fake.connections().map((c) => c.label)).toEqual(['Stays']);
    await user.click(dialog.getByRole('button', { name: 'Finish' }));
    await waitFor(() => expect(card('sage').getByText('Not set up')).toBeInTheDocument());
  });

  it('runs Test connection with the saved registration and says why it did not link', async () => {
    const { user, dialog, fake } = await openManage('zohobooks', {
      integrations: { zohobooks: configuredZoho },
    });
    await user.click(dialog.getByRole('button', { name: 'Test connection' }));
    await dialog.findByTestId('connect-flow');
    expect(fake.inputsOf('startConnect')).toEqual([{ platform: 'zohobooks' }]);
    fake.failFlow('ACCESS_DENIED', 'The user said no');
    const result = await dialog.findByTestId('test-result', {}, { timeout: 3000 });
    expect(result).toHaveTextContent('Access was denied');
    expect(result).toHaveTextContent('The user said no');
  });

  it('says a FreshBooks Classic account is not supported when the test meets one', async () => {
    const { user, dialog, fake } = await openManage('freshbooks', {
      integrations: { freshbooks: configuredFreshBooks },
    });
    await user.click(dialog.getByRole('button', { name: 'Test connection' }));
    await dialog.findByTestId('connect-flow');
    fake.failFlow('ACCOUNT_NOT_SUPPORTED');
    expect(await dialog.findByTestId('test-result', {}, { timeout: 3000 })).toHaveTextContent(
      'This is a FreshBooks Classic account (or one with no business). FreshBooks Classic is not supported, so it cannot be linked.',
    );
  });

  it('cancels a waiting sign-in when closed', async () => {
    const { user, dialog, fake } = await openManage('zohobooks', {
      integrations: { zohobooks: configuredZoho },
    });
    await user.click(dialog.getByRole('button', { name: 'Test connection' }));
    await dialog.findByTestId('connect-flow');
    await user.click(screen.getAllByRole('button', { name: 'Close' })[0]!);
    await waitFor(() => expect(fake.latestFlow().status).toBe('cancelled'));
  });

  it('renders a stored client ID that looks like markup as plain text', async () => {
    const markup = '<img src=x onerror="window.__xss=1">';
    const { dialog } = await openManage('sage', {
      integrations: { sage: { ...configuredZoho, clientId: markup, options: { credentialType: 'v3.1' } } },
    });
    expect(within(dialog.getByTestId('stored')).getByText(markup)).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
    expect((window as { __xss?: number }).__xss).toBeUndefined();
  });

  it("opens the platform's links through main and shows a refusal", async () => {
    const { user, dialog, fake } = await openManage('zohobooks', {
      integrations: { zohobooks: configuredZoho },
    });
    await user.click(dialog.getByRole('button', { name: 'Open the developer console' }));
    expect(fake.inputsOf('openPlatformLink')).toEqual([{ platform: 'zohobooks', link: 'console' }]);
    fake.setFailure('openPlatformLink', 'LINK_NOT_ALLOWED');
    await user.click(dialog.getByRole('button', { name: 'Open the API documentation' }));
    expect(
      await dialog.findByText('That link is not on the list of pages Integration Desk may open.'),
    ).toBeInTheDocument();
  });

  it('shows what could not be loaded', async () => {
    const rendered = await renderIntegrations({ failures: { getIntegration: 'DB_BUSY' } });
    await rendered.user.click(card('sage').getByRole('button', { name: 'Set up' }));
    expect(await within(await screen.findByRole('dialog')).findByRole('alert')).toHaveTextContent(
      'The data file is busy.',
    );
  });

  it('closes with Escape and returns focus to the button that opened it', async () => {
    const { user } = await openManage('zohobooks', { integrations: { zohobooks: configuredZoho } });
    await user.keyboard('{Escape}');
    await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
    expect(card('zohobooks').getByRole('button', { name: 'Manage' })).toHaveFocus();
  });

  it('formats dates and labels in French', async () => {
    const { dialog } = await openManage(
      'zohobooks',
      { settings: { language: 'fr-CA' }, integrations: { zohobooks: configuredZoho } },
      'Gérer',
    );
    expect(screen.getByRole('dialog', { name: 'Gérer Zoho Books' })).toBeInTheDocument();
    expect(dialog.getByText('1 novembre 2026', { exact: false })).toBeInTheDocument();
    expect(dialog.getByRole('rowheader', { name: 'Empreinte du secret client' })).toBeInTheDocument();
    expect(dialog.getByRole('button', { name: 'Remplacer le secret client' })).toBeInTheDocument();
  });
});

describe('a Sage set-up with the retired API v3.0 credentials', () => {
  const retiredSage = {
    clientId: 'legacy-client-id',
    secrets: { clientSecret: 'CANARY-cs', signingSecret: 'CANARY-ss', subscriptionKey: 'CANARY-sk' },
    options: { credentialType: 'v3.0' },
    enabled: false,
    configuredAt: '2019-05-01T10:00:00.000Z',
    updatedAt: '2019-05-01T10:00:00.000Z',
  };

  it('shows as Retired on Integrations, and cannot be enabled', async () => {
    const { user, fake } = await renderIntegrations({ integrations: { sage: retiredSage } });
    expect(card('sage').getByTestId('retired-sage')).toHaveTextContent('Retired credentials');
    expect(
      card('sage').getByText(/Sage switched off the API v3\.0 credentials saved here/),
    ).toBeInTheDocument();
    await user.click(card('sage').getByRole('switch', { name: 'Enable Sage Accounting' }));
    expect(await card('sage').findByRole('alert')).toHaveTextContent(
      'The provider no longer accepts these credentials.',
    );
    expect(fake.integration('sage').enabled).toBe(false);
  });

  it('Manage explains, lists the steps to register a v3.1 app, keeps the old values readable, and saves the new app', async () => {
    const { user, dialog, fake } = await openManage('sage', { integrations: { sage: retiredSage } });
    const retired = within(dialog.getByTestId('retired'));
    expect(retired.getByText('Sage retired API v3.0')).toBeInTheDocument();
    expect(retired.getByText(/switched off API v3\.0 on 31 July 2026/)).toBeInTheDocument();
    expect(retired.getByRole('heading', { name: 'Register a v3.1 app with Sage' })).toBeInTheDocument();
    const steps = within(retired.getByTestId('console-steps')).getAllByRole('listitem');
    expect(steps).toHaveLength(8);
    expect(steps[5]).toHaveTextContent('http://127.0.0.1:47318/oauth/sage/callback');

    // The stored v3.0 values stay as they are: readable, by fingerprint.
    const stored = within(dialog.getByTestId('stored'));
    expect(stored.getByRole('row', { name: /Which credentials/ })).toHaveTextContent('API v3.0, retired');
    expect(
      stored.getByRole('rowheader', { name: 'Subscription key fingerprint' }).closest('tr'),
    ).toHaveTextContent(fakeFingerprint('CANARY-sk'));
    // No test with retired credentials; no choice of the retired kind.
    expect(dialog.queryByRole('button', { name: 'Test connection' })).not.toBeInTheDocument();
    expect(dialog.queryByRole('radio', { name: /v3\.0/ })).not.toBeInTheDocument();

    // The new app's client ID and secret must both be typed (the old ones are not reused).
    const clientId = dialog.getByRole('textbox', { name: 'Client ID' });
    expect(clientId).toHaveValue('');
    await user.click(dialog.getByRole('button', { name: 'Save changes' }));
    expect(clientId).toHaveAttribute('aria-invalid', 'true');
    expect(dialog.getByLabelText(/^Client secret/)).toHaveAccessibleDescription(/^This is required\./);
    expect(fake.inputsOf('saveIntegration')).toEqual([]);
    await user.type(clientId, 'new-v31-client');
    await user.type(dialog.getByLabelText(/^Client secret/), 'new-v31-secret');
    await user.click(dialog.getByRole('button', { name: 'Save changes' }));
    await dialog.findByTestId('manage-saved');
    expect(fake.inputsOf('saveIntegration')).toEqual([
      {
        platform: 'sage',
        clientId: 'new-v31-client',
        clientSecret: 'new-v31-secret',
        options: { credentialType: 'v3.1' },
      },
    ]);
    await waitFor(() => expect(dialog.queryByTestId('retired')).not.toBeInTheDocument());
    expect(fake.integration('sage').secrets).toEqual({ clientSecret: 'new-v31-secret' });
    expect(dialog.getByRole('button', { name: 'Test connection' })).toBeInTheDocument();
  });
});
