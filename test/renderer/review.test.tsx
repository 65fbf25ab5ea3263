import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ReviewRow } from '../../src/shared/ipc/schemas';
import { fakeFingerprint } from './fake-api';
import { manyReviewRows, reviewRow, type FakeReviewOptions } from './fake-review-api';
import { auditCells, renderReview } from './render-review';

const HOSTILE = '<img src=x onerror="window.__xss=1"> {{label}} $t(app.name)';
const configured = {
  clientId: 'client-id-1234',
  secrets: { clientSecret: 'CANARY-client-secret' },
  configuredAt: '2026-11-01T10:00:00.000Z',
};

const ROWS: ReviewRow[] = [
  reviewRow({
    id: 'integration:sage',
    kind: 'integration',
    label: 'Sage Accounting',
    region: null,
    credentialKind: 'appRegistrationRetired',
    status: 'enabled',
    secretSetAt: '2026-11-20T03:30:00.000Z', // six hours before the review
    tokenExpiresAt: null,
    refreshExpiresAt: null,
    lastVerifiedAt: null,
    scopes: [],
    fingerprints: [fakeFingerprint('cs'), fakeFingerprint('ss'), fakeFingerprint('sk')],
    problems: ['credentialsRetired'],
  }),
  reviewRow({
    id: 'conn-a',
    label: 'Maple Leaf Bakery',
    region: 'ca',
    refreshExpiresAt: '2026-11-23T09:30:00.000Z',
    problems: ['refreshTokenExpiring'],
  }),
  reviewRow({
    id: 'conn-b',
    platform: 'zohobooks',
    label: 'Ceilidh Consulting',
    region: 'eu',
    status: 'needsReauth',
    lastError: 'INVALID_GRANT',
    refreshExpiresAt: null,
    problems: ['verificationFailed', 'needsReauth'],
  }),
  reviewRow({
    id: 'conn-c',
    platform: 'clearbooks',
    label: 'Thistle & Co',
    credentialKind: 'apiKey',
    status: 'needsReauth',
    tokenExpiresAt: null,
    refreshExpiresAt: null,
    lastError: 'SECRET_MISSING',
    scopes: [],
    problems: ['secretMissing', 'needsReauth'],
  }),
  reviewRow({ id: 'conn-d', platform: 'freshbooks', label: 'Harbour Design', region: 'us' }),
  reviewRow({
    id: 'orphan:connection-0bd7',
    kind: 'orphan',
    platform: null,
    label: 'connection-0bd7',
    region: null,
    credentialKind: 'unknown',
    status: 'orphan',
    secretSetAt: null,
    tokenExpiresAt: null,
    refreshExpiresAt: null,
    lastVerifiedAt: null,
    scopes: [],
    fingerprints: [],
    problems: ['orphanKeychainItem'],
  }),
];

const SECRETS = {
  'conn-a': 'rt-maple-CANARY-1',
  'sage:clientSecret': 'CANARY-cs',
  'sage:signingSecret': 'CANARY-ss',
  'sage:subscriptionKey': 'CANARY-sk',
};

const OPTIONS: FakeReviewOptions = { rows: ROWS, secrets: SECRETS, integrations: { sage: configured } };

const shownIds = () =>
  screen.getAllByTestId(/^review-row-/).map((row) => row.dataset['testid']?.replace('review-row-', ''));
const row = (id: string) => within(screen.getByTestId(`review-row-${id}`));
/** The text the details give for one of their terms ("Status", "Secret saved"…). */
const fact = (dialog: ReturnType<typeof within>, term: string) =>
  dialog.getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;

