import { describe, expect, it } from 'vitest';

import { connectionItem } from '../../src/main/services/vault/keychain-items';
import type { SecretStore } from '../../src/main/services/vault/secret-store';
import { PROBLEM_CODES, type Review, type ReviewRow } from '../../src/shared/ipc/schemas';
import { FaultyStore } from './support/faulty-store';
import { nothingKnown } from './support/review-row';
import { testKeychain, testServices } from './support/temp';

// What the review screen shows, row by row, read from a real SQLite file: the rows are written as
// earlier versions, start-up reconciliation or a crash could have left them, and the review must
// show each column and problem as stored. Then what reveal, copy and compare answer, and audit,
// when there is nothing to reveal.

const NOW = '2026-11-21T12:00:00.000Z';
const DAY = 24 * 3600 * 1000;
const daysFromNow = (days: number) => new Date(Date.parse(NOW) + days * DAY).toISOString();

function services(secrets: SecretStore = testKeychain()) {
  return testServices({ secrets, clock: () => new Date(NOW) });
}
type Services = ReturnType<typeof services>;

const noSummary = () => Object.fromEntries(PROBLEM_CODES.map((p) => [p, 0])) as Review['summary'];

/** A row nothing has been set on: every date, error, scope and fingerprint empty. */
const blank = nothingKnown();

const registration = (platform: 'zohobooks' | 'sage' | 'freshbooks', label: string): ReviewRow => ({
  ...blank,
  id: `integration:${platform}`,
  kind: 'integration',
  platform,
  label,
  credentialKind: 'appRegistration',
  status: 'disabled',
});

function integrationRow(s: Services, platform: string, columns: Record<string, string | number | null> = {}) {
  const names = ['platform', ...Object.keys(columns)];
  s.db
    .prepare(
      `INSERT INTO integrations (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
       ON CONFLICT (platform) DO NOTHING`,
    )
    .run(platform, ...Object.values(columns));
}

