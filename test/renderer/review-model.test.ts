import { describe, expect, it } from 'vitest';

import {
  auditFilterKey,
  filterRows,
  makeFormatters,
  NO_FILTERS,
  platformText,
  orphanAccount,
  secretTargets,
  sortRows,
  type Column,
} from '../../src/renderer/src/pages/review/review-model';
import { reviewRow } from './fake-review-api';

/** What the Review table's cells and filters come to, for the cases its screen tests leave out. */
const NOW = Date.parse('2026-11-20T09:30:00.000Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('times in the Review table', () => {
  it('says minutes under an hour, hours under a day, days beyond, in English and French', () => {
    const en = makeFormatters('en', NOW);
    expect(en.relative(at(59 * MINUTE))).toBe('in 59 minutes');
    expect(en.relative(at(-59 * MINUTE))).toBe('59 minutes ago');
    expect(en.relative(at(HOUR))).toBe('in 1 hour');
    expect(en.relative(at(23 * HOUR))).toBe('in 23 hours');
    expect(en.relative(at(-23 * HOUR))).toBe('23 hours ago');
    expect(en.relative(at(DAY))).toBe('tomorrow');
    expect(en.relative(at(-3 * DAY))).toBe('3 days ago');
    expect(en.relative(null)).toBeNull();
    const fr = makeFormatters('fr-CA', NOW);
    expect(fr.relative(at(59 * MINUTE))).toBe('dans 59 minutes');
    expect(fr.relative(at(23 * HOUR))).toBe('dans 23 heures');
    expect(fr.relative(at(-3 * DAY))).toBe('il y a 3 jours');
  });

  it('counts whole days of a secret’s age, never below zero', () => {
    const en = makeFormatters('en', NOW);
    expect(en.ageInDays(at(-42 * DAY - HOUR))).toEqual({ days: 42, text: '42 days' });
    expect(en.ageInDays(at(-DAY + MINUTE))).toEqual({ days: 0, text: '0 days' });
    // A clock set back: set "in the future", shown as no age rather than a negative one.
    expect(en.ageInDays(at(2 * DAY))?.text).toBe('0 days');
    expect(en.ageInDays(null)).toBeNull();
    expect(makeFormatters('fr-CA', NOW).ageInDays(at(-42 * DAY))?.text).toBe('42\u00a0jours');
  });

  it('counts an expiry at the review’s own time as passed, and dates a time it has', () => {
    const en = makeFormatters('en', NOW);
    expect(en.isPast(at(0))).toBe(true);
    expect(en.isPast(at(1))).toBe(false);
    expect(en.isPast(at(-1))).toBe(true);
    expect(en.dateTime(null)).toBeNull();
    expect(en.dateTime(at(0))).toBe(
      new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(NOW),
    );
  });
});