async function openDetails(
  user: Awaited<ReturnType<typeof renderReview>>['user'],
  id: string,
  label: string,
) {
  await user.click(row(id).getByRole('button', { name: label }));
  return within(await screen.findByRole('dialog', { name: label }));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Review screen', () => {
  it('is in the navigation after Connections and lists every row with its facts', async () => {
    const { fake } = await renderReview(OPTIONS);

    const links = within(screen.getByRole('navigation', { name: 'Main' })).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual(['Integrations', 'Connections', 'Review', 'Settings']);
    expect(screen.getByRole('link', { name: 'Review' })).toHaveAttribute('aria-current', 'page');
    expect(shownIds()).toEqual(ROWS.map((r) => r.id));
    expect(screen.getByRole('table', { name: 'Stored credentials' })).toHaveAttribute('aria-rowcount', '7');
    expect(screen.getByText('6 of 6 rows')).toBeInTheDocument();

    const maple = row('conn-a');
    // The data centre goes with the platform; the scopes are in the details only (too long for a cell).
    expect(maple.getByTitle('Sage Accounting · CA')).toHaveTextContent(/^Sage AccountingCA$/);
    expect(maple.getByText('Linked')).toBeInTheDocument();
    expect(maple.getByText('Refresh token expiring')).toHaveAttribute(
      'title',
      'The refresh token expires soon (Sage refresh tokens last 31 days).',
    );
    expect(maple.getByText('42 days')).toBeInTheDocument();
    expect(maple.getByText('Token expires in 1 hour · Refresh token expires in 3 days')).toBeInTheDocument();
    expect(maple.getByText('yesterday')).toBeInTheDocument();
    expect(maple.queryByText('full_access')).not.toBeInTheDocument();
    // Short on screen (the first four groups), whole in the tooltip.
    const fingerprint = maple.getByTitle(fakeFingerprint('secret-of-conn-a'));
    expect(fingerprint).toHaveClass('review-mono');
    expect(fingerprint.textContent).toBe(
      `${fakeFingerprint('secret-of-conn-a')
        .replace(/^hmac-sha256:/, '')
        .split(' ')
        .slice(0, 4)
        .join(' ')}…`,
    );
    expect(row('conn-c').getByText('Does not expire')).toBeInTheDocument();
    expect(row('integration:sage').getByText('App registration (retired credentials)')).toBeInTheDocument();
    // A secret saved today has no age in days yet.
    expect(row('integration:sage').getByText('< 1 day')).toBeInTheDocument();
    expect(row('orphan:connection-0bd7').getByText('Keychain only')).toBeInTheDocument();

    // Opening the review asks main for it once and reads no secret.
    expect(fake.inputsOf('getReview')).toHaveLength(1);
    expect(fake.inputsOf('revealSecret')).toHaveLength(0);
    expect(fake.inputsOf('copySecret')).toHaveLength(0);
  });

  it('counts each problem above the table; choosing one filters the table, choosing it again shows all', async () => {
    const { user } = await renderReview(OPTIONS);
    const summary = within(screen.getByRole('region', { name: 'Problems found' }));
    const needsReauth = summary.getByRole('button', { name: 'Needs re-auth 2' });
    expect(summary.getByRole('button', { name: 'Secret missing 1' })).toBeInTheDocument();
    expect(summary.getByRole('button', { name: 'Keychain item with no record 1' })).toBeInTheDocument();
    // Problems nobody has are not listed.
    expect(summary.queryByRole('button', { name: /Never verified/ })).not.toBeInTheDocument();

    await user.click(needsReauth);
    expect(needsReauth).toHaveAttribute('aria-pressed', 'true');
    expect(shownIds()).toEqual(['conn-b', 'conn-c']);
    expect(screen.getByLabelText('Problem')).toHaveValue('needsReauth');
    expect(screen.getByText('2 of 6 rows')).toBeInTheDocument();

    await user.click(needsReauth);
    expect(needsReauth).toHaveAttribute('aria-pressed', 'false');
    expect(shownIds()).toHaveLength(6);
  });

  it('says so when nothing has a problem', async () => {
    await renderReview({ rows: [reviewRow({ id: 'conn-ok' })] });
    expect(screen.getByText('No problems found.')).toBeInTheDocument();
  });

  it('filters by problem, platform and status, and Clear filters shows everything again', async () => {
    const { user } = await renderReview(OPTIONS);

    await user.selectOptions(screen.getByLabelText('Problem'), 'Secret missing');
    expect(shownIds()).toEqual(['conn-c']);
    await user.selectOptions(screen.getByLabelText('Problem'), 'Any problem');
    expect(shownIds()).toEqual(['integration:sage', 'conn-a', 'conn-b', 'conn-c', 'orphan:connection-0bd7']);
    await user.selectOptions(screen.getByLabelText('Problem'), 'No problem');
    expect(shownIds()).toEqual(['conn-d']);

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await user.selectOptions(screen.getByLabelText('Platform'), 'Sage Accounting');
    expect(shownIds()).toEqual(['integration:sage', 'conn-a']);
    await user.selectOptions(screen.getByLabelText('Platform'), 'Keychain only');
    expect(shownIds()).toEqual(['orphan:connection-0bd7']);

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await user.selectOptions(screen.getByLabelText('Status'), 'Needs re-auth');
    expect(shownIds()).toEqual(['conn-b', 'conn-c']);

    await user.selectOptions(screen.getByLabelText('Platform'), 'FreshBooks');
    expect(shownIds).toThrow();
    expect(screen.getByText('No rows match these filters.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(shownIds()).toHaveLength(6);
    expect(screen.getByRole('button', { name: 'Clear filters' })).toBeDisabled();
  });

  it('searches labels, ids, regions and fingerprints, ignoring case', async () => {
    const { user } = await renderReview(OPTIONS);
    const search = screen.getByRole('searchbox', { name: 'Search' });

    await user.type(search, 'maple');
    expect(shownIds()).toEqual(['conn-a']);
    await user.clear(search);
    await user.type(search, 'CONN-B');
    expect(shownIds()).toEqual(['conn-b']);
    await user.clear(search);
    await user.type(search, 'eu');
    expect(shownIds()).toEqual(['conn-b']);
    await user.clear(search);
    await user.type(search, fakeFingerprint('secret-of-conn-d').slice(13, 22));
    expect(shownIds()).toEqual(['conn-d']);
    await user.clear(search);
    await user.type(search, 'nothing like this');
    expect(screen.getByText('No rows match these filters.')).toBeInTheDocument();
    expect(screen.getByText('0 of 6 rows')).toBeInTheDocument();
  });

  it('sorts by a column with header buttons that say how the table is sorted', async () => {
    const { user } = await renderReview(OPTIONS);
    const header = (name: string) => screen.getByRole('columnheader', { name });

    expect(header('Company or organisation')).not.toHaveAttribute('aria-sort');
    await user.click(screen.getByRole('button', { name: 'Company or organisation' }));
    expect(header('Company or organisation')).toHaveAttribute('aria-sort', 'ascending');
    expect(shownIds()).toEqual([
      'conn-b',
      'orphan:connection-0bd7',
      'conn-d',
      'conn-a',
      'integration:sage',
      'conn-c',
    ]);

    await user.click(screen.getByRole('button', { name: 'Company or organisation' }));
    expect(header('Company or organisation')).toHaveAttribute('aria-sort', 'descending');
    expect(shownIds()[0]).toBe('conn-c');

    // From the keyboard too; the previous column no longer claims the order.
    screen.getByRole('button', { name: 'Problems' }).focus();
    await user.keyboard('{Enter}');
    expect(header('Problems')).toHaveAttribute('aria-sort', 'ascending');
    expect(header('Company or organisation')).not.toHaveAttribute('aria-sort');
    expect(shownIds().slice(0, 1)).toEqual(['conn-d']);
    await user.keyboard('{Enter}');
    expect(shownIds().slice(0, 2)).toEqual(['conn-b', 'conn-c']);

    // Rows without a value (never verified) go last whichever way.
    await user.click(screen.getByRole('button', { name: 'Last verified' }));
    expect(shownIds().slice(-2)).toEqual(['integration:sage', 'orphan:connection-0bd7']);
  });

  it('renders a label that looks like markup or a translation as plain text', async () => {
    const { user } = await renderReview({ rows: [reviewRow({ id: 'conn-x', label: HOSTILE })] });
    const button = row('conn-x').getByRole('button', { name: HOSTILE });
    expect(button).toHaveTextContent(HOSTILE);
    expect(button).toHaveAttribute('title', HOSTILE);
    expect(document.querySelector('img')).toBeNull();
    const dialog = await openDetails(user, 'conn-x', HOSTILE);
    expect(dialog.getByRole('heading', { name: HOSTILE })).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
  });

  it('renders only a window of 10,000 rows, and moves through them by scrolling and from the keyboard', async () => {
    const rows = manyReviewRows(10_000);
    const { user } = await renderReview({ rows });
    const table = screen.getByRole('table', { name: 'Stored credentials' });
    expect(table).toHaveAttribute('aria-rowcount', '10001');
    expect(screen.getByText('10,000 of 10,000 rows')).toBeInTheDocument();
    const rendered = screen.getAllByTestId(/^review-row-/);
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(60);
    expect(rendered[0]).toHaveAttribute('aria-rowindex', '2');

    // Scrolled to row 5,000: the rows around it are rendered, and the first ones are not.
    const scroller = table.parentElement!;
    scroller.scrollTop = 5_000 * 40;
    fireEvent.scroll(scroller);
    expect(screen.getByTestId('review-row-conn-many-5000')).toHaveAttribute('aria-rowindex', '5002');
    expect(screen.queryByTestId('review-row-conn-many-0')).not.toBeInTheDocument();
    expect(screen.getAllByTestId(/^review-row-/).length).toBeLessThan(60);

    // A filter starts at the top again.
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'Company 0999');
    expect(shownIds()).toEqual([
      'conn-many-9990',
      'conn-many-9991',
      'conn-many-9992',
      'conn-many-9993',
      'conn-many-9994',
      'conn-many-9995',
      'conn-many-9996',
      'conn-many-9997',
      'conn-many-9998',
      'conn-many-9999',
    ]);
    await user.clear(screen.getByRole('searchbox', { name: 'Search' }));

    // Arrow keys and End move focus between rows, rendering the ones scrolled to.
    screen.getByRole('button', { name: 'Company 00000' }).focus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('button', { name: 'Company 00001' })).toHaveFocus();
    await user.keyboard('{End}');
    expect(screen.getByRole('button', { name: 'Company 09999' })).toHaveFocus();
    expect(screen.getByTestId('review-row-conn-many-9999')).toHaveAttribute('aria-rowindex', '10001');
    await user.keyboard('{Home}');
    expect(screen.getByRole('button', { name: 'Company 00000' })).toHaveFocus();
  });

  it('shows every problem of a row with what it means and what to do', async () => {
    const { user } = await renderReview(OPTIONS);
    const dialog = await openDetails(user, 'conn-b', 'Ceilidh Consulting');

    const reauth = within(dialog.getByTestId('problem-needsReauth'));
    expect(reauth.getByText('Needs re-auth')).toBeInTheDocument();
    expect(reauth.getByText(/no longer accepts this authorization/)).toBeInTheDocument();
    expect(reauth.getByText('What to do: Link the company again with Repair below.')).toBeInTheDocument();
    expect(dialog.getByTestId('problem-verificationFailed')).toHaveTextContent('Last check failed');
    // The stored error in words, from the shared error sentences.
    expect(dialog.getByText(/no longer accepts this authorization: it may have expired/)).toBeInTheDocument();
    expect(dialog.getByText(fakeFingerprint('secret-of-conn-b'))).toBeInTheDocument();
    expect(dialog.getByRole('button', { name: 'Copy fingerprint' })).toBeInTheDocument();
    // Every date says how long ago, in the same words (the review's "now" is Nov 20, 2026).
    expect(fact(dialog, 'Secret saved')).toMatch(/^Oct 9, 2026, .* \(42 days ago\)$/);
    expect(fact(dialog, 'Last verified')).toMatch(/^Nov 19, 2026, .* \(yesterday\)$/);
    // The region and scopes, which the table has no room for.
    expect(fact(dialog, 'Region')).toBe('EU');
    expect(fact(dialog, 'Scopes')).toBe('full_access');

    await user.click(dialog.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    // Focus goes back to the row the details were opened from, the first time as every time.
    await waitFor(() =>
      expect(row('conn-b').getByRole('button', { name: 'Ceilidh Consulting' })).toHaveFocus(),
    );
    await openDetails(user, 'conn-a', 'Maple Leaf Bakery');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() =>
      expect(row('conn-a').getByRole('button', { name: 'Maple Leaf Bakery' })).toHaveFocus(),
    );
  });
});

