import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  connectionProblems,
  DEFAULT_HEALTH_SETTINGS,
  integrationProblems,
  type ConnectionFacts,
  type PlatformFacts,
} from '../../src/main/services/review/health';
import { reviewToCsv } from '../../src/main/services/review/export';
import type { Review, ReviewRow } from '../../src/shared/ipc/schemas';
import { FaultyStore } from './support/faulty-store';
import { startLinkingRig, type LinkingRig } from './support/linking';
import { reviewRow } from './support/review-row';
import { tempDir } from './support/temp';

// eslint-disable-next-line no-control-regex -- NUL is one of the characters that start a formula
const FORMULA_START = /^[=+\-@\t\r\n\u0000]/;
const NOW = Date.parse('2026-11-21T12:00:00.000Z');
const DAY = 24 * 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const healthy: ConnectionFacts = {
  kind: 'oauth',
  platform: 'sage',
  status: 'linked',
  refreshExpiresAt: iso(NOW + 20 * DAY),
  lastVerifiedAt: iso(NOW - DAY),
  lastError: null,
  secretHadWhitespace: false,
  sameOwnerLinks: 1,
};
const facts: PlatformFacts = { retired: false };
const problems = (overrides: Partial<ConnectionFacts>, platform = facts) =>
  connectionProblems({ ...healthy, ...overrides }, platform, NOW, DEFAULT_HEALTH_SETTINGS);

describe('health checks (injected clock, boundary dates)', () => {
  it('a healthy connection has no problem', () => {
    expect(problems({})).toEqual([]);
  });

  it('a lapsed access token is no problem while the refresh token lives; only the refresh token’s end is', () => {
    // Access tokens last about an hour and are refreshed on use; the facts no longer even carry their expiry.
    expect(problems({ refreshExpiresAt: iso(NOW + 20 * DAY) })).toEqual([]);
    expect(problems({ refreshExpiresAt: iso(NOW - 1) })).toEqual(['refreshTokenExpired']);
  });

  it('refresh token: expiring within N days, then expired', () => {
    const n = DEFAULT_HEALTH_SETTINGS.expiringWithinDays;
    expect(problems({ refreshExpiresAt: iso(NOW + n * DAY + 1) })).not.toContain('refreshTokenExpiring');
    expect(problems({ refreshExpiresAt: iso(NOW + n * DAY) })).toContain('refreshTokenExpiring');
    expect(problems({ refreshExpiresAt: iso(NOW) })).toEqual(expect.arrayContaining(['refreshTokenExpired']));
    expect(problems({ refreshExpiresAt: iso(NOW) })).not.toContain('refreshTokenExpiring');
    expect(problems({ refreshExpiresAt: null })).not.toContain('refreshTokenExpired');
  });

  it('verification: never, stale after N days, failed with a stored code', () => {
    const n = DEFAULT_HEALTH_SETTINGS.staleAfterDays;
    expect(problems({ lastVerifiedAt: null })).toContain('neverVerified');
    expect(problems({ lastVerifiedAt: iso(NOW - n * DAY) })).not.toContain('verificationStale');
    expect(problems({ lastVerifiedAt: iso(NOW - n * DAY - 1) })).toContain('verificationStale');
    expect(problems({ lastError: 'RATE_LIMITED' })).toContain('verificationFailed');
    expect(problems({ lastError: 'SECRET_MISSING' })).toEqual(['secretMissing']);
  });

  it('needs re-auth, retired credentials, near a per-user token cap, whitespace flag', () => {
    expect(problems({ status: 'needsReauth' })).toContain('needsReauth');
    expect(problems({}, { retired: true })).toContain('credentialsRetired');
    const capped: PlatformFacts = { retired: false, tokenCapWarningAt: 18 };
    expect(problems({ platform: 'zohobooks', sameOwnerLinks: 17 }, capped)).not.toContain('tokenCapNear');
    expect(problems({ platform: 'zohobooks', sameOwnerLinks: 18 }, capped)).toContain('tokenCapNear');
    expect(problems({ sameOwnerLinks: 40 })).not.toContain('tokenCapNear'); // no cap on this platform
    // An API key is no refresh token: it never counts towards a cap.
    expect(problems({ kind: 'apiKey', platform: 'zohobooks', sameOwnerLinks: 18 }, capped)).toEqual([]);
    expect(problems({ secretHadWhitespace: true })).toContain('secretHadWhitespace');
  });

  /** A registered, enabled integration with no companies and nothing wrong. */
  const base = {
    requiresRegistration: true,
    configured: true,
    enabled: true,
    connections: 0,
    retired: false,
  };

  it('integrations: enabled but not configured, configured but disabled with live connections', () => {
    expect(integrationProblems(base)).toEqual([]);
    expect(integrationProblems({ ...base, configured: false })).toEqual(['enabledNotConfigured']);
    expect(integrationProblems({ ...base, requiresRegistration: false, configured: false })).toEqual([]);
    expect(integrationProblems({ ...base, enabled: false, connections: 2 })).toEqual([
      'disabledWithConnections',
    ]);
    expect(integrationProblems({ ...base, enabled: false, connections: 0 })).toEqual([]);
    // Enabled with connections, or never set up: nothing disabled holds companies back.
    expect(integrationProblems({ ...base, connections: 2 })).toEqual([]);
    expect(integrationProblems({ ...base, configured: false, enabled: false, connections: 2 })).toEqual([]);
  });

  it('integrations: what start-up found of the registration’s secrets in the keychain', () => {
    expect(integrationProblems({ ...base, secretProblem: null })).toEqual([]);
    expect(integrationProblems({ ...base, secretProblem: 'missing' })).toEqual(['secretMissing']);
    expect(integrationProblems({ ...base, secretProblem: 'mismatch' })).toEqual(['secretMismatch']);
  });
});

