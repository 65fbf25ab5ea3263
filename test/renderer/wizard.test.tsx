import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { FRESHBOOKS_READ_SCOPES } from '../../src/shared/platforms/freshbooks';
import { type FakeApiOptions } from './fake-api';
import { renderIntegrations } from './render-app';

const ZOHO_ID = '1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123';
const ZOHO_SECRET = 'CANARY0zoho0secret0a1b2c3d4e5f6a7b8c9d0e1f2';

const card = (platform: string) => within(screen.getByTestId(`integration-${platform}`));

/** Starts the app and opens a platform's wizard with its card's Set up button. */
async function openWizard(platform: string, options?: FakeApiOptions, button = 'Set up') {
  const rendered = await renderIntegrations(options);
  await rendered.user.click(card(platform).getByRole('button', { name: button }));
  const dialog = within(await screen.findByRole('dialog'));
  await dialog.findByRole('heading', { level: 3, name: /^(Step|Étape) 1 (of|sur)/ });
  return { ...rendered, dialog };
}

const heading = (dialog: ReturnType<typeof within>) => dialog.getByRole('heading', { level: 3 });

describe('set-up wizard: Zoho Books', () => {
  it('walks the console steps with the exact redirect URI, and keeps what was typed going back and forth', async () => {
    const { user, dialog, fake } = await openWizard('zohobooks');

    expect(heading(dialog)).toHaveTextContent('Step 1 of 5: Register the app');
    // The shared step texts name the platform ({{name}}), not a placeholder.
    expect(dialog.getByText(/^Register Integration Desk as an app at Zoho Books,/)).toBeInTheDocument();
    expect(dialog.getByText(/^Nothing is stored for Zoho Books yet\./)).toBeInTheDocument();
    const steps = within(dialog.getByTestId('console-steps')).getAllByRole('listitem');
    expect(steps).toHaveLength(9);
    expect(steps[1]).toHaveTextContent('Server-based Applications');
    expect(steps[2]).toHaveTextContent(/Client Name.*Customers see this name when they authorise/);
    expect(steps[3]).toHaveTextContent('Homepage URL');
    expect(steps[4]).toHaveTextContent('http://127.0.0.1:47318/oauth/zohobooks/callback');
    expect(within(steps[4]!).getByRole('button', { name: 'Copy redirect URI' })).toBeInTheDocument();
    expect(steps[7]).toHaveTextContent(/Settings.*data centre/);
    expect(steps[8]).toHaveTextContent('Use the same OAuth credentials for all data centers');
    expect(dialog.getByRole('button', { name: 'Open the developer console' })).toBeInTheDocument();
    expect(fake.inputsOf('getRedirectUri')).toEqual([{ platform: 'zohobooks' }]);

    await user.click(dialog.getByRole('button', { name: 'Next' }));
    expect(heading(dialog)).toHaveTextContent('Step 2 of 5: Credentials');
    expect(heading(dialog)).toHaveFocus();
    await user.type(dialog.getByRole('textbox', { name: 'Client ID' }), ZOHO_ID);
    await user.type(dialog.getByLabelText(/^Client secret/), ZOHO_SECRET);
    await user.click(dialog.getByRole('button', { name: 'Next' }));

    expect(heading(dialog)).toHaveTextContent('Step 3 of 5: Options');
    expect(dialog.getByTestId('note-rateLimits')).toHaveTextContent(/100 requests a minute/);
    // Each data centre once: every one can be linked; only the UK one says more, as Zoho's Books
    // documentation does not list it (yet).
    expect(dialog.queryByRole('table')).not.toBeInTheDocument();
    expect(dialog.getAllByText('Japan')).toHaveLength(1);
    const regions = dialog.getByRole('group', { name: /Data centres enabled for the app/ });
    const boxes = within(regions).getAllByRole('checkbox');
    expect(boxes.map((c) => c.getAttribute('value'))).toEqual([
      'us',
      'eu',
      'in',
      'au',
      'jp',
      'ca',
      'cn',
      'sa',
      'uk',
    ]);
    expect(boxes.filter((c) => c.hasAttribute('disabled'))).toEqual([]);
    expect(within(regions).getByRole('checkbox', { name: 'Japan' })).not.toHaveAccessibleDescription();
    expect(within(regions).getByRole('checkbox', { name: 'United Kingdom' })).toHaveAccessibleDescription(
      "Can be linked; Zoho's Books documentation does not list this data centre yet",
    );
    await user.click(within(regions).getByRole('checkbox', { name: 'United Kingdom' }));

    // Back twice and forward again: everything typed is still there, the secret included (not sent yet).
    await user.click(dialog.getByRole('button', { name: 'Back' }));
    expect(dialog.getByRole('textbox', { name: 'Client ID' })).toHaveValue(ZOHO_ID);
    expect(dialog.getByLabelText(/^Client secret/)).toHaveValue(ZOHO_SECRET);
    await user.click(dialog.getByRole('button', { name: 'Back' }));
    expect(heading(dialog)).toHaveTextContent('Step 1 of 5');
    await user.click(dialog.getByRole('button', { name: 'Step 3: Options' }));
    expect(dialog.getByRole('checkbox', { name: 'United Kingdom' })).toBeChecked();
    expect(dialog.getByRole('checkbox', { name: 'Include line items' })).not.toBeChecked();
    await user.click(dialog.getByRole('checkbox', { name: 'Include line items' }));
    await user.click(dialog.getByRole('button', { name: 'Next' }));

    expect(heading(dialog)).toHaveTextContent('Step 4 of 5: Review and save');
    const review = dialog.getByTestId('review');
    expect(within(review).getByRole('row', { name: /Client ID/ })).toHaveTextContent(ZOHO_ID);
    expect(within(review).getByRole('row', { name: /Client secret/ })).toHaveTextContent('Entered');
    expect(within(review).getByRole('row', { name: /Data centres/ })).toHaveTextContent('United Kingdom');
    expect(within(review).getByRole('row', { name: /Include line items/ })).toHaveTextContent('Yes');
    await user.click(dialog.getByRole('button', { name: 'Save' }));

    const enable = await screen.findByRole('dialog', { name: 'Enable Zoho Books?' });
    expect(fake.inputsOf('saveIntegration')).toEqual([
      {
        platform: 'zohobooks',
        clientId: ZOHO_ID,
        clientSecret: ZOHO_SECRET,
        options: { regions: ['uk'], includeLineItems: true, includeCustomerContacts: false },
      },
    ]);
    expect(fake.integration('zohobooks').secrets.clientSecret).toBe(ZOHO_SECRET);
    await user.click(within(enable).getByRole('button', { name: 'Later' }));

    expect(
      await dialog.findByRole('heading', { level: 3, name: 'Step 5 of 5: Test connection' }),
    ).toHaveFocus();
    expect(dialog.getByTestId('saved')).toHaveTextContent('Zoho Books is saved. It is not enabled yet');
    expect(fake.integration('zohobooks').enabled).toBe(false);
    expect(dialog.getByTestId('note-testOrganisation')).toHaveTextContent(/test organisation/);

    // Back to the credentials: the secret left the renderer's state with the save; the stored one is kept.
    await user.click(dialog.getByRole('button', { name: 'Step 2: Credentials' }));
    expect(dialog.getByRole('textbox', { name: 'Client ID' })).toHaveValue(ZOHO_ID);
    expect(dialog.getByLabelText(/^Client secret/)).toHaveValue('');
    expect(dialog.getByLabelText(/^Client secret/)).toHaveAccessibleDescription(/Leave this empty to keep/);
    expect(document.body.innerHTML).not.toContain(ZOHO_SECRET);
  });

  it('refuses bad input next to each field, in plain words, and stores nothing', async () => {
    const { user, dialog, fake } = await openWizard('zohobooks');
    await user.click(dialog.getByRole('button', { name: 'Next' }));
    const clientId = dialog.getByRole('textbox', { name: 'Client ID' });
    const secret = dialog.getByLabelText(/^Client secret/);

    // Empty client ID and secret.
    await user.click(dialog.getByRole('button', { name: 'Next' }));
    expect(heading(dialog)).toHaveTextContent('Step 2 of 5');
    expect(clientId).toHaveAttribute('aria-invalid', 'true');
    expect(clientId).toHaveAccessibleDescription("This is required. Copy it from the provider's console.");
    expect(secret).toHaveAccessibleDescription(/^This is required\./);
    expect(clientId).toHaveFocus();

    // A space inside the secret, then at its edge.
    await user.type(clientId, ZOHO_ID);
    await user.type(secret, 'abc def');
    expect(secret).toHaveAccessibleDescription(/^This contains a space\. Keys never contain spaces/);
    expect(clientId).not.toHaveAttribute('aria-invalid');
    await user.clear(secret);
    await user.type(secret, ' abcdef');
    expect(secret).toHaveAccessibleDescription(/^This starts or ends with a space\./);

    // Control characters in the client ID.
    await user.clear(clientId);
    await user.click(clientId);
    await user.paste('1000.ABC\u0007DEF');
    expect(clientId).toHaveAccessibleDescription(/invisible control characters/);

    // A curly quote where a straight one was meant.
    await user.clear(clientId);
    await user.click(clientId);
    await user.paste('1000.ABC\u2019DEF');
    expect(clientId).toHaveAccessibleDescription(/a character keys never have/);

    // One character past the limit, then at it.
    await user.clear(clientId);
    await user.click(clientId);
    await user.paste('A'.repeat(513));
    expect(clientId).toHaveAccessibleDescription(/at most 512 characters/);
    await user.type(clientId, '{Backspace}');
    expect(clientId).not.toHaveAttribute('aria-invalid');

    // A 10 KB string.
    await user.clear(clientId);
    await user.click(clientId);
    await user.paste('A'.repeat(10 * 1024));
    expect(clientId).toHaveValue('A'.repeat(10 * 1024));
    expect(clientId).toHaveAccessibleDescription(/far too long for a key \(at most 512 characters\)/);

    await user.click(dialog.getByRole('button', { name: 'Next' }));
    expect(heading(dialog)).toHaveTextContent('Step 2 of 5');
    expect(fake.inputsOf('saveIntegration')).toEqual([]);
    expect(fake.integration('zohobooks').configuredAt).toBeNull();
  });

  it('warns, without refusing, about a client ID that does not look like Zoho’s', async () => {
    const { user, dialog } = await openWizard('zohobooks');
    await user.click(dialog.getByRole('button', { name: 'Next' }));
    const clientId = dialog.getByRole('textbox', { name: 'Client ID' });
    await user.type(clientId, 'my-zoho-client');
    await user.tab();
    expect(clientId).toHaveAccessibleDescription(
      'This does not look like a usual Zoho Books client ID (“1000.” followed by 30 capital letters and digits). Check that it was copied whole. You can still save it.',
    );
    expect(clientId).not.toHaveAttribute('aria-invalid');
    await user.type(dialog.getByLabelText(/^Client secret/), 'secret-value');
    await user.click(dialog.getByRole('button', { name: 'Next' }));
    expect(heading(dialog)).toHaveTextContent('Step 3 of 5: Options');

    // No data centre chosen is a refusal, with its reason.
    await user.click(dialog.getByRole('button', { name: 'Next' }));
    expect(dialog.getByRole('group', { name: /Data centres enabled/ })).toHaveAccessibleDescription(
      /Choose at least one data centre\./,
    );
    expect(dialog.getByRole('checkbox', { name: 'United States' })).toHaveFocus();
  });

  it('Enable now enables the integration, and Test connection links a company through the sign-in', async () => {
    const { user, dialog, fake } = await openWizard('zohobooks');
    await user.click(dialog.getByRole('button', { name: 'Next' }));
    await user.type(dialog.getByRole('textbox', { name: 'Client ID' }), ZOHO_ID);
    await user.type(dialog.getByLabelText(/^Client secret/), ZOHO_SECRET);
    await user.click(dialog.getByRole('button', { name: 'Next' }));
    await user.click(dialog.getByRole('checkbox', { name: 'United States' }));
    await user.click(dialog.getByRole('button', { name: 'Next' }));
    await user.click(dialog.getByRole('button', { name: 'Save' }));
    const enable = await screen.findByRole('dialog', { name: 'Enable Zoho Books?' });
    expect(within(enable).getByRole('button', { name: 'Enable now' })).toBeInTheDocument();
    await user.click(within(enable).getByRole('button', { name: 'Enable now' }));

    await dialog.findByRole('heading', { level: 3, name: 'Step 5 of 5: Test connection' });
    expect(fake.inputsOf('setIntegrationEnabled')).toEqual([{ platform: 'zohobooks', enabled: true }]);
    expect(dialog.getByTestId('saved')).toHaveTextContent('Zoho Books is saved and enabled.');

    await user.click(dialog.getByRole('button', { name: 'Test connection' }));
    const panel = await dialog.findByTestId('connect-flow');
    expect(panel).toHaveTextContent('Waiting for the sign-in in your browser');
    fake.completeFlow({ label: 'Zoho Test Organisation' });
    expect(await dialog.findByTestId('test-result', {}, { timeout: 3000 })).toHaveTextContent(
      'Zoho Test Organisation is linked.',
    );
    expect(dialog.getByRole('button', { name: 'Test connection' })).toHaveFocus();

    await user.click(dialog.getByRole('button', { name: 'Finish' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(card('zohobooks').getByText('Enabled')).toBeInTheDocument());
    expect(card('zohobooks').getByRole('switch', { name: 'Enable Zoho Books' })).toBeChecked();
    expect(card('zohobooks').getByRole('button', { name: 'Manage' })).toHaveFocus();
  });
  it('clears the typed secret even when the save fails, and says what to do', async () => {
    const { user, dialog, fake } = await openWizard('zohobooks', {
      failures: { saveIntegration: 'KEYCHAIN_UNAVAILABLE' },
    });
    await user.click(dialog.getByRole('button', { name: 'Next' }));
    await user.type(dialog.getByRole('textbox', { name: 'Client ID' }), ZOHO_ID);
    await user.type(dialog.getByLabelText(/^Client secret/), ZOHO_SECRET);
    await user.click(dialog.getByRole('button', { name: 'Next' }));
    await user.click(dialog.getByRole('checkbox', { name: 'United Kingdom' }));
    await user.click(dialog.getByRole('button', { name: 'Next' }));
    await user.click(dialog.getByRole('button', { name: 'Save' }));

    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent('Nothing was saved');
    expect(alert).toHaveTextContent("The operating system's keychain is not available.");
    expect(alert).toHaveTextContent('enter them again in the Credentials step');
    expect(
      within(dialog.getByTestId('review')).getByRole('row', { name: /Client secret/ }),
    ).toHaveTextContent('Missing');
    expect(document.body.innerHTML).not.toContain(ZOHO_SECRET);
    expect(fake.inputsOf('saveIntegration')).toHaveLength(1);

    // Saving again goes back to the empty secret, with its reason; the client ID is still there.
    fake.setFailure('saveIntegration', null);
    await user.click(dialog.getByRole('button', { name: 'Save' }));
    expect(heading(dialog)).toHaveTextContent('Step 2 of 5: Credentials');
    expect(dialog.getByRole('textbox', { name: 'Client ID' })).toHaveValue(ZOHO_ID);
    expect(dialog.getByLabelText(/^Client secret/)).toHaveAccessibleDescription(/^This is required\./);
    expect(dialog.getByLabelText(/^Client secret/)).toHaveFocus();
    expect(fake.inputsOf('saveIntegration')).toHaveLength(1);
  });
});

describe('set-up wizard: Sage Accounting', () => {
  it('offers v3.1 credentials only (Sage retired v3.0) and says which countries Sage still serves', async () => {
    const { user, dialog, fake } = await openWizard('sage');
    const steps = within(dialog.getByTestId('console-steps')).getAllByRole('listitem');
    expect(steps.map((s) => s.textContent)).toEqual([
      expect.stringContaining('developer self-service portal'),
      expect.stringContaining('Create App'),
      expect.stringContaining('Customers see it while they link'),
      expect.stringContaining('Email Address'),
      expect.stringContaining('Homepage URL'),
      expect.stringContaining('character by character, capital letters included'),
      expect.stringContaining('Save'),
      expect.stringContaining('Client Secret'),
    ]);
    expect(steps[5]).toHaveTextContent('http://127.0.0.1:47318/oauth/sage/callback');
    expect(within(steps[5]!).getByRole('button', { name: 'Copy redirect URI' })).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Next' }));

    // Nothing to choose: the retired v3.0 kind is never offered, and its fields never asked for.
    expect(dialog.queryByRole('radiogroup')).toBeNull();
    expect(dialog.queryByRole('radio', { name: /v3\.0/ })).toBeNull();
    expect(dialog.getByTestId('option-credentialType')).toHaveTextContent(
      'Client ID and client secret (API v3.1)',
    );
    expect(dialog.queryByLabelText(/^Signing secret/)).toBeNull();
    expect(dialog.queryByLabelText(/^Subscription key/)).toBeNull();

    const regions = dialog.getByTestId('region-summary');
    const [covered, noLongerSold, notSupported] = within(regions).getAllByRole('list');
    expect(
      within(covered!)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['United Kingdom', 'Ireland', 'Canada']);
    expect(regions).toHaveTextContent(
      'Sage no longer sells Accounting here (existing subscribers only, not guaranteed)',
    );
    expect(
      within(noLongerSold!)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['United States', 'France', 'Germany', 'Spain']);
    expect(notSupported).toHaveTextContent(/Australia.*New Zealand.*South Africa.*Asian edition/);
    expect(dialog.getByTestId('note-countries')).toHaveTextContent(
      /no longer sells Accounting in the US, France, Germany or Spain/,
    );

    await user.type(dialog.getByRole('textbox', { name: 'Client ID' }), 'sage-client-id');
    await user.type(dialog.getByLabelText(/^Client secret/), 'sage-secret');
    await user.click(dialog.getByRole('button', { name: 'Next' }));
    expect(heading(dialog)).toHaveTextContent('Step 3 of 4: Review and save');
    expect(within(dialog.getByTestId('review')).getByRole('row', { name: /credentials/ })).toHaveTextContent(
      'API v3.1',
    );
    await user.click(dialog.getByRole('button', { name: 'Save' }));
    await screen.findByRole('dialog', { name: 'Enable Sage Accounting?' });
    expect(fake.inputsOf('saveIntegration')).toEqual([
      {
        platform: 'sage',
        clientId: 'sage-client-id',
        clientSecret: 'sage-secret',
        options: { credentialType: 'v3.1' },
      },
    ]);
  });
});

describe('set-up wizard: FreshBooks', () => {
  it('shows every read scope, write scopes per object, the re-auth warning, and the https redirect URI', async () => {
    const { user, dialog, fake } = await openWizard('freshbooks');
    expect(heading(dialog)).toHaveTextContent('Step 1 of 5: Scopes');
    const table = dialog.getByRole('table', { name: 'Scopes' });
    for (const scope of FRESHBOOKS_READ_SCOPES)
      expect(within(table).getByRole('row', { name: new RegExp(scope) })).toHaveTextContent(/ReadAlways/);
    const writes = within(table).getAllByRole('checkbox');
    expect(writes).toHaveLength(14);
    expect(dialog.getByTestId('note-scopesChange')).toHaveTextContent(
      /every linked FreshBooks company has to sign in again/,
    );
    await user.click(within(table).getByRole('checkbox', { name: 'user:invoices:write' }));
    await user.click(dialog.getByRole('button', { name: 'Next' }));

    expect(heading(dialog)).toHaveTextContent('Step 2 of 5: Register the app');
    const steps = within(dialog.getByTestId('console-steps')).getAllByRole('listitem');
    expect(steps[4]).toHaveTextContent(/Application Type.*Private App/);
    expect(steps[5]).toHaveTextContent(`${FRESHBOOKS_READ_SCOPES.join(' ')} user:invoices:write`);
    expect(steps[6]).toHaveTextContent('https://127.0.0.1:47318/oauth/freshbooks/callback');
    expect(dialog.getByTestId('note-classic')).toHaveTextContent(/Classic accounts cannot be linked/);
    expect(dialog.getByTestId('note-certificate')).toHaveTextContent(
      /warns that the connection is not private/,
    );
    await user.click(dialog.getByRole('button', { name: 'Next' }));
    await user.type(dialog.getByRole('textbox', { name: 'Client ID' }), 'c'.repeat(64));
    await user.type(dialog.getByLabelText(/^Client secret/), 'fb-secret');
    await user.tab();
    expect(dialog.queryByTestId('client-id-warning')).toBeNull();
    await user.click(dialog.getByRole('button', { name: 'Next' }));
    expect(within(dialog.getByTestId('review')).getByRole('row', { name: /Write scopes/ })).toHaveTextContent(
      'user:invoices:write',
    );
    await user.click(dialog.getByRole('button', { name: 'Save' }));
    await screen.findByRole('dialog', { name: 'Enable FreshBooks?' });
    expect(fake.integration('freshbooks').options).toEqual({ writeScopes: ['invoices'] });
  });
});

describe('set-up wizard: Clear Books', () => {
  it('needs no registration: enable it directly, then link a company with its key', async () => {
    const { user, dialog, fake } = await openWizard('clearbooks', { clearBooksKeys: ['good-key'] }, 'Manage');
    expect(heading(dialog)).toHaveTextContent('Step 1 of 2: No registration');
    expect(dialog.getByText(/Clear Books needs no app registration/)).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Enable now' }));
    expect(
      await dialog.findByRole('heading', { level: 3, name: 'Step 2 of 2: Link a company' }),
    ).toHaveFocus();
    expect(fake.integration('clearbooks').enabled).toBe(true);

    await user.click(dialog.getByRole('button', { name: 'Link a company' }));
    const link = within(await screen.findByRole('dialog', { name: 'Link a Clear Books company' }));
    expect(link.getByText(/Configure system/)).toBeInTheDocument();
    await user.type(link.getByRole('textbox', { name: 'Company name' }), 'Acme Trading Ltd');
    await user.type(link.getByLabelText(/^API key/), 'good-key');
    await user.click(link.getByRole('button', { name: 'Link the company' }));
    expect(await dialog.findByTestId('test-result')).toHaveTextContent('Acme Trading Ltd is linked.');
    await user.click(dialog.getByRole('button', { name: 'Finish' }));
    await waitFor(() => expect(card('clearbooks').getByText('Enabled')).toBeInTheDocument());
  });

  it('Later leaves it disabled', async () => {
    const { user, dialog, fake } = await openWizard('clearbooks', {}, 'Manage');
    await user.click(dialog.getByRole('button', { name: 'Later' }));
    await dialog.findByRole('heading', { level: 3, name: 'Step 2 of 2: Link a company' });
    expect(fake.inputsOf('setIntegrationEnabled')).toEqual([]);
  });
});

describe('set-up wizard in French', () => {
  it('speaks French, messages included', async () => {
    const { user, dialog } = await openWizard('zohobooks', { settings: { language: 'fr-CA' } }, 'Configurer');
    expect(screen.getByRole('dialog', { name: 'Configurer Zoho Books' })).toBeInTheDocument();
    expect(heading(dialog)).toHaveTextContent("Étape 1 sur 5 : Inscrire l'application");
    // Zoho's console as it shows itself in French, and the button the first step sends you to.
    const steps = within(dialog.getByTestId('console-steps'));
    expect(steps.getByText('Applications basées sur serveur')).toBeInTheDocument();
    expect(steps.getByText('URI de redirection autorisés')).toBeInTheDocument();
    const button = steps.getAllByText(/^Ouvrir la console/)[0]!.textContent;
    expect(dialog.getByRole('button', { name: button })).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Suivant' }));
    await user.type(dialog.getByLabelText(/^Secret client/), 'a b');
    await user.click(dialog.getByRole('button', { name: 'Suivant' }));
    expect(dialog.getByRole('textbox', { name: 'ID client' })).toHaveAccessibleDescription(
      /^Ce champ est obligatoire\./,
    );
    expect(dialog.getByLabelText(/^Secret client/)).toHaveAccessibleDescription(
      /^Cette valeur contient une espace\./,
    );
  });
});
