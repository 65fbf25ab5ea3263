import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { fakeFingerprint, type FakeApiOptions } from './fake-api';
import { renderApp, renderConnections } from './render-app';

/** A flow's answer reaches the screen on the next poll (every 500 ms): allow a few. */
const POLLED = { timeout: 3000 };

const HOSTILE = '<img src=x onerror="window.__xss=1">';

const configured = {
  clientId: 'client-id-1234',
  secrets: { clientSecret: 'CANARY-client-secret-9c1e' },
  configuredAt: '2026-11-01T10:00:00.000Z',
};
const allSetUp: FakeApiOptions['integrations'] = {
  zohobooks: configured,
  sage: configured,
  freshbooks: configured,
};

/** Opens the header's "Link a company" menu; its items are the platforms. */
async function openLinkMenu(user: { click: (element: Element) => Promise<void> }) {
  await user.click(screen.getByRole('button', { name: 'Link a company' }));
  return within(await screen.findByRole('menu'));
}

const row = (id: string) => within(screen.getByTestId(`connection-${id}`));
const flowPanel = () => within(screen.getByTestId('connect-flow'));

async function startConnect(platform: string, options: FakeApiOptions = { integrations: allSetUp }) {
  const rendered = await renderConnections(options);
  const menu = await openLinkMenu(rendered.user);
  await rendered.user.click(menu.getByRole('menuitem', { name: `Connect a company to ${platform}` }));
  await screen.findByTestId('connect-flow');
  return rendered;
}