describe('CSV export', () => {
  const row = (label: string): ReviewRow => reviewRow({ id: 'c1', platform: 'sage', label });
  const review = (labels: string[]): Review => ({
    generatedAt: iso(NOW),
    keychain: 'healthy',
    rows: labels.map(row),
    summary: {} as Review['summary'],
  });
  const parse = (csv: string) => Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;

  it('neutralises OWASP’s examples and quotes every field', () => {
    const csv = reviewToCsv(review(['=1+2";=1+2', `=1+2'" ;,=1+2`, '=HYPERLINK("http://evil","x")']));
    expect(csv).toContain(`"'=1+2"";=1+2"`);
    expect(csv).toContain(`"'=1+2'"" ;,=1+2"`);
    const labels = parse(csv)
      .slice(1)
      .map((r) => r[2]);
    expect(labels).toEqual([`'=1+2";=1+2`, `'=1+2'" ;,=1+2`, `'=HYPERLINK("http://evil","x")`]);
    for (const line of csv.split('\r\n').filter(Boolean)) expect(line.startsWith('"')).toBe(true);
  });

  it('any label survives a real CSV parser as one cell, prefixed only when it would run as a formula', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (label) => {
        const [, parsed] = parse(reviewToCsv(review([label])));
        const cell = parsed![2]!;
        const trigger = FORMULA_START.test(label);
        expect(cell).toBe(trigger ? `'${label}` : label);
        expect(FORMULA_START.test(cell)).toBe(false);
      }),
      { numRuns: 400, seed: 5 },
    );
  });
});