describe('sorting and filtering the rows', () => {
  const rows = [
    reviewRow({ id: 'a', label: 'Company 10', lastVerifiedAt: null, secretSetAt: at(-5 * DAY) }),
    reviewRow({ id: 'b', label: 'company 2', lastVerifiedAt: at(-DAY), secretSetAt: at(-50 * DAY) }),
    reviewRow({ id: 'c', label: 'Company 2', lastVerifiedAt: null, secretSetAt: at(-DAY) }),
    reviewRow({
      id: 'd',
      kind: 'orphan',
      platform: null,
      label: 'Company 1',
      status: 'orphan',
      lastVerifiedAt: at(-2 * DAY),
      problems: ['orphanKeychainItem'],
    }),
  ];
  const ids = (list: readonly { id: string }[]) => list.map((r) => r.id);

  it('sorts names as people read them: 2 before 10, case ignored, ties in their order', () => {
    expect(ids(sortRows(rows, { column: 'label', direction: 'ascending' }))).toEqual(['d', 'b', 'c', 'a']);
    expect(ids(sortRows(rows, { column: 'label', direction: 'descending' }))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('puts rows never verified last either way, and the oldest secret first by age', () => {
    expect(ids(sortRows(rows, { column: 'lastVerified', direction: 'ascending' }))).toEqual([
      'd',
      'b',
      'a',
      'c',
    ]);
    expect(ids(sortRows(rows, { column: 'lastVerified', direction: 'descending' }))).toEqual([
      'b',
      'd',
      'a',
      'c',
    ]);
    expect(ids(sortRows(rows, { column: 'secretAge', direction: 'descending' }))).toEqual([
      'b',
      'd',
      'a',
      'c',
    ]);
  });

  it('filters keychain items, rows without problems, and by status', () => {
    expect(ids(filterRows(rows, { ...NO_FILTERS, platform: 'none' }))).toEqual(['d']);
    expect(ids(filterRows(rows, { ...NO_FILTERS, problem: 'none' }))).toEqual(['a', 'b', 'c']);
    expect(ids(filterRows(rows, { ...NO_FILTERS, problem: 'any' }))).toEqual(['d']);
    expect(ids(filterRows(rows, { ...NO_FILTERS, status: 'orphan' }))).toEqual(['d']);
    expect(ids(filterRows(rows, { ...NO_FILTERS, search: '  COMPANY 2 ' }))).toEqual(['b', 'c']);
  });

  it('sorts by every column, each on its own value, both ways', () => {
    // Three rows ordered differently by each column, and differently from the columns beside it,
    // so a column sorting on its neighbour's value (or on none) is seen.
    const sample = [
      reviewRow({
        id: 'p',
        label: 'Alpha',
        platform: 'zohobooks',
        status: 'linked',
        problems: ['neverVerified'],
        tokenExpiresAt: at(5 * HOUR),
        refreshExpiresAt: null,
        lastVerifiedAt: at(-3 * DAY),
        secretSetAt: at(-2 * DAY),
        credentialKind: 'oauth',
        region: 'uk',
        scopes: ['ab'],
        fingerprints: ['hmac-sha256:cccc'],
      }),
      reviewRow({
        id: 'q',
        label: 'Charlie',
        platform: 'clearbooks',
        status: 'needsReauth',
        problems: [],
        tokenExpiresAt: at(HOUR),
        refreshExpiresAt: at(9 * HOUR),
        lastVerifiedAt: at(-DAY),
        secretSetAt: at(-DAY),
        credentialKind: 'appRegistration',
        region: 'ca',
        scopes: ['c'],
        fingerprints: ['hmac-sha256:aaaa'],
      }),
      reviewRow({
        id: 'r',
        label: 'Bravo',
        platform: 'sage',
        status: 'disabled',
        problems: ['neverVerified', 'refreshTokenExpiring'],
        tokenExpiresAt: null,
        refreshExpiresAt: at(3 * HOUR),
        lastVerifiedAt: at(-2 * DAY),
        secretSetAt: at(-3 * DAY),
        credentialKind: 'apiKey',
        region: 'eu',
        scopes: ['a', 'z'],
        fingerprints: ['hmac-sha256:bbbb'],
      }),
    ];
    const ascending: Record<Column, string> = {
      label: 'prq', // Alpha, Bravo, Charlie
      platform: 'qrp', // Clear Books, Sage Accounting, Zoho Books
      status: 'rpq', // disabled, linked, needsReauth
      problems: 'qpr', // 0, 1, 2
      expiry: 'qrp', // the earlier of each row's expiries: 1 h, 3 h, 5 h
      lastVerified: 'prq', // 3, 2, 1 days ago
      secretAge: 'qpr', // the youngest secret first
      credentialKind: 'rqp', // apiKey, appRegistration, oauth
      fingerprint: 'qrp',
    };
    for (const [column, order] of Object.entries(ascending) as [Column, string][]) {
      expect(ids(sortRows(sample, { column, direction: 'ascending' })).join(''), column).toBe(order);
      expect(ids(sortRows(sample, { column, direction: 'descending' })).join(''), column).toBe(
        [...order].reverse().join(''),
      );
    }
  });

  it('shows and sorts the platform with its data centre, and a keychain item as no platform', () => {
    const sample = [
      reviewRow({ id: 'u', platform: 'zohobooks', region: 'uk' }),
      reviewRow({ id: 'k', platform: null, region: null }),
      reviewRow({ id: 'e', platform: 'zohobooks', region: 'eu' }),
      reviewRow({ id: 'n', platform: 'zohobooks', region: null }),
    ];
    expect(sample.map(platformText)).toEqual(['Zoho Books · UK', '', 'Zoho Books · EU', 'Zoho Books']);
    expect(ids(sortRows(sample, { column: 'platform', direction: 'ascending' }))).toEqual([
      'k',
      'n',
      'e',
      'u',
    ]);
  });

  it('hands back the rows themselves when nothing sorts or filters them (no copy of 10,000 rows)', () => {
    expect(sortRows(rows, null)).toBe(rows);
    expect(filterRows(rows, NO_FILTERS)).toBe(rows);
    expect(filterRows(rows, { ...NO_FILTERS, search: '   ' })).toBe(rows);
  });

  it('filters by one platform and by one problem', () => {
    const mixed = [
      reviewRow({ id: 's', platform: 'sage', problems: ['neverVerified'] }),
      reviewRow({ id: 'z', platform: 'zohobooks', problems: ['needsReauth', 'neverVerified'] }),
      rows[3]!,
    ];
    expect(ids(filterRows(mixed, { ...NO_FILTERS, platform: 'sage' }))).toEqual(['s']);
    expect(ids(filterRows(mixed, { ...NO_FILTERS, problem: 'needsReauth' }))).toEqual(['z']);
    expect(ids(filterRows(mixed, { ...NO_FILTERS, problem: 'neverVerified' }))).toEqual(['s', 'z']);
    expect(
      ids(filterRows(mixed, { ...NO_FILTERS, platform: 'zohobooks', problem: 'neverVerified' })),
    ).toEqual(['z']);
  });

  it('searches the region and each fingerprint on its own, nothing else', () => {
    const found = (row: ReturnType<typeof reviewRow>, search: string) =>
      filterRows([row], { ...NO_FILTERS, search }).length === 1;
    const eu = reviewRow({ id: 'e', region: 'eu', fingerprints: ['hmac-sha256:aaaa', 'hmac-sha256:bbbb'] });
    expect(found(eu, 'EU')).toBe(true);
    expect(found(eu, 'bbbb')).toBe(true);
    // Not across the end of one fingerprint and the start of the next.
    expect(found(eu, 'aaaahmac')).toBe(false);
    // A row without a region holds no "null" or placeholder text.
    expect(found(reviewRow({ id: 'n', region: null }), 'null')).toBe(false);
    expect(found(reviewRow({ id: 'n', region: null }), 'stryker')).toBe(false);
  });

  it('offers no secret to read for a keychain item, a row without a platform, secret or stored value', () => {
    expect(secretTargets(rows[3]!)).toEqual([]);
    const noPlatform = reviewRow({ id: 'integration:x', kind: 'integration', platform: null });
    expect(secretTargets(noPlatform)).toEqual([]);
    expect(secretTargets(reviewRow({ id: 'c1', fingerprints: [] }))).toEqual([]);
    expect(secretTargets(reviewRow({ id: 'c2', problems: ['secretMissing'] }))).toEqual([]);
    expect(secretTargets(reviewRow({ id: 'c3' }))).toEqual([
      { field: null, target: { kind: 'connection', connectionId: 'c3' } },
    ]);
    // A keychain item is never read through the bridge, whatever platform its name suggests.
    expect(
      secretTargets(reviewRow({ id: 'orphan:x', kind: 'orphan', platform: 'sage', problems: [] })),
    ).toEqual([]);
    // A retired Sage v3.0 set-up holds its three secrets; a platform with one kind of set-up, its one.
    const integration = (
      platform: 'sage' | 'zohobooks',
      credentialKind: 'appRegistration' | 'appRegistrationRetired',
    ) =>
      secretTargets(
        reviewRow({ id: `integration:${platform}`, kind: 'integration', platform, credentialKind }),
      );
    expect(integration('sage', 'appRegistrationRetired')).toEqual(
      ['clientSecret', 'signingSecret', 'subscriptionKey'].map((field) => ({
        field,
        target: { kind: 'integration', platform: 'sage', field },
      })),
    );
    expect(integration('zohobooks', 'appRegistration')).toEqual([
      {
        field: 'clientSecret',
        target: { kind: 'integration', platform: 'zohobooks', field: 'clientSecret' },
      },
    ]);
    // A current Sage set-up holds its client secret only; the client ID is no secret.
    const sage = reviewRow({
      id: 'integration:sage',
      kind: 'integration',
      credentialKind: 'appRegistration',
    });
    expect(secretTargets(sage).map((s) => s.field)).toEqual(['clientSecret']);
  });

  it('names a keychain item by its account, and each audit filter by its catalog entry', () => {
    expect(orphanAccount(rows[3]!)).toBe('d');
    expect(orphanAccount(reviewRow({ id: 'orphan:connection-0bd7' }))).toBe('connection-0bd7');
    expect(auditFilterKey('')).toBe('audit.allActions');
    expect(auditFilterKey('secret.')).toBe('audit.actionGroups.secret');
    expect(auditFilterKey('secret.reveal')).toBe('audit.actions.secret_reveal');
  });
});