describe('From the review to set-up', () => {
  it('opens Manage for a row whose problem only set-up puts right, and only once', async () => {
    const { user } = await renderReview(OPTIONS);
    // A connection's problem is put right by Repair, not by set-up: no way to Integrations from it.
    const connection = await openDetails(user, 'conn-b', 'Ceilidh Consulting');
    expect(connection.queryByRole('button', { name: /on the Integrations screen/ })).not.toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    const details = await openDetails(user, 'integration:sage', 'Sage Accounting');
    await user.click(
      details.getByRole('button', { name: 'Open Sage Accounting on the Integrations screen' }),
    );

    await screen.findByRole('heading', { level: 1, name: 'Integrations' });
    const manage = within(await screen.findByRole('dialog', { name: 'Manage Sage Accounting' }));
    await manage.findByTestId('stored');
    expect(screen.getByRole('link', { name: 'Integrations' })).toHaveAttribute('aria-current', 'page');

    // Closed, it stays closed: leaving and coming back does not open it again.
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await user.click(screen.getByRole('link', { name: 'Connections' }));
    await screen.findByRole('heading', { level: 1, name: 'Connections' }, { timeout: 8000 });
    await user.click(screen.getByRole('link', { name: 'Integrations' }));
    await screen.findByTestId('integration-sage');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('says where it goes in French', async () => {
    const { user } = await renderReview({ ...OPTIONS, settings: { language: 'fr-CA' } });
    await user.click(row('integration:sage').getByRole('button', { name: 'Sage Accounting' }));
    const details = within(await screen.findByRole('dialog', { name: 'Sage Accounting' }));
    expect(
      details.getByRole('button', { name: "Ouvrir Sage Accounting à l'écran Intégrations" }),
    ).toBeInTheDocument();
  });
});

describe('Reveal, copy and compare', () => {
  it('reveals only after confirmation, masked unless held, and forgets the secret after 10 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { user, fake } = await renderReview(OPTIONS, { advanceTimers: vi.advanceTimersByTime });
    const dialog = await openDetails(user, 'conn-a', 'Maple Leaf Bakery');

    // Cancelling the confirmation reads nothing.
    await user.click(dialog.getByRole('button', { name: 'Reveal' }));
    let confirm = within(await screen.findByRole('dialog', { name: 'Reveal the secret?' }));
    expect(confirm.getByText('Reveal the secret? This is recorded in the audit log.')).toBeInTheDocument();
    await user.click(confirm.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Reveal the secret?' })).not.toBeInTheDocument(),
    );
    expect(fake.inputsOf('revealSecret')).toEqual([]);

    await user.click(dialog.getByRole('button', { name: 'Reveal' }));
    confirm = within(await screen.findByRole('dialog', { name: 'Reveal the secret?' }));
    await user.click(confirm.getByRole('button', { name: 'Reveal the secret' }));
    const shown = await screen.findByTestId('revealed-secret');
    expect(fake.inputsOf('revealSecret')).toEqual([
      { target: { kind: 'connection', connectionId: 'conn-a' } },
    ]);
    expect(fake.audit().at(-1)).toMatchObject({
      action: 'secret.reveal',
      target: 'conn-a',
      outcome: 'success',
    });

    // Masked until held: with the pointer, then with the Space bar.
    expect(shown).not.toHaveTextContent(SECRETS['conn-a']);
    const hold = screen.getByRole('button', { name: 'Hold to show' });
    await user.pointer({ keys: '[MouseLeft>]', target: hold });
    expect(shown).toHaveTextContent(SECRETS['conn-a']);
    expect(hold).toHaveAttribute('aria-pressed', 'true');
    await user.pointer({ keys: '[/MouseLeft]', target: hold });
    expect(shown).not.toHaveTextContent(SECRETS['conn-a']);
    hold.focus();
    await user.keyboard('[Space>]');
    expect(shown).toHaveTextContent(SECRETS['conn-a']);
    await user.keyboard('[/Space]');
    expect(shown).not.toHaveTextContent(SECRETS['conn-a']);

    act(() => {
      vi.advanceTimersByTime(10_000);
    });
    expect(screen.queryByTestId('revealed-secret')).not.toBeInTheDocument();
    expect(screen.getByText(/The secret is hidden again/)).toBeInTheDocument();
    expect(document.body.textContent).not.toContain(SECRETS['conn-a']);
  });

  it('copies through main and says the clipboard will be cleared in 30 seconds', async () => {
    const { user, fake } = await renderReview(OPTIONS);
    const dialog = await openDetails(user, 'conn-a', 'Maple Leaf Bakery');
    await user.click(dialog.getByRole('button', { name: 'Copy' }));
    expect(
      await dialog.findByText(
        'Copied to the clipboard. It will be cleared from the clipboard in 30 seconds.',
      ),
    ).toBeInTheDocument();
    expect(fake.clipboard.text).toBe(SECRETS['conn-a']);
    expect(fake.inputsOf('copySecret')).toEqual([{ target: { kind: 'connection', connectionId: 'conn-a' } }]);
    expect(document.body.textContent).not.toContain(SECRETS['conn-a']);
  });

  it('compares a value read out by the customer, right and wrong, and clears the field each time', async () => {
    const { user, fake } = await renderReview(OPTIONS);
    const dialog = await openDetails(user, 'conn-a', 'Maple Leaf Bakery');
    const field = dialog.getByLabelText('Value the customer reads out');

    await user.click(dialog.getByRole('button', { name: 'Compare' }));
    expect(dialog.getByText('Type or paste the value first.')).toBeInTheDocument();
    expect(fake.inputsOf('compareSecret')).toEqual([]);

    await user.type(field, 'not-the-secret');
    await user.click(dialog.getByRole('button', { name: 'Compare' }));
    expect(await dialog.findByText('It does not match the stored secret.')).toBeInTheDocument();
    expect(field).toHaveValue('');

    await user.type(field, `${SECRETS['conn-a']}{Enter}`);
    expect(await dialog.findByText('It matches the stored secret.')).toBeInTheDocument();
    expect(field).toHaveValue('');
    expect(fake.inputsOf('compareSecret')).toEqual([
      { target: { kind: 'connection', connectionId: 'conn-a' }, candidate: 'not-the-secret' },
      { target: { kind: 'connection', connectionId: 'conn-a' }, candidate: SECRETS['conn-a'] },
    ]);
    expect(fake.audit().map((e) => e.detail)).toEqual([{ matches: false }, { matches: true }]);
  });

  it('names each secret of a retired Sage v3.0 app registration', async () => {
    const { user, fake } = await renderReview(OPTIONS);
    const dialog = await openDetails(user, 'integration:sage', 'Sage Accounting');
    await user.selectOptions(dialog.getByLabelText('Secret'), 'Signing secret');
    await user.click(dialog.getByRole('button', { name: 'Copy' }));
    await dialog.findByText(/It will be cleared from the clipboard/);
    expect(fake.inputsOf('copySecret')).toEqual([
      { target: { kind: 'integration', platform: 'sage', field: 'signingSecret' } },
    ]);
    expect(fake.clipboard.text).toBe('CANARY-ss');
  });

  it('offers no secret actions where no secret can be read, and explains a failure', async () => {
    const { user } = await renderReview({ ...OPTIONS, secrets: {} });
    let dialog = await openDetails(user, 'conn-c', 'Thistle & Co');
    expect(dialog.getByText('No secret is stored for this row.')).toBeInTheDocument();
    expect(dialog.queryByRole('button', { name: 'Reveal' })).not.toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    dialog = await openDetails(user, 'conn-d', 'Harbour Design');
    await user.click(dialog.getByRole('button', { name: 'Copy' }));
    expect(await dialog.findByRole('alert')).toHaveTextContent('That item could not be found.');
  });
});

describe('Repair', () => {
  it('deletes a keychain item with no record, after confirmation', async () => {
    const { user, fake } = await renderReview(OPTIONS);
    const dialog = await openDetails(user, 'orphan:connection-0bd7', 'connection-0bd7');
    expect(dialog.queryByRole('button', { name: 'Reveal' })).not.toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Delete the keychain item' }));
    const confirm = within(await screen.findByRole('dialog', { name: 'Delete the keychain item?' }));
    expect(confirm.getByText(/Delete connection-0bd7 from the keychain\?/)).toBeInTheDocument();
    await user.click(confirm.getByRole('button', { name: 'Delete' }));

    expect(await screen.findByText('The keychain item was deleted.')).toBeInTheDocument();
    expect(fake.inputsOf('deleteOrphanSecret')).toEqual([{ account: 'connection-0bd7' }]);
    await waitFor(() =>
      expect(screen.queryByTestId('review-row-orphan:connection-0bd7')).not.toBeInTheDocument(),
    );
    expect(fake.inputsOf('getReview')).toHaveLength(2);
  });

  it('links an OAuth company again through the sign-in panel', async () => {
    const { user, fake } = await renderReview(OPTIONS);
    const dialog = await openDetails(user, 'conn-b', 'Ceilidh Consulting');
    // Zoho Books is not set up in this fake: main refuses, and the sentence says why.
    await user.click(dialog.getByRole('button', { name: 'Link again' }));
    expect(await dialog.findByRole('alert')).toHaveTextContent('must be set up');
    expect(fake.inputsOf('startConnect')).toEqual([{ platform: 'zohobooks' }]);
  });

  it('completes a re-link and asks main for the review again', async () => {
    const rows = ROWS.map((r) => (r.id === 'conn-a' ? { ...r, problems: ['needsReauth' as const] } : r));
    const { user, fake } = await renderReview({ ...OPTIONS, rows });
    const dialog = await openDetails(user, 'conn-a', 'Maple Leaf Bakery');
    await user.click(dialog.getByRole('button', { name: 'Link again' }));
    expect(await dialog.findByTestId('connect-flow')).toHaveTextContent(
      'Linking a company to Sage Accounting',
    );
    fake.completeFlow({ label: 'Maple Leaf Bakery' });
    expect(
      await dialog.findByText('Linked again. The review is up to date.', {}, { timeout: 3000 }),
    ).toBeInTheDocument();
    expect(fake.inputsOf('getReview')).toHaveLength(2);
  });

  it('links a Clear Books company again with a new key, then removes the old connection', async () => {
    const { user, fake } = await renderReview({
      ...OPTIONS,
      connections: [{ id: 'conn-c', platform: 'clearbooks', label: 'Thistle & Co' }],
      clearBooksKeys: ['NEW-KEY-1'],
    });
    const dialog = await openDetails(user, 'conn-c', 'Thistle & Co');
    await user.click(dialog.getByRole('button', { name: 'Link again with a new API key' }));
    const modal = within(await screen.findByRole('dialog', { name: 'Link a Clear Books company' }));
    await user.type(modal.getByLabelText('Company name', { exact: false }), 'Thistle & Co');
    await user.type(modal.getByLabelText('API key', { exact: false }), 'NEW-KEY-1{Enter}');
    expect(
      await dialog.findByText(
        'Thistle & Co is linked as a new connection. Remove the old one, which no longer works?',
      ),
    ).toBeInTheDocument();
    expect(fake.inputsOf('getReview')).toHaveLength(2);

    await user.click(dialog.getByRole('button', { name: 'Remove the old connection' }));
    expect(dialog.getByText(/Remove Thistle & Co from this computer\?/)).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Remove the old connection' }));
    expect(await screen.findByText('The old connection was removed.')).toBeInTheDocument();
    expect(fake.inputsOf('disconnectConnection')).toEqual([
      { connectionId: 'conn-c', removeLocallyIfRevokeFails: true },
    ]);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });
});

describe('Export', () => {
  it('asks main to export, names no path, and says Saved, or nothing when the dialog was cancelled', async () => {
    const { user, fake } = await renderReview(OPTIONS);
    expect(screen.getByText(/Exports list fingerprints only, never secrets/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Export JSON' }));
    await waitFor(() => expect(fake.inputsOf('exportReview')).toHaveLength(2));
    expect(fake.inputsOf('exportReview')).toEqual([{ format: 'csv' }, { format: 'json' }]);

    fake.setExportSaves(false);
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(fake.inputsOf('exportReview')).toHaveLength(3));
    await waitFor(() => expect(screen.queryByText('Saved.')).not.toBeInTheDocument());
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('explains a failed export', async () => {
    const { user, fake } = await renderReview(OPTIONS);
    fake.setFailure('exportReview', 'KEYCHAIN_ERROR');
    await user.click(screen.getByRole('button', { name: 'Export JSON' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "The operating system's keychain reported an error.",
    );
  });
});

describe('Audit log', () => {
  const audit: FakeReviewOptions['audit'] = [
    {
      at: '2026-11-18T09:00:00.000Z',
      actor: 'support',
      action: 'connection.link',
      target: 'conn-a',
      outcome: 'success',
      detail: {},
    },
    {
      at: '2026-11-19T09:00:00.000Z',
      actor: 'support',
      action: 'secret.copy',
      target: 'sage:clientSecret',
      outcome: 'failed',
      detail: { code: 'NOT_FOUND' },
    },
  ];

  it('lists events newest first, including a reveal just made, and never a secret', async () => {
    const { user, fake } = await renderReview({ ...OPTIONS, audit });
    const dialog = await openDetails(user, 'conn-a', 'Maple Leaf Bakery');
    await user.click(dialog.getByRole('button', { name: 'Reveal' }));
    const confirm = within(await screen.findByRole('dialog', { name: 'Reveal the secret?' }));
    await user.click(confirm.getByRole('button', { name: 'Reveal the secret' }));
    await screen.findByTestId('revealed-secret');
    await user.click(dialog.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    await user.click(screen.getByRole('tab', { name: 'Audit log' }));
    const table = within(await screen.findByRole('table', { name: 'Audit log' }));
    const rows = table.getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[2]?.textContent)).toEqual([
      'Secret revealed',
      'Secret copied',
      'Company linked',
    ]);
    // A connection id is shown with the company it belongs to.
    expect(within(rows[0]!).getByText('Maple Leaf Bakery')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Failed')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Reason: That item could not be found.')).toBeInTheDocument();
    expect(fake.inputsOf('listAuditEvents')).toEqual([{ limit: 500 }]);
    expect(document.body.textContent).not.toContain(SECRETS['conn-a']);
  });

  const inWords: FakeReviewOptions['audit'] = [
    ['integration.enable', 'zohobooks', 'success', { was: false }],
    ['integration.configure', 'sage', 'success', { fields: 'clientSecret', secretsReplaced: 'clientSecret' }],
    ['connection.signIn', 'freshbooks', 'failed', { ending: 'cancelled' }],
    ['connection.signIn', 'zohobooks', 'refused', { ending: 'denied' }],
    ['connection.needsReauth', 'freshbooks', 'success', { reason: 'SCOPES_CHANGED', count: 3 }],
    ['settings.update', 'theme', 'success', { value: 'dark' }],
    ['settings.update', 'loopbackPort', 'success', { value: 53682 }],
    ['settings.update', 'language', 'success', { value: 'fr-CA' }],
    ['connection.disconnect', 'conn-a', 'success', { revocation: 'notSupported', platform: 'clearbooks' }],
  ].map(([action, target, outcome, detail], i) => ({
    at: `2026-11-1${i}T09:00:00.000Z`,
    actor: 'support',
    action: action as string,
    target: target as string,
    outcome: outcome as 'success' | 'refused' | 'failed',
    detail: detail as Record<string, string | number | boolean>,
  }));

  it('names actions, targets and details in words, never as stored keys and values', async () => {
    const { user } = await renderReview({ ...OPTIONS, audit: inWords });
    expect(await auditCells(user, /Audit log/)).toEqual([
      [
        'Company disconnected',
        'conn-aMaple Leaf Bakery',
        'Success',
        'Withdrawal at the provider: not offered by this provider. Platform: Clear Books',
      ],
      // Named as the Settings screen names each setting and its choices.
      ['Setting changed', 'Language', 'Success', 'New value: Français (Canada)'],
      ['Setting changed', 'Local port for sign-in callbacks', 'Success', 'New value: 53682'],
      ['Setting changed', 'Theme', 'Success', 'New value: Dark'],
      [
        'FreshBooks companies must sign in again',
        'FreshBooks',
        'Success',
        'Reason: the requested scopes changed. Companies: 3',
      ],
      ['Zoho Books sign-in ended without a link', 'Zoho Books', 'Refused', 'Access declined at the provider'],
      ['FreshBooks sign-in ended without a link', 'FreshBooks', 'Failed', 'Cancelled in the app'],
      [
        'Sage Accounting app registration saved',
        'Sage Accounting',
        'Success',
        'Secrets stored: Client secret. Client secret replaced',
      ],
      ['Zoho Books enabled', 'Zoho Books', 'Success', 'It was disabled'],
    ]);
  });

  it('reads the same events in Canadian French, with no English key left', async () => {
    const { user } = await renderReview({ ...OPTIONS, audit: inWords, settings: { language: 'fr-CA' } });
    const cells = await auditCells(user, /Journal d’audit|Journal d'audit/);
    expect(cells.at(-1)).toEqual([
      'Intégration Zoho Books activée',
      'Zoho Books',
      'Réussite',
      'Elle était désactivée',
    ]);
    expect(cells.slice(1, 4)).toEqual([
      ['Paramètre modifié', 'Langue', 'Réussite', 'Nouvelle valeur\u00a0: Français (Canada)'],
      [
        'Paramètre modifié',
        'Port local pour le retour des ouvertures de session',
        'Réussite',
        'Nouvelle valeur\u00a0: 53682',
      ],
      ['Paramètre modifié', 'Thème', 'Réussite', 'Nouvelle valeur\u00a0: Sombre'],
    ]);
    const text = cells.flat().join(' ');
    for (const raw of ['ending', 'SCOPES_CHANGED', 'clientSecret', 'notSupported', 'theme', 'was:'])
      expect(text).not.toContain(raw);
  });

  it('filters by action, outcome and target', async () => {
    const { user, fake } = await renderReview({ ...OPTIONS, audit });
    await user.click(screen.getByRole('tab', { name: 'Audit log' }));
    await screen.findByRole('table', { name: 'Audit log' });

    const table = () => within(screen.getByRole('table', { name: 'Audit log' }));
    await user.selectOptions(screen.getByLabelText('Action'), 'Secrets: all');
    await waitFor(() => expect(table().queryByText('Company linked')).not.toBeInTheDocument());
    expect(table().getByText('Secret copied')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Outcome'), 'Success');
    expect(await screen.findByText('No events match these filters.')).toBeInTheDocument();
    expect(fake.inputsOf('listAuditEvents').at(-1)).toEqual({
      action: 'secret.',
      outcome: 'success',
      limit: 500,
    });

    await user.selectOptions(screen.getByLabelText('Action'), 'All actions');
    await user.selectOptions(screen.getByLabelText('Outcome'), 'All outcomes');
    await waitFor(() => expect(table().getByText('Company linked')).toBeInTheDocument());
    // The target search also finds a connection by its company's name.
    await user.type(screen.getByRole('searchbox', { name: 'Target' }), 'maple');
    expect(table().getByText('Company linked')).toBeInTheDocument();
    expect(table().queryByText('Secret copied')).not.toBeInTheDocument();
    await user.clear(screen.getByRole('searchbox', { name: 'Target' }));
    await user.type(screen.getByRole('searchbox', { name: 'Target' }), 'SAGE:');
    expect(table().getByText('Secret copied')).toBeInTheDocument();
    expect(table().queryByText('Company linked')).not.toBeInTheDocument();
  });
});

describe('Review in French', () => {
  it('names the screen, its summary, columns and problems in French', async () => {
    const { user } = await renderReview({ ...OPTIONS, settings: { language: 'fr-CA' } });
    expect(screen.getByRole('link', { name: 'Révision' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('button', { name: 'Réautorisation requise 2' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Entreprise ou organisation' })).toBeInTheDocument();
    expect(screen.getByText('6 lignes sur 6')).toBeInTheDocument();
    expect(row('conn-a').getByText('42 jours')).toBeInTheDocument();
    const dialog = await openDetails(user, 'conn-c', 'Thistle & Co');
    expect(
      dialog.getByText("Que faire : Liez l'entreprise de nouveau avec « Réparer », ci-dessous."),
    ).toBeInTheDocument();
    expect(
      dialog.getByText(
        /^Que faire : Liez l'entreprise de nouveau avec « Réparer », ci-dessous; pour une inscription/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Exporter en CSV' })).toBeInTheDocument();
  });
});

describe('Review failures', () => {
  it('explains a review main could not produce, and tries again', async () => {
    const { fake, user } = await renderReview({ ...OPTIONS, failures: {} });
    expect(shownIds()).toHaveLength(6);
    fake.setFailure('getReview', 'DB_BUSY');
    await user.click(screen.getByRole('link', { name: 'Settings' }));
    await screen.findByRole('heading', { level: 1, name: 'Settings' });
    await user.click(screen.getByRole('link', { name: 'Review' }));
    expect(
      await screen.findByText('The data file is busy. Wait a moment and try again.'),
    ).toBeInTheDocument();
    fake.setFailure('getReview', null);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(shownIds()).toHaveLength(6));
  });
});