describe('the review service', () => {
  let rig: LinkingRig;
  beforeEach(async () => {
    rig = await startLinkingRig();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await rig.close();
  });

  it('lists integrations and connections with problems and a summary, with no network at all', async () => {
    const sage = await rig.link('sage');
    await rig.services.connections.linkClearBooks('Acme', [...rig.fakes.clearbooks.apiKeys][0]!);
    const before = [rig.fakes.sage, rig.fakes.zoho, rig.fakes.freshbooks]
      .map((f) => f.requests.length)
      .concat(rig.fakes.clearbooks.requests.length);
    const review = rig.services.review.currentReview();
    const after = [rig.fakes.sage, rig.fakes.zoho, rig.fakes.freshbooks]
      .map((f) => f.requests.length)
      .concat(rig.fakes.clearbooks.requests.length);
    expect(after).toEqual(before);
    const sageRow = review.rows.find((r) => r.id === sage)!;
    expect(sageRow).toMatchObject({
      kind: 'connection',
      platform: 'sage',
      credentialKind: 'oauth',
      status: 'linked',
    });
    // Linking reached the company at the provider: it is verified, and healthy.
    expect(sageRow.problems).toEqual([]);
    expect(sageRow.lastVerifiedAt).not.toBeNull();
    expect(sageRow.fingerprints[0]).toMatch(/^hmac-sha256:/);
    expect(review.rows.find((r) => r.id === 'integration:sage')).toMatchObject({
      kind: 'integration',
      status: 'disabled',
      problems: ['disabledWithConnections'],
    });
    expect(review.summary.neverVerified).toBe(0);
    // A connection being deleted no longer counts as one the disabled integration still has.
    rig.services.db.prepare("UPDATE connections SET status = 'deleting' WHERE id = ?").run(sage);
    expect(
      rig.services.review.currentReview().rows.find((r) => r.id === 'integration:sage')?.problems,
    ).toEqual([]);
  });

  it('a company linked minutes ago whose access token has lapsed shows no problem', async () => {
    const ids = [await rig.link('zohobooks'), await rig.link('sage'), await rig.link('freshbooks')];
    const lapsed = Math.max(...ids.map((id) => Date.parse(rig.services.connections.get(id).tokenExpiresAt!)));
    // A minute after the last access token issued at link time has lapsed.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(lapsed + 60_000);
    const rows = rig.services.review.currentReview().rows.filter((r) => ids.includes(r.id));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(Date.parse(row.tokenExpiresAt!)).toBeLessThan(Date.now());
      expect(row.problems).toEqual([]);
    }
  });

  it('reveal, copy and compare are audited; copy clears the clipboard after 30 s only if it still holds the secret', async () => {
    const id = await rig.link('freshbooks');
    const target = { kind: 'connection' as const, connectionId: id };
    const refreshToken = rig.fakes.freshbooks.liveRefreshTokens().at(-1)!;
    expect(await rig.services.review.reveal(target)).toEqual({ value: refreshToken });
    vi.useFakeTimers();
    // The screen says how long the secret stays.
    expect(await rig.services.review.copy(target)).toEqual({ clearAfterSeconds: 30 });
    expect(rig.services.clipboard.text).toBe(refreshToken);
    // Marked so clipboard history and cloud clipboards skip it (see secret-clipboard.ts).
    expect(rig.services.clipboard.concealed).toBe(true);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(rig.services.clipboard.text).toBe(refreshToken);
    await vi.advanceTimersByTimeAsync(1);
    expect(rig.services.clipboard.text).toBe('');
    // Copied again before the 30 s are up, it stays 30 s from the last copy.
    await rig.services.review.copy(target);
    await vi.advanceTimersByTimeAsync(20_000);
    await rig.services.review.copy(target);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(rig.services.clipboard.text).toBe(refreshToken);
    await vi.advanceTimersByTimeAsync(1);
    expect(rig.services.clipboard.text).toBe('');
    await rig.services.review.copy(target);
    rig.services.clipboard.writeText('something the user copied since');
    await vi.runAllTimersAsync();
    expect(rig.services.clipboard.text).toBe('something the user copied since');
    vi.useRealTimers();
    expect(await rig.services.review.compare(target, refreshToken)).toEqual({ matches: true });
    expect(await rig.services.review.compare(target, `${refreshToken}x`)).toEqual({ matches: false });
    const actions = rig.services.review
      .auditEvents({ action: 'secret.', limit: 10 })
      .map((e) => `${e.action}:${String(e.detail['matches'] ?? '')}`);
    expect(actions).toEqual([
      'secret.compare:false',
      'secret.compare:true',
      'secret.copy:',
      'secret.copy:',
      'secret.copy:',
      'secret.copy:',
      'secret.reveal:',
    ]);
  });

  it('a copied secret still on the clipboard is wiped when the app quits; anything copied since is left alone', async () => {
    const id = await rig.link('sage');
    const target = { kind: 'connection' as const, connectionId: id };
    const refreshToken = rig.fakes.sage.liveRefreshTokens().at(-1)!;
    expect(await rig.services.review.clearCopiedSecret()).toBe(false);
    await rig.services.review.copy(target);
    expect(rig.services.clipboard.text).toBe(refreshToken);
    expect(await rig.services.review.clearCopiedSecret()).toBe(true);
    expect(rig.services.clipboard.text).toBe('');
    await rig.services.review.copy(target);
    rig.services.clipboard.writeText('an address the user copied since');
    expect(await rig.services.review.clearCopiedSecret()).toBe(false);
    expect(rig.services.clipboard.text).toBe('an address the user copied since');
  });

  it('a keychain that answers but keeps nothing (locked): reveal says the keychain is unavailable, never that the secret is gone, and the review shows that state', async () => {
    await rig.close();
    let faulty: FaultyStore | undefined;
    rig = await startLinkingRig({}, { wrapSecrets: (keychain) => (faulty = new FaultyStore(keychain)) });
    const id = await rig.link('sage');
    expect(rig.services.review.currentReview().keychain).toBe('healthy');
    faulty!.fault = 'answerEmpty';
    await expect(rig.services.review.reveal({ kind: 'connection', connectionId: id })).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
    });
    const { keychain } = rig.services.review.currentReview();
    expect(keychain).not.toBe('healthy');
    expect(keychain).toBe(rig.services.keychainHealth.state);
  });

  it('reveals an integration secret field on request', async () => {
    await rig.configure('zohobooks');
    const { value } = await rig.services.review.reveal({
      kind: 'integration',
      platform: 'zohobooks',
      field: 'clientSecret',
    });
    expect(value).toBe(rig.fakes.zoho.app.clientSecret);
    await expect(
      rig.services.review.reveal({ kind: 'integration', platform: 'zohobooks', field: 'signingSecret' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('canary: exports (CSV and JSON) and the audit log never contain a stored secret', async () => {
    const sage = await rig.link('sage');
    const apiKey = [...rig.fakes.clearbooks.apiKeys][0]!;
    await rig.services.connections.linkClearBooks('=cmd|" /C calc"!A0', apiKey);
    await rig.services.review.reveal({ kind: 'connection', connectionId: sage });
    await rig.services.review.compare({ kind: 'connection', connectionId: sage }, 'guess');
    const dir = tempDir();
    rig.services.savePath.next = join(dir, 'review.csv');
    expect(await rig.services.exportReview('csv')).toEqual({ saved: true });
    rig.services.savePath.next = join(dir, 'review.json');
    expect(await rig.services.exportReview('json')).toEqual({ saved: true });
    rig.services.savePath.next = null;
    expect(await rig.services.exportReview('csv')).toEqual({ saved: false });

    const csv = readFileSync(join(dir, 'review.csv'), 'utf8');
    const json = JSON.parse(readFileSync(join(dir, 'review.json'), 'utf8')) as { rows: ReviewRow[] };
    expect(json.rows.length).toBe(Papa.parse(csv, { header: true, skipEmptyLines: true }).data.length);
    expect(csv).toContain(`"'=cmd|"" /C calc""!A0"`);
    const audit = JSON.stringify(rig.services.review.auditEvents({ limit: 1000 }));
    const secrets = [apiKey, rig.fakes.sage.app.clientSecret, ...rig.fakes.sage.liveRefreshTokens()];
    for (const secret of secrets) {
      for (const haystack of [csv, JSON.stringify(json), audit]) expect(haystack).not.toContain(secret);
    }
    expect(rig.services.review.auditEvents({ action: 'review.export', limit: 5 })).toHaveLength(2);
  });

  it('reports keychain items with no row as orphans and deletes one on request', async () => {
    await rig.secrets.set('connection-orphan-7', '{"v":1}');
    await rig.services.reconciliation.run();
    const orphan = rig.services.review.currentReview().rows.find((r) => r.kind === 'orphan')!;
    expect(orphan).toMatchObject({ id: 'orphan:connection-orphan-7', problems: ['orphanKeychainItem'] });
    expect(await rig.services.reconciliation.deleteOrphan('connection-orphan-7')).toEqual({ deleted: true });
    expect(await rig.secrets.get('connection-orphan-7')).toBeNull();
    await expect(rig.services.reconciliation.deleteOrphan('connection-not-an-orphan')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