let counter = 0;
/** A connection row as a link leaves it; its platform's integration row is created if need be. */
function connectionRow(
  s: Services,
  columns: Record<string, string | number | null> & { platform?: string } = {},
): string {
  counter += 1;
  const id = `conn-${counter}`;
  const row: Record<string, string | number | null> = {
    id,
    platform: 'sage',
    kind: 'oauth',
    label: `Company ${counter}`,
    status: 'linked',
    created_at: '2026-11-01T09:00:00.000Z',
    refresh_expires_at: daysFromNow(60),
    last_verified_at: daysFromNow(-1),
    secret_fingerprint: `hmac-sha256:fp${counter}`,
    ...columns,
  };
  integrationRow(s, row['platform'] as string);
  const names = Object.keys(row);
  s.db
    .prepare(`INSERT INTO connections (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
    .run(...Object.values(row));
  return id;
}

const rowOf = (review: Review, id: string) => review.rows.find((r) => r.id === id);

describe('the review, row by row', () => {
  it('a new install lists the three app registrations still to set up, nothing for Clear Books, and no problem', () => {
    const s = services();
    const review = s.review.currentReview();
    expect(review).toEqual({
      generatedAt: NOW,
      keychain: s.keychainHealth.state,
      rows: [
        registration('zohobooks', 'Zoho Books'),
        registration('sage', 'Sage Accounting'),
        registration('freshbooks', 'FreshBooks'),
      ],
      summary: noSummary(),
    });
  });

  it('shows a registration as stored: enabled, when its secret was set, its fingerprints', () => {
    const s = services();
    integrationRow(s, 'zohobooks', {
      enabled: 1,
      client_id: '1000.ABC',
      secret_ref: 'integration-zohobooks-1',
      secret_fingerprints_json: JSON.stringify({ clientSecret: 'hmac-sha256:aa' }),
      configured_at: '2026-11-02T10:00:00.000Z',
      secret_set_at: '2026-11-03T10:00:00.000Z',
    });
    expect(rowOf(s.review.currentReview(), 'integration:zohobooks')).toEqual({
      ...registration('zohobooks', 'Zoho Books'),
      status: 'enabled',
      secretSetAt: '2026-11-03T10:00:00.000Z',
      fingerprints: ['hmac-sha256:aa'],
    });
  });

  it('flags an enabled platform without its registration, and a disabled one that still has companies, Clear Books included', () => {
    const s = services();
    integrationRow(s, 'sage', { enabled: 1 });
    integrationRow(s, 'clearbooks', { enabled: 0 });
    const key = connectionRow(s, { platform: 'clearbooks', kind: 'apiKey', refresh_expires_at: null });
    const review = s.review.currentReview();
    expect(rowOf(review, 'integration:sage')).toMatchObject({
      status: 'enabled',
      problems: ['enabledNotConfigured'],
    });
    expect(rowOf(review, 'integration:clearbooks')).toEqual({
      ...blank,
      id: 'integration:clearbooks',
      kind: 'integration',
      platform: 'clearbooks',
      label: 'Clear Books',
      credentialKind: 'none', // no app registration: nothing stored for the platform itself
      status: 'disabled',
      problems: ['disabledWithConnections'],
    });
    expect(rowOf(review, key)?.problems).toEqual([]);
    // Enabled again, Clear Books (which needs no registration) has nothing to fix.
    s.integrations.setEnabled('clearbooks', true);
    expect(rowOf(s.review.currentReview(), 'integration:clearbooks')?.problems).toEqual([]);
  });

  it('shows what start-up found about a registration’s secrets in the keychain', () => {
    const s = services();
    const configured = { client_id: 'id', configured_at: '2026-11-02T10:00:00.000Z' };
    integrationRow(s, 'sage', { ...configured, secret_problem: 'missing' });
    integrationRow(s, 'freshbooks', { ...configured, secret_problem: 'mismatch' });
    const review = s.review.currentReview();
    expect(rowOf(review, 'integration:sage')?.problems).toEqual(['secretMissing']);
    expect(rowOf(review, 'integration:freshbooks')?.problems).toEqual(['secretMismatch']);
    expect(review.summary).toEqual({ ...noSummary(), secretMissing: 1, secretMismatch: 1 });
  });

  it('shows a connection column by column: scopes, dates, when its secret was last set, no fingerprint when it has none', () => {
    const s = services();
    const scoped = connectionRow(s, {
      platform: 'freshbooks',
      label: 'Acme',
      scopes_json: '["user:profile:read","user:clients:read"]',
      token_expires_at: daysFromNow(-0.5),
      created_at: '2026-10-01T00:00:00.000Z',
      secret_set_at: '2026-11-10T00:00:00.000Z',
    });
    const bare = connectionRow(s, {
      platform: 'zohobooks',
      label: 'Bare',
      region: 'eu',
      created_at: '2026-10-05T00:00:00.000Z',
      secret_fingerprint: null,
    });
    const review = s.review.currentReview();
    expect(rowOf(review, scoped)).toEqual({
      ...blank,
      id: scoped,
      kind: 'connection',
      platform: 'freshbooks',
      label: 'Acme',
      credentialKind: 'oauth',
      status: 'linked',
      secretSetAt: '2026-11-10T00:00:00.000Z',
      tokenExpiresAt: daysFromNow(-0.5),
      refreshExpiresAt: daysFromNow(60),
      lastVerifiedAt: daysFromNow(-1),
      scopes: ['user:profile:read', 'user:clients:read'],
      fingerprints: [`hmac-sha256:fp${counter - 1}`],
    });
    // Rows from before secret_set_at existed fall back to when the company was linked.
    expect(rowOf(review, bare)).toEqual({
      ...blank,
      id: bare,
      kind: 'connection',
      platform: 'zohobooks',
      label: 'Bare',
      region: 'eu',
      credentialKind: 'oauth',
      status: 'linked',
      secretSetAt: '2026-10-05T00:00:00.000Z',
      refreshExpiresAt: daysFromNow(60),
      lastVerifiedAt: daysFromNow(-1),
    });
  });

  it('flags an API key that was pasted with whitespace around it', () => {
    const s = services();
    const clean = connectionRow(s, { platform: 'clearbooks', kind: 'apiKey', refresh_expires_at: null });
    const padded = connectionRow(s, {
      platform: 'clearbooks',
      kind: 'apiKey',
      refresh_expires_at: null,
      secret_had_whitespace: 1,
    });
    const review = s.review.currentReview();
    expect(rowOf(review, clean)?.problems).toEqual([]);
    expect(rowOf(review, padded)?.problems).toEqual(['secretHadWhitespace']);
  });

  it('warns on every Zoho link of a user at 18 of Zoho’s 20 live tokens, and on no other user’s', () => {
    const s = services();
    const first = [...Array(17)].map(() =>
      connectionRow(s, { platform: 'zohobooks', owner_key: 'hmac-sha256:u1' }),
    );
    const otherUser = connectionRow(s, { platform: 'zohobooks', owner_key: 'hmac-sha256:u2' });
    // The same user key at another provider, and API keys, never count towards Zoho's cap.
    connectionRow(s, { platform: 'sage', owner_key: 'hmac-sha256:u1' });
    connectionRow(s, { platform: 'clearbooks', kind: 'apiKey', refresh_expires_at: null });
    let review = s.review.currentReview();
    expect(review.summary.tokenCapNear).toBe(0);

    const eighteenth = connectionRow(s, { platform: 'zohobooks', owner_key: 'hmac-sha256:u1' });
    review = s.review.currentReview();
    for (const id of [...first, eighteenth]) expect(rowOf(review, id)?.problems).toEqual(['tokenCapNear']);
    expect(rowOf(review, otherUser)?.problems).toEqual([]);
    // The one other problem: Clear Books, not enabled, holds the API key.
    expect(review.summary).toEqual({ ...noSummary(), tokenCapNear: 18, disabledWithConnections: 1 });
  });

  it('lists a keychain item with no row as an orphan, with nothing else to show', async () => {
    const secrets = testKeychain();
    const s = services(secrets);
    await secrets.set('connection-orphan-3', connectionItem({ v: 1, kind: 'apiKey', apiKey: 'k-3' }));
    await s.reconciliation.run();
    const review = s.review.currentReview();
    expect(rowOf(review, 'orphan:connection-orphan-3')).toEqual({
      ...blank,
      id: 'orphan:connection-orphan-3',
      kind: 'orphan',
      platform: null,
      label: 'connection-orphan-3',
      credentialKind: 'unknown',
      status: 'orphan',
      problems: ['orphanKeychainItem'],
    });
    expect(review.summary).toEqual({ ...noSummary(), orphanKeychainItem: 1 });
  });
});

describe('reveal, copy and compare when there is nothing to reveal', () => {
  const failures = (s: Services, target: string) =>
    s.review
      .auditEvents({ target, limit: 10 })
      .map((e) => [e.action, e.outcome, e.detail['code'] ?? e.detail['matches']]);

  it('an unknown connection, or a platform never set up, is NOT_FOUND, and the attempt is audited', async () => {
    const s = services();
    const gone = { kind: 'connection', connectionId: 'conn-deleted' } as const;
    const unset = { kind: 'integration', platform: 'sage', field: 'clientSecret' } as const;
    for (const target of [gone, unset]) {
      await expect(s.review.reveal(target)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(s.review.copy(target)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(s.review.compare(target, 'guess')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(s.clipboard.text).toBe('');
    expect(failures(s, 'conn-deleted')).toEqual([
      ['secret.copy', 'failed', 'NOT_FOUND'],
      ['secret.reveal', 'failed', 'NOT_FOUND'],
    ]);
    expect(failures(s, 'sage:clientSecret')).toEqual([
      ['secret.copy', 'failed', 'NOT_FOUND'],
      ['secret.reveal', 'failed', 'NOT_FOUND'],
    ]);
  });

  it('compares an app registration’s secret by its fingerprint, audited under platform and field', async () => {
    const s = services();
    await s.integrations.saveConfiguration('sage', {
      clientId: 'sage-id',
      secrets: { clientSecret: 'sage-secret-81f2' },
      options: {},
    });
    const target = { kind: 'integration', platform: 'sage', field: 'clientSecret' } as const;
    expect(await s.review.compare(target, 'sage-secret-81f2')).toEqual({ matches: true });
    expect(await s.review.compare(target, 'sage-secret-81f3')).toEqual({ matches: false });
    // A field the registration does not have matches nothing.
    expect(
      await s.review.compare({ kind: 'integration', platform: 'sage', field: 'signingSecret' }, ''),
    ).toEqual({ matches: false });
    expect(failures(s, 'sage:clientSecret')).toEqual([
      ['secret.compare', 'success', false],
      ['secret.compare', 'success', true],
    ]);
  });

  it('a secret gone from a healthy keychain is NOT_FOUND; from a locked one, the keychain is named instead', async () => {
    const keychain = new FaultyStore(testKeychain());
    const s = services(keychain);
    await s.integrations.saveConfiguration('zohobooks', {
      clientId: '1000.ABC',
      secrets: { clientSecret: 'zoho-secret-5d1e' },
      options: {},
    });
    const account = 'connection-kept-1';
    await keychain.set(account, connectionItem({ v: 1, kind: 'apiKey', apiKey: 'cb-key-77a0' }));
    const id = connectionRow(s, { platform: 'clearbooks', kind: 'apiKey', secret_ref: account });
    const connection = { kind: 'connection', connectionId: id } as const;
    const registration = { kind: 'integration', platform: 'zohobooks', field: 'clientSecret' } as const;
    expect(await s.review.reveal(connection)).toEqual({ value: 'cb-key-77a0' });
    expect(await s.review.reveal(registration)).toEqual({ value: 'zoho-secret-5d1e' });

    // Locked: every read finds nothing, so nothing can be said missing.
    keychain.fault = 'answerEmpty';
    for (const target of [connection, registration])
      await expect(s.review.reveal(target)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    await keychain.clear();

    // Deleted by someone in the OS keychain manager.
    for (const item of [account, ...(await keychain.accounts()).filter((a) => a.startsWith('integration-'))])
      await keychain.delete(item);
    for (const target of [connection, registration])
      await expect(s.review.reveal(target)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(failures(s, id).map(([, , code]) => code)).toEqual([
      'NOT_FOUND',
      'KEYCHAIN_UNAVAILABLE',
      undefined,
    ]);
  });
});