describe('Connections screen', () => {
  it('is in the navigation between Integrations and Settings, and says when nothing is linked', async () => {
    await renderConnections();

    const links = within(screen.getByRole('navigation', { name: 'Main' })).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual(['Integrations', 'Connections', 'Review', 'Settings']);
    expect(screen.getByRole('link', { name: 'Connections' })).toHaveAttribute('aria-current', 'page');
    expect(
      screen.getByText('No companies are linked yet. To link the first one, choose Link a company, above.'),
    ).toBeInTheDocument();
    // The button it names is there, under that name.
    expect(screen.getByRole('button', { name: 'Link a company' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('offers Connect only for platforms that are set up, and says why otherwise', async () => {
    const { user } = await renderConnections({ integrations: { sage: configured } });
    const menu = await openLinkMenu(user);

    expect(menu.getAllByRole('menuitem')).toHaveLength(4);
    expect(menu.getByRole('menuitem', { name: 'Connect a company to Sage Accounting' })).toBeEnabled();
    const zoho = menu.getByRole('menuitem', { name: 'Connect a company to Zoho Books' });
    expect(zoho).toBeDisabled();
    expect(zoho).toHaveAccessibleDescription(
      'Zoho Books must be set up on the Integrations screen before a company can be linked.',
    );
    expect(menu.getByRole('menuitem', { name: 'Connect a company to FreshBooks' })).toBeDisabled();
    // Clear Books needs no app registration: linking with the customer's key is always possible.
    expect(menu.getByRole('menuitem', { name: 'Link a Clear Books company' })).toBeEnabled();
  });

  it('opens the link menu from the keyboard and moves through its items with the arrow keys', async () => {
    const { user } = await renderConnections({ integrations: allSetUp });
    screen.getByRole('button', { name: 'Link a company' }).focus();
    await user.keyboard('{Enter}');
    await screen.findAllByRole('menuitem');
    const menu = within(screen.getByRole('menu'));
    const zoho = menu.getByRole('menuitem', { name: 'Connect a company to Zoho Books' });
    for (let presses = 0; document.activeElement !== zoho && presses < 5; presses++)
      await user.keyboard('{ArrowDown}');
    expect(zoho).toHaveFocus();
    await user.keyboard('{Enter}');
    await screen.findByTestId('connect-flow');
  });

  it('lists each connection with its platform, region, scopes, expiry, status, errors and fingerprint', async () => {
    const { fake, user } = await renderConnections({
      connections: [
        {
          id: 'zoho-1',
          platform: 'zohobooks',
          label: 'Maple Leaf Bakery Ltd',
          region: 'uk',
          scopes: ['ZohoBooks.settings.READ', 'ZohoBooks.contacts.READ'],
          tokenExpiresAt: '2026-11-20T10:30:00.000Z',
          lastVerifiedAt: '2026-11-19T08:00:00.000Z',
        },
        {
          id: 'sage-1',
          platform: 'sage',
          label: 'Ceilidh Consulting',
          region: 'ca',
          status: 'needsReauth',
          lastError: 'SECRET_MISSING',
        },
        { id: 'fb-1', platform: 'freshbooks', label: 'Harbour Design', lastError: 'SCOPES_CHANGED_UPSTREAM' },
        { id: 'cb-1', platform: 'clearbooks', label: 'Thistle & Co', status: 'deleting' },
      ],
    });

    expect(screen.getAllByTestId(/^connection-/)).toHaveLength(4);

    const zoho = screen.getByTestId('connection-zoho-1');
    expect(row('zoho-1').getByText('Maple Leaf Bakery Ltd')).toHaveAttribute(
      'title',
      'Maple Leaf Bakery Ltd',
    );
    expect(zoho).toHaveTextContent('Zoho Books');
    expect(zoho).toHaveTextContent('Region: UK');
    expect(zoho).toHaveTextContent('ZohoBooks.settings.READ, ZohoBooks.contacts.READ');
    expect(zoho).toHaveTextContent(/Token expires November 20, 2026/);
    expect(zoho).toHaveTextContent(/November 19, 2026/);
    expect(row('zoho-1').getByText('Linked')).toBeInTheDocument();
    // The first four groups on screen; the whole fingerprint in the tooltip and on the copy button.
    const full = fake.connection('zoho-1').secretFingerprint!;
    const fingerprint = row('zoho-1').getByTitle(full);
    expect(fingerprint.tagName).toBe('CODE');
    expect(fingerprint).toHaveTextContent(
      `${full
        .replace(/^hmac-sha256:/, '')
        .split(' ')
        .slice(0, 4)
        .join(' ')}…`,
    );
    await user.click(row('zoho-1').getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe(full);

    expect(row('sage-1').getByText('Needs re-auth')).toBeInTheDocument();
    expect(
      row('sage-1').getByText('The secret is missing from the keychain. Link the company again.'),
    ).toBeInTheDocument();
    expect(row('sage-1').getByText('Never')).toBeInTheDocument();
    // A stored code this build does not know gets the generic sentence, never a key or the raw code.
    expect(row('fb-1').getByText('Last attempt failed')).toBeInTheDocument();
    expect(screen.queryByText(/SCOPES_CHANGED/)).not.toBeInTheDocument();

    expect(row('cb-1').getByText('Removing')).toBeInTheDocument();
    expect(row('cb-1').getByText('API key (does not expire)')).toBeInTheDocument();
    // An API key has no token to refresh.
    expect(row('cb-1').queryByRole('button', { name: 'Refresh now' })).not.toBeInTheDocument();
    expect(row('zoho-1').getByRole('button', { name: 'Refresh now' })).toHaveAccessibleDescription(
      'Maple Leaf Bakery Ltd',
    );
  });

  it('filters the list by platform', async () => {
    const { user } = await renderConnections({
      connections: [
        { id: 'zoho-1', platform: 'zohobooks', label: 'Maple Leaf Bakery Ltd' },
        { id: 'cb-1', platform: 'clearbooks', label: 'Thistle & Co' },
      ],
    });
    const filter = screen.getByRole('radiogroup', { name: 'Platform' });

    await user.click(within(filter).getByRole('radio', { name: 'Clear Books' }));
    expect(screen.getAllByTestId(/^connection-/).map((el) => el.dataset['testid'])).toEqual([
      'connection-cb-1',
    ]);

    await user.click(within(filter).getByRole('radio', { name: 'Sage Accounting' }));
    expect(screen.getByText('No companies are linked to Sage Accounting yet.')).toBeInTheDocument();

    await user.click(within(filter).getByRole('radio', { name: 'All' }));
    expect(screen.getAllByTestId(/^connection-/)).toHaveLength(2);
  });

  it('shows a long list a page at a time, each pager control named, and a new filter starts on page 1', async () => {
    const sageLinks = Array.from({ length: 120 }, (_, i) => ({
      id: `sage-${i + 1}`,
      platform: 'sage' as const,
      label: `Company ${String(i + 1).padStart(3, '0')}`,
    }));
    const { user } = await renderConnections({
      connections: [...sageLinks, { id: 'cb-1', platform: 'clearbooks', label: 'Thistle & Co' }],
    });
    const ids = () => screen.getAllByTestId(/^connection-/).map((el) => el.dataset['testid']);
    const everyId = [...sageLinks.map((c) => `connection-${c.id}`), 'connection-cb-1'];
    const pager = () => within(screen.getByRole('navigation', { name: 'Pages of linked companies' }));

    expect(ids()).toEqual(everyId.slice(0, 50));
    expect(screen.getByText('Companies 1–50 of 121')).toBeInTheDocument();
    expect(pager().getByRole('button', { name: 'Page 1' })).toHaveAttribute('aria-current', 'page');
    expect(pager().getByRole('button', { name: 'Previous page' })).toBeDisabled();

    await user.click(pager().getByRole('button', { name: 'Next page' }));
    expect(ids()).toEqual(everyId.slice(50, 100));
    expect(screen.getByText('Companies 51–100 of 121')).toBeInTheDocument();
    expect(pager().getByRole('button', { name: 'Page 2' })).toHaveAttribute('aria-current', 'page');

    await user.click(pager().getByRole('button', { name: 'Last page' }));
    expect(ids()).toEqual(everyId.slice(100));
    expect(screen.getByText('Companies 101–121 of 121')).toBeInTheDocument();
    expect(pager().getByRole('button', { name: 'Next page' })).toBeDisabled();

    // One page: no pager. Back to all of them: from the first page.
    const filter = screen.getByRole('radiogroup', { name: 'Platform' });
    await user.click(within(filter).getByRole('radio', { name: 'Clear Books' }));
    expect(ids()).toEqual(['connection-cb-1']);
    expect(screen.queryByRole('navigation', { name: 'Pages of linked companies' })).not.toBeInTheDocument();
    await user.click(within(filter).getByRole('radio', { name: 'All' }));
    expect(ids()).toEqual(everyId.slice(0, 50));
    await user.click(pager().getByRole('button', { name: 'Page 3' }));
    expect(ids()).toEqual(everyId.slice(100));
    await user.click(pager().getByRole('button', { name: 'First page' }));
    expect(ids()).toEqual(everyId.slice(0, 50));
  });

  it('renders a company name that looks like markup or a translation as plain text', async () => {
    const tricky = `${HOSTILE} {{label}} $t(app.name)`;
    const { user } = await renderConnections({ connections: [{ id: 'x', platform: 'sage', label: tricky }] });

    expect(row('x').getByText(tricky)).toBeInTheDocument();
    await user.click(row('x').getByRole('button', { name: 'Disconnect' }));
    expect(await screen.findByRole('dialog')).toHaveTextContent(`Disconnect ${tricky}? Its token is revoked`);
    expect(document.querySelector('img')).toBeNull();
    expect((window as { __xss?: number }).__xss).toBeUndefined();
  });
});

describe('Connecting a company through the browser', () => {
  it('waits for the sign-in, showing where it listens and until when, then lists the new company', async () => {
    const { fake } = await startConnect('Zoho Books');

    expect(fake.inputsOf('startConnect')).toEqual([{ platform: 'zohobooks' }]);
    const panel = flowPanel();
    expect(panel.getByRole('heading', { name: 'Linking a company to Zoho Books' })).toHaveFocus();
    // The panel is a status region as a whole: the waiting message and the address are read out together.
    const region = screen.getByRole('status', { name: 'Linking a company to Zoho Books' });
    expect(region).toBe(screen.getByTestId('connect-flow'));
    expect(region).toHaveTextContent('Waiting for the sign-in in your browser…');
    expect(region).toHaveTextContent('http://127.0.0.1:47318/oauth/zohobooks/callback');
    const redirect = panel.getByText('http://127.0.0.1:47318/oauth/zohobooks/callback');
    expect(redirect.tagName).toBe('PRE');
    expect(panel.getByRole('button', { name: 'Copy address' })).toBeInTheDocument();
    // The fake's clock: FAKE_NOW plus the 10-minute sign-in timeout, in the machine's time zone.
    const stopsAt = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(
      new Date(fake.latestFlow().expiresAt),
    );
    expect(panel.getByText(`It stops waiting at ${stopsAt}.`)).toBeInTheDocument();
    expect(panel.getByRole('button', { name: 'Cancel' })).toBeEnabled();
    expect(panel.queryByText(/certificate/)).not.toBeInTheDocument();
    // One sign-in at a time.
    expect(screen.getByRole('button', { name: 'Link a company' })).toBeDisabled();

    fake.completeFlow({ label: 'Maple Leaf Bakery Ltd', region: 'uk', scopes: ['ZohoBooks.settings.READ'] });

    const notice = await screen.findByText('Maple Leaf Bakery Ltd is linked.', {}, POLLED);
    expect(notice.closest('[role="status"]')).not.toBeNull();
    expect(screen.queryByTestId('connect-flow')).not.toBeInTheDocument();
    const linkedId = fake.latestFlow().connectionId!;
    expect(row(linkedId).getByText('Maple Leaf Bakery Ltd')).toBeInTheDocument();
    expect(row(linkedId).getByText('Linked')).toBeInTheDocument();
    expect(fake.inputsOf('getConnectFlow')).toContainEqual({ flowId: fake.latestFlow().flowId });
    expect(screen.queryByText(/20 live refresh tokens/)).not.toBeInTheDocument();
    // Focus returns to the menu that started the sign-in.
    expect(screen.getByRole('button', { name: 'Link a company' })).toHaveFocus();
  });

  it('shows why a sign-in failed, and the provider’s own words as labelled plain text', async () => {
    const { fake } = await startConnect('Sage Accounting');

    fake.failFlow('ACCESS_DENIED', HOSTILE);

    const alert = await screen.findByRole('alert', {}, POLLED);
    expect(alert).toHaveTextContent('The company was not linked');
    expect(alert).toHaveTextContent("Access was denied on the provider's sign-in page.");
    expect(within(alert).getByText('The provider said:')).toBeInTheDocument();
    expect(within(alert).getByTestId('provider-text')).toHaveTextContent(HOSTILE);
    expect(document.querySelector('img')).toBeNull();
    expect((window as { __xss?: number }).__xss).toBeUndefined();
    expect(screen.queryByTestId('connect-flow')).not.toBeInTheDocument();
    expect(screen.queryAllByTestId(/^connection-/)).toHaveLength(0);
  });

  it('says when the sign-in took too long', async () => {
    const { fake } = await startConnect('Sage Accounting');
    fake.failFlow('FLOW_TIMED_OUT');
    expect(await screen.findByRole('alert', {}, POLLED)).toHaveTextContent(
      'The sign-in took too long and was stopped. Start it again.',
    );
    expect(screen.queryByText('The provider said:')).not.toBeInTheDocument();
  });

  it('completes the sign-in from the address pasted from the browser, refusing one that is not its own', async () => {
    const { fake, user } = await startConnect('Sage Accounting');
    const field = flowPanel().getByRole('textbox', { name: 'Address from the browser' });
    expect(
      flowPanel().getByText(
        "If the browser could not reach Integration Desk, paste the full address from the browser's address bar here.",
      ),
    ).toBeInTheDocument();

    await user.type(field, 'http://127.0.0.1:47318/oauth/sage/callback?code=abc&state=guessed');
    await user.click(flowPanel().getByRole('button', { name: 'Complete sign-in' }));
    expect(await flowPanel().findByText(/does not belong to this sign-in/)).toBeInTheDocument();
    expect(fake.latestFlow().status).toBe('waiting');

    const url = fake.callbackUrl({ code: 'code-123' });
    await user.clear(field);
    await user.click(field);
    await user.paste(url);
    await user.click(flowPanel().getByRole('button', { name: 'Complete sign-in' }));

    expect(await screen.findByText('Company for code-123 is linked.')).toBeInTheDocument();
    expect(fake.inputsOf('completeConnectFromUrl')).toEqual([
      {
        flowId: fake.latestFlow().flowId,
        url: 'http://127.0.0.1:47318/oauth/sage/callback?code=abc&state=guessed',
      },
      { flowId: fake.latestFlow().flowId, url },
    ]);
    expect(screen.getByTestId(`connection-${fake.latestFlow().connectionId}`)).toBeInTheDocument();
  });

  it('can be started and cancelled with the keyboard alone', async () => {
    const { fake, user } = await renderConnections({ integrations: allSetUp });
    const connect = screen.getByRole('button', { name: 'Link a company' });
    connect.focus();
    await user.keyboard('{Enter}');
    await screen.findAllByRole('menuitem');
    for (let presses = 0; presses < 5; presses++) {
      await user.keyboard('{ArrowDown}');
      if (document.activeElement?.getAttribute('aria-label') === 'Connect a company to FreshBooks') break;
    }
    await user.keyboard('{Enter}');
    await screen.findByTestId('connect-flow');

    const cancel = flowPanel().getByRole('button', { name: 'Cancel' });
    for (let presses = 0; document.activeElement !== cancel && presses < 10; presses++) await user.tab();
    expect(cancel).toHaveFocus();
    await user.keyboard('{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent('The sign-in was cancelled.');
    expect(fake.inputsOf('cancelConnect')).toEqual([{ flowId: fake.latestFlow().flowId }]);
    expect(fake.latestFlow().status).toBe('cancelled');
    expect(screen.queryByTestId('connect-flow')).not.toBeInTheDocument();
    expect(connect).toHaveFocus();
  });

  it('cancels with Escape from anywhere in the sign-in panel', async () => {
    const { fake, user } = await startConnect('Zoho Books');
    await user.keyboard('{Escape}');
    expect(await screen.findByRole('alert')).toHaveTextContent('The sign-in was cancelled.');
    expect(fake.inputsOf('cancelConnect')).toHaveLength(1);
  });

  it('warns about the local certificate for FreshBooks', async () => {
    await startConnect('FreshBooks');
    const panel = flowPanel();
    expect(panel.getByText('https://127.0.0.1:47318/oauth/freshbooks/callback')).toBeInTheDocument();
    expect(panel.getByText(/makes its own certificate for https:\/\/127\.0\.0\.1/)).toHaveTextContent(
      /this is expected.*pasted address below/,
    );
  });

  it("warns about Zoho's cap of 20 refresh tokens when linking gets close to it", async () => {
    const existing = Array.from({ length: 17 }, (_, i) => ({
      platform: 'zohobooks' as const,
      label: `Company ${i + 1}`,
    }));
    const { fake } = await startConnect('Zoho Books', { integrations: allSetUp, connections: existing });

    fake.completeFlow({ label: 'Company 18' });

    await screen.findByText('Company 18 is linked.', {}, POLLED);
    expect(fake.latestFlow()).toMatchObject({ warnings: ['tokenCapNear'], signInCap: { live: 18, cap: 20 } });
    const warning = screen.getByTestId('token-cap-warning');
    expect(warning).toHaveTextContent("Zoho Books's limit of 20 sign-ins per user");
    expect(warning).toHaveTextContent(
      'Integration Desk now holds 18 for the user who just signed in. Sign-ins of other apps that use the same client ID count too, and Integration Desk cannot see them.',
    );
  });

  it('asks which company to link when the sign-in reaches several, by keyboard, names and ids shown', async () => {
    const { fake, user } = await startConnect('Sage Accounting');
    fake.completeFlow({
      label: 'unused',
      companies: [
        { id: 'a1b2', name: 'Maple Leaf Bakery' },
        { id: 'c3d4', name: HOSTILE },
      ],
    });
    const chooser = within(await screen.findByTestId('company-chooser', {}, POLLED));
    expect(
      chooser.getByRole('heading', { name: 'Your sign-in reaches 2 companies at Sage Accounting' }),
    ).toHaveFocus();
    const group = chooser.getByRole('radiogroup', { name: /Company to link/ });
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((r) => r.getAttribute('value'))).toEqual(['a1b2', 'c3d4']);
    expect(radios[0]).toHaveAccessibleDescription('Id: a1b2');
    // Provider names are text, never markup.
    expect(chooser.getByText(HOSTILE)).toBeInTheDocument();
    expect((window as { __xss?: number }).__xss).toBeUndefined();
    // The address to paste and the waiting details are gone: the browser part is over.
    expect(flowPanel().queryByLabelText('Address from the browser')).not.toBeInTheDocument();

    // Nothing chosen yet: said next to the question.
    await user.click(chooser.getByRole('button', { name: 'Link this company' }));
    expect(group).toHaveAccessibleDescription(/Choose a company first\./);
    expect(fake.inputsOf('chooseConnectCompany')).toEqual([]);

    // Keyboard only: focus the first choice, arrow down to the second, Enter submits.
    radios[0]!.focus();
    await user.keyboard(' ');
    await user.keyboard('{ArrowDown}');
    expect(radios[1]).toBeChecked();
    await user.keyboard('{Enter}');
    await screen.findByText(`${HOSTILE} is linked.`, {}, POLLED);
    expect(fake.inputsOf('chooseConnectCompany')).toEqual([
      { flowId: fake.latestFlow().flowId, companyId: 'c3d4' },
    ]);
    expect(fake.connections()).toEqual([expect.objectContaining({ externalId: 'c3d4', label: HOSTILE })]);
    expect(screen.queryByTestId('connect-flow')).not.toBeInTheDocument();
  });

  it('cancelling at the company question ends the sign-in without a link', async () => {
    const { fake, user } = await startConnect('Zoho Books');
    fake.completeFlow({
      label: 'unused',
      companies: [
        { id: '1', name: 'One' },
        { id: '2', name: 'Two' },
      ],
    });
    await screen.findByTestId('company-chooser', {}, POLLED);
    await user.click(flowPanel().getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByText('The sign-in was cancelled.')).toBeInTheDocument();
    expect(fake.connections()).toEqual([]);
  });

  it('says why the sign-in could not start', async () => {
    const { user } = await renderConnections({
      integrations: allSetUp,
      failures: { startConnect: 'PORT_IN_USE' },
    });
    const menu = await openLinkMenu(user);
    await user.click(menu.getByRole('menuitem', { name: 'Connect a company to Zoho Books' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/Another program is already using the port/);
    expect(screen.queryByTestId('connect-flow')).not.toBeInTheDocument();
  });

  it('stops asking about the flow once the screen is left', async () => {
    const { fake, user } = await startConnect('Zoho Books');
    await waitFor(() => expect(fake.inputsOf('getConnectFlow').length).toBeGreaterThan(0), POLLED);

    await user.click(screen.getByRole('link', { name: 'Settings' }));
    await screen.findByRole('heading', { level: 1, name: 'Settings' });
    const asked = fake.inputsOf('getConnectFlow').length;
    await new Promise((resume) => setTimeout(resume, 1200));
    expect(fake.inputsOf('getConnectFlow')).toHaveLength(asked);
  });
});

describe('Actions on a connection', () => {
  const sage = { id: 'sage-1', platform: 'sage' as const, label: 'Ceilidh Consulting' };

  it('tests a connection, with a spinner while it runs, and shows when it was verified', async () => {
    const { fake, user } = await renderConnections({ connections: [sage] });
    const release = fake.pause('testConnection');

    const test = row('sage-1').getByRole('button', { name: 'Test connection' });
    await user.click(test);
    expect(test).toHaveAttribute('data-loading');
    expect(test).toBeDisabled();
    release();

    expect(await row('sage-1').findByText('Connection works')).toBeInTheDocument();
    expect(test).toBeEnabled();
    expect(screen.getByTestId('connection-sage-1')).toHaveTextContent(/November 20, 2026/);
    expect(fake.inputsOf('testConnection')).toEqual([{ connectionId: 'sage-1' }]);
  });

  it('shows the translated failure of a test, and the error main recorded', async () => {
    const { user } = await renderConnections({ connections: [{ ...sage, failWith: 'RATE_LIMITED' }] });

    await user.click(row('sage-1').getByRole('button', { name: 'Test connection' }));

    expect(await row('sage-1').findByRole('alert')).toHaveTextContent(
      'The provider is receiving too many requests. Wait a few minutes, then try again.',
    );
    await waitFor(() =>
      expect(row('sage-1').getByTestId('last-error')).toHaveTextContent(
        'The provider is receiving too many requests.',
      ),
    );
  });

  it('refreshes the token now and shows the new expiry', async () => {
    const { fake, user } = await renderConnections({
      connections: [{ ...sage, tokenExpiresAt: '2026-11-19T09:00:00.000Z' }],
    });
    expect(screen.getByTestId('connection-sage-1')).toHaveTextContent(/Token expires November 19, 2026/);

    await user.click(row('sage-1').getByRole('button', { name: 'Refresh now' }));

    expect(await row('sage-1').findByText('Token refreshed')).toBeInTheDocument();
    expect(screen.getByTestId('connection-sage-1')).toHaveTextContent(/Token expires November 20, 2026/);
    expect(fake.inputsOf('refreshConnection')).toEqual([{ connectionId: 'sage-1' }]);
  });

  it('says when to try again when the provider asked to wait', async () => {
    const retryAt = new Date(Date.now() + 5 * 60_000).toISOString();
    const { user } = await renderConnections({
      connections: [{ ...sage, failWith: 'RATE_LIMITED', failRetryAt: retryAt }],
    });
    await user.click(row('sage-1').getByRole('button', { name: 'Refresh now' }));
    // The time alone today; with its date when five minutes from now is already tomorrow.
    const sameDay = new Date(retryAt).toDateString() === new Date().toDateString();
    const time = new Intl.DateTimeFormat(
      'en',
      sameDay ? { timeStyle: 'short' } : { dateStyle: 'long', timeStyle: 'short' },
    ).format(new Date(retryAt));
    expect(await row('sage-1').findByRole('alert')).toHaveTextContent(
      `The provider is receiving too many requests and asked to wait: try again at ${time}.`,
    );
  });

  it('names the day too when the provider asks to wait until another day', async () => {
    const retryAt = new Date(Date.now() + 2 * 24 * 3600_000).toISOString();
    const { user } = await renderConnections({
      connections: [{ ...sage, failWith: 'RATE_LIMITED', failRetryAt: retryAt }],
    });
    await user.click(row('sage-1').getByRole('button', { name: 'Refresh now' }));
    const time = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' }).format(
      new Date(retryAt),
    );
    expect(await row('sage-1').findByRole('alert')).toHaveTextContent(
      `The provider is receiving too many requests and asked to wait: try again at ${time}.`,
    );
  });

  it('marks a connection whose grant is gone as needing re-auth', async () => {
    const { user } = await renderConnections({ connections: [{ ...sage, failWith: 'INVALID_GRANT' }] });
    await user.click(row('sage-1').getByRole('button', { name: 'Refresh now' }));
    expect(await row('sage-1').findByRole('alert')).toHaveTextContent(/no longer accepts this authorization/);
    expect(await row('sage-1').findByText('Needs re-auth')).toBeInTheDocument();
  });

  it('disconnects after confirmation, revoking the token at the provider', async () => {
    const { fake, user } = await renderConnections({ connections: [sage] });

    await user.click(row('sage-1').getByRole('button', { name: 'Disconnect' }));
    const dialog = within(await screen.findByRole('dialog'));
    expect(
      dialog.getByText(
        'Disconnect Ceilidh Consulting? Its token is revoked at the provider where possible, then deleted from this computer.',
      ),
    ).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Disconnect' }));

    expect(
      await screen.findByText('Ceilidh Consulting was disconnected and its token revoked.'),
    ).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.queryByTestId('connection-sage-1')).not.toBeInTheDocument();
    expect(fake.inputsOf('disconnectConnection')).toEqual([
      { connectionId: 'sage-1', removeLocallyIfRevokeFails: false },
    ]);
    expect(fake.connections()).toHaveLength(0);
  });

  it('when revoking fails, offers to keep the connection or remove it from this computer anyway', async () => {
    const { fake, user } = await renderConnections({ connections: [{ ...sage, revocation: 'failed' }] });

    // Keep it: nothing changes.
    await user.click(row('sage-1').getByRole('button', { name: 'Disconnect' }));
    let dialog = within(await screen.findByRole('dialog'));
    await user.click(dialog.getByRole('button', { name: 'Disconnect' }));
    expect(
      await dialog.findByText(
        'The provider could not revoke the token. Keep the connection, or remove it from this computer anyway?',
      ),
    ).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Keep it' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByTestId('connection-sage-1')).toBeInTheDocument();
    expect(fake.connections()).toHaveLength(1);

    // Remove it anyway: asked again, with removeLocallyIfRevokeFails.
    await user.click(row('sage-1').getByRole('button', { name: 'Disconnect' }));
    dialog = within(await screen.findByRole('dialog'));
    await user.click(dialog.getByRole('button', { name: 'Disconnect' }));
    await user.click(await dialog.findByRole('button', { name: 'Remove from this computer' }));

    expect(
      await screen.findByText(
        /Ceilidh Consulting was removed from this computer, but its token may still be valid/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('connection-sage-1')).not.toBeInTheDocument();
    expect(fake.inputsOf('disconnectConnection')).toEqual([
      { connectionId: 'sage-1', removeLocallyIfRevokeFails: false },
      { connectionId: 'sage-1', removeLocallyIfRevokeFails: false },
      { connectionId: 'sage-1', removeLocallyIfRevokeFails: true },
    ]);
  });

  it('says so when the provider cannot revoke at all (Clear Books keys)', async () => {
    const { user } = await renderConnections({
      connections: [{ id: 'cb-1', platform: 'clearbooks', label: 'Thistle & Co' }],
    });
    await user.click(row('cb-1').getByRole('button', { name: 'Disconnect' }));
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByText(/Its API key is deleted from this computer/)).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Disconnect' }));
    expect(
      await screen.findByText(
        'This provider has no way to revoke tokens; the connection was removed from this computer.',
      ),
    ).toBeInTheDocument();
  });
});

describe('Linking a Clear Books company', () => {
  const GOOD_KEY = 'CANARY-clearbooks-key-0f9d';

  async function openClearBooks(options: FakeApiOptions = { clearBooksKeys: [GOOD_KEY] }) {
    const rendered = await renderConnections(options);
    const menu = await openLinkMenu(rendered.user);
    await rendered.user.click(menu.getByRole('menuitem', { name: 'Link a Clear Books company' }));
    return { ...rendered, dialog: within(await screen.findByRole('dialog')) };
  }

  it("lists the customer's steps to find their API key, in order", async () => {
    const { dialog } = await openClearBooks();
    expect(dialog.getByRole('heading', { name: 'Link a Clear Books company' })).toBeInTheDocument();
    const steps = within(dialog.getByRole('list')).getAllByRole('listitem');
    expect(steps.map((s) => s.textContent)).toEqual([
      'Sign in to their Clear Books account.',
      'In the menu bar, open Settings, then Configure system, then API keys.',
      'Choose Provide required information.',
      'Under Intended API usage, pick the option for connecting Clear Books to a piece of third-party software used only by their own business.',
      "Under Third-party software information, type the name of your app or website in the first box and the integrator's name in the second box.",
      'Back on the API keys page, copy the key shown under SOAP API and pass it to you.',
    ]);
    expect(dialog.getByText('Configure system').tagName).toBe('STRONG');
  });

  it('explains what is missing before asking Clear Books', async () => {
    const { fake, user, dialog } = await openClearBooks();
    await user.click(dialog.getByRole('button', { name: 'Link the company' }));

    expect(dialog.getByRole('textbox', { name: 'Company name' })).toHaveAccessibleDescription(
      "Enter the company's name.",
    );
    expect(dialog.getByLabelText(/^API key/)).toHaveAccessibleDescription(/Paste the customer's API key\./);
    expect(dialog.getByRole('textbox', { name: 'Company name' })).toHaveFocus();
    expect(fake.inputsOf('linkClearBooks')).toEqual([]);
  });

  it('says Clear Books rejected a wrong key, next to the field, and keeps no copy of it', async () => {
    const { fake, user, dialog } = await openClearBooks();
    const wrongKey = 'CANARY-wrong-key-77aa';
    await user.type(dialog.getByRole('textbox', { name: 'Company name' }), 'Thistle & Co');
    await user.type(dialog.getByLabelText(/^API key/), wrongKey);
    const release = fake.pause('linkClearBooks');
    await user.click(dialog.getByRole('button', { name: 'Link the company' }));

    expect(await dialog.findByRole('status')).toHaveTextContent('Checking the key with Clear Books…');
    expect(dialog.getByLabelText(/^API key/)).toHaveValue('');
    release();

    const keyField = dialog.getByLabelText(/^API key/);
    await waitFor(() => expect(keyField).toHaveAccessibleDescription(/Clear Books rejected this API key\./));
    expect(dialog.getByText('Clear Books rejected this API key.')).toBeInTheDocument();
    expect(keyField).toHaveValue('');
    expect(keyField).toHaveFocus();
    expect(dialog.getByRole('textbox', { name: 'Company name' })).toHaveValue('Thistle & Co');
    expect(document.body.innerHTML).not.toContain(wrongKey);
    expect(fake.inputsOf('linkClearBooks')).toEqual([{ label: 'Thistle & Co', apiKey: wrongKey }]);
    expect(fake.connections()).toHaveLength(0);
  });

  it('links the company with a good key and lists it', async () => {
    const { fake, user, dialog } = await openClearBooks();
    await user.type(dialog.getByRole('textbox', { name: 'Company name' }), '  Thistle & Co ');
    await user.type(dialog.getByLabelText(/^API key/), GOOD_KEY);
    await user.click(dialog.getByRole('button', { name: 'Link the company' }));

    expect(await screen.findByText('Thistle & Co is linked.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const [linked] = fake.connections();
    expect(linked?.label).toBe('Thistle & Co');
    await screen.findByTestId(`connection-${linked!.id}`);
    expect(row(linked!.id).getByTitle(fakeFingerprint(GOOD_KEY))).toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(GOOD_KEY);
    expect(document.querySelectorAll('style')).toHaveLength(0);
  });
});

describe('Clear Books key checks and a key linked twice', () => {
  const GOOD_KEY = 'CANARY-clearbooks-key-0f9d';

  it.each([
    ['a space inside', 'CANARY key', /contains a space/],
    ['a tab', 'CANARY\tkey', /invisible control characters/],
    ['a delete character (U+007F)', 'CANARY\u007fkey', /invisible control characters/],
    ['an emoji', 'CANARY🔑key', /such as an emoji/],
    ['a leading space', ' CANARYkey', /starts or ends with a space/],
  ])('refuses %s with the reason and keeps what was typed', async (_case, typed, reason) => {
    const rendered = await renderConnections({ clearBooksKeys: [GOOD_KEY] });
    const menu = await openLinkMenu(rendered.user);
    await rendered.user.click(menu.getByRole('menuitem', { name: 'Link a Clear Books company' }));
    const dialog = within(await screen.findByRole('dialog'));
    await rendered.user.type(dialog.getByRole('textbox', { name: 'Company name' }), 'Thistle & Co');
    const keyField = dialog.getByLabelText(/^API key/);
    // Pasted, as a key is: typing would turn a tab into a focus move.
    keyField.focus();
    await rendered.user.paste(typed);
    await rendered.user.click(dialog.getByRole('button', { name: 'Link the company' }));
    expect(keyField).toHaveAccessibleDescription(reason);
    expect(keyField).toHaveValue(typed);
    expect(rendered.fake.inputsOf('linkClearBooks')).toEqual([]);
  });

  it('refuses a key over 2,560 characters before asking Clear Books', async () => {
    const rendered = await renderConnections({ clearBooksKeys: [GOOD_KEY] });
    const menu = await openLinkMenu(rendered.user);
    await rendered.user.click(menu.getByRole('menuitem', { name: 'Link a Clear Books company' }));
    const dialog = within(await screen.findByRole('dialog'));
    await rendered.user.type(dialog.getByRole('textbox', { name: 'Company name' }), 'Thistle & Co');
    dialog.getByLabelText(/^API key/).focus();
    await rendered.user.paste('k'.repeat(2561));
    await rendered.user.click(dialog.getByRole('button', { name: 'Link the company' }));
    expect(dialog.getByLabelText(/^API key/)).toHaveAccessibleDescription(/at most 2560 characters/);
    expect(rendered.fake.inputsOf('linkClearBooks')).toEqual([]);
  });

  it('warns that the key is already linked and updates that company instead of adding a second', async () => {
    const rendered = await renderConnections({ clearBooksKeys: [GOOD_KEY] });
    const { user, fake } = rendered;
    for (const name of ['Thistle & Co', 'Thistle and Company']) {
      const menu = await openLinkMenu(user);
      await user.click(menu.getByRole('menuitem', { name: 'Link a Clear Books company' }));
      const dialog = within(await screen.findByRole('dialog'));
      await user.type(dialog.getByRole('textbox', { name: 'Company name' }), name);
      await user.type(dialog.getByLabelText(/^API key/), GOOD_KEY);
      await user.click(dialog.getByRole('button', { name: 'Link the company' }));
      if (name === 'Thistle & Co') {
        await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
        continue;
      }
      const warning = within(await dialog.findByRole('alert'));
      expect(warning.getByText('This key is already linked')).toBeInTheDocument();
      expect(fake.connections()).toHaveLength(1);
      await user.click(warning.getByRole('button', { name: 'Update the existing company' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    }
    expect(fake.connections().map((c) => c.label)).toEqual(['Thistle and Company']);
    expect(
      fake.inputsOf('linkClearBooks').map((i) => (i as { ifAlreadyLinked?: string }).ifAlreadyLinked),
    ).toEqual([undefined, undefined, 'update']);
    expect(document.body.innerHTML).not.toContain(GOOD_KEY);
  });
});

describe('Connections in French', () => {
  it('names the screen, its buttons, states and sign-in panel in French', async () => {
    const { user } = await renderApp({
      settings: { language: 'fr-CA' },
      integrations: { zohobooks: configured },
      connections: [
        {
          id: 'sage-1',
          platform: 'sage',
          label: 'Ceilidh Consulting',
          status: 'needsReauth',
          lastError: 'SECRET_MISSING',
          tokenExpiresAt: '2026-11-20T10:30:00.000Z',
        },
      ],
    });
    await user.click(screen.getByRole('link', { name: 'Connexions' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Connexions' })).toBeInTheDocument();
    await screen.findByTestId('connection-sage-1');

    expect(row('sage-1').getByText('Réautorisation requise')).toBeInTheDocument();
    expect(
      row('sage-1').getByText("Le secret est introuvable dans le trousseau. Liez l'entreprise de nouveau."),
    ).toBeInTheDocument();
    expect(screen.getByTestId('connection-sage-1')).toHaveTextContent(/Le jeton expire le 20 novembre 2026/);
    for (const name of ['Tester la connexion', 'Actualiser maintenant', 'Déconnecter']) {
      expect(row('sage-1').getByRole('button', { name })).toBeInTheDocument();
    }
    await user.click(screen.getByRole('button', { name: 'Lier une entreprise' }));
    const menu = within(screen.getByRole('menu'));
    await screen.findAllByRole('menuitem');
    expect(menu.getByRole('menuitem', { name: 'Lier une entreprise Clear Books' })).toBeEnabled();
    expect(menu.getByRole('menuitem', { name: 'Lier une entreprise à Sage Accounting' })).toBeDisabled();

    await user.click(menu.getByRole('menuitem', { name: 'Lier une entreprise à Zoho Books' }));
    const panel = within(await screen.findByTestId('connect-flow'));
    expect(screen.getByTestId('connect-flow')).toHaveTextContent(
      "En attente de l'ouverture de session dans votre navigateur…",
    );
    expect(panel.getByRole('textbox', { name: 'Adresse affichée par le navigateur' })).toBeInTheDocument();
    expect(panel.getByRole('button', { name: "Terminer l'ouverture de session" })).toBeInTheDocument();
    await user.click(panel.getByRole('button', { name: 'Annuler' }));
    expect(await screen.findByRole('alert')).toHaveTextContent("L'ouverture de session a été annulée.");

    await user.click(screen.getByRole('button', { name: 'Lier une entreprise' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Lier une entreprise Clear Books' }));
    const dialog = within(await screen.findByRole('dialog'));
    await user.type(dialog.getByRole('textbox', { name: "Nom de l'entreprise" }), 'Chez Gaston');
    await user.type(dialog.getByLabelText(/^Clé API/), 'mauvaise-cle');
    await user.click(dialog.getByRole('button', { name: "Lier l'entreprise" }));
    expect(await dialog.findByText('Clear Books a refusé cette clé API.')).toBeInTheDocument();
  });
});
