import type { ReviewRow, SecretTarget } from '@shared/ipc/schemas';
import { PROBLEM_CODES } from '@shared/review-problems';
import { getPlatform, isSecretField, requiredSecretFields, type PlatformId } from '@shared/platforms';
import { auditActionKey } from './audit-text';

/** Everything about the review screen that is not React: searching, filtering, sorting, formatting. */

export type Problem = ReviewRow['problems'][number];
export const PROBLEMS: readonly Problem[] = PROBLEM_CODES;

/** The platform's product name; '' for a keychain item, which has no platform. */
export const platformName = (row: ReviewRow) => (row.platform ? getPlatform(row.platform).name : '');

/** The platform column's text, sorted on and in its tooltip: the product name, then the data centre ("Zoho Books · EU"). */
export const platformText = (row: ReviewRow) =>
  row.region ? `${platformName(row)} · ${row.region.toUpperCase()}` : platformName(row);

// Built the first time a search needs it, then kept as long as the row (the review) lives.
const searchTexts = new WeakMap<ReviewRow, string>();

/** Label, id, region and fingerprints, lower-cased: what the search box looks in. */
export function searchText(row: ReviewRow): string {
  let text = searchTexts.get(row);
  if (text === undefined) {
    text = `${row.label}\n${row.id}\n${row.region ?? ''}\n${row.fingerprints.join('\n')}`.toLowerCase();
    searchTexts.set(row, text);
  }
  return text;
}

/**
 * The table's columns, narrow enough for a laptop screen beside the navigation: the region goes
 * with the platform, and the scopes, too long for a cell, are in each row's details and the exports.
 * In a narrow window the last three give way (review.css), so the most telling come first.
 */
export const COLUMNS = [
  'label',
  'platform',
  'status',
  'problems',
  'expiry',
  'lastVerified',
  'secretAge',
  'credentialKind',
  'fingerprint',
] as const;
export type Column = (typeof COLUMNS)[number];
export interface Sort {
  column: Column;
  direction: 'ascending' | 'descending';
}

const time = (iso: string | null) => (iso ? Date.parse(iso) : NaN);

/** The earlier of the two expiry times (an expired refresh token matters more than the access token). */
export function nextExpiry(row: ReviewRow): number {
  const token = time(row.tokenExpiresAt);
  const refresh = time(row.refreshExpiresAt);
  return Number.isNaN(token) ? refresh : Number.isNaN(refresh) ? token : Math.min(token, refresh);
}

function sortKey(row: ReviewRow, column: Column): string | number {
  switch (column) {
    case 'label':
      return row.label;
    case 'platform':
      return platformText(row);
    case 'status':
      return row.status;
    case 'problems':
      return row.problems.length;
    case 'expiry':
      return nextExpiry(row);
    case 'lastVerified':
      return time(row.lastVerifiedAt);
    case 'secretAge':
      // Older secret = greater age: sort on the negated time it was set.
      return -time(row.secretSetAt);
    case 'credentialKind':
      return row.credentialKind;
    case 'fingerprint':
      return row.fingerprints[0] ?? '';
  }
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Sorted copy; rows without a value (never verified, no expiry) go last either way. Ties keep their
 * order (Array.prototype.sort is stable). A column's keys are all numbers or all strings.
 */
export function sortRows(rows: readonly ReviewRow[], sort: Sort | null): readonly ReviewRow[] {
  if (!sort) return rows;
  const keys = rows.map((row) => sortKey(row, sort.column));
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const order = rows.map((_, i) => i);
  order.sort((a, b) => {
    const x = keys[a]!;
    const y = keys[b]!;
    if (typeof x === 'string') return collator.compare(x, String(y)) * sign;
    const xNaN = Number.isNaN(x);
    const yNaN = Number.isNaN(y);
    if (xNaN || yNaN) return Number(xNaN) - Number(yNaN);
    return (x - Number(y)) * sign;
  });
  return order.map((i) => rows[i]!);
}

export interface Filters {
  /** '' = all; 'none' = rows with no platform (keychain items). */
  platform: '' | 'none' | PlatformId;
  status: string;
  /** '' = all rows; 'any' = rows with at least one problem; 'none' = rows with none. */
  problem: '' | 'any' | 'none' | Problem;
  search: string;
}

export const NO_FILTERS: Filters = { platform: '', status: '', problem: '', search: '' };

export function filterRows(rows: readonly ReviewRow[], filters: Filters): readonly ReviewRow[] {
  const query = filters.search.trim().toLowerCase();
  const { platform, status, problem } = filters;
  if (!query && !platform && !status && !problem) return rows;
  return rows.filter((row) => {
    if (platform && (platform === 'none' ? row.platform !== null : row.platform !== platform)) return false;
    if (status && row.status !== status) return false;
    if (
      problem === 'any'
        ? row.problems.length === 0
        : problem === 'none'
          ? row.problems.length > 0
          : problem && !row.problems.includes(problem)
    )
      return false;
    return !query || searchText(row).includes(query);
  });
}

type SecretField = Extract<SecretTarget, { kind: 'integration' }>['field'];

/** Which stored secrets an explicit reveal, copy or compare can name for this row (none for keychain items). */
export function secretTargets(row: ReviewRow): Array<{ field: SecretField | null; target: SecretTarget }> {
  if (row.kind === 'orphan' || row.fingerprints.length === 0 || row.problems.includes('secretMissing'))
    return [];
  if (row.kind === 'connection')
    return [{ field: null, target: { kind: 'connection', connectionId: row.id } }];
  const platform = row.platform;
  if (!platform) return [];
  // A retired set-up holds its retired kind's secrets (Sage v3.0: four); otherwise the current kind's.
  const definition = getPlatform(platform);
  const retired = row.credentialKind === 'appRegistrationRetired';
  const kind = definition.setup.credentialKinds?.kinds.find((k) => Boolean(k.retired) === retired);
  const fields: SecretField[] = kind
    ? kind.fields.filter(isSecretField)
    : requiredSecretFields(definition, {});
  return fields.map((field) => ({ field, target: { kind: 'integration', platform, field } }));
}

/** The keychain account of a keychain-item row (`orphan:<account>`). */
export const orphanAccount = (row: ReviewRow) => row.id.replace(/^orphan:/, '');

/** Action prefixes the audit log can be filtered on (main matches `action LIKE prefix%`); '' = all. */
export const AUDIT_ACTION_FILTERS = [
  '',
  'secret.',
  'secret.reveal',
  'secret.copy',
  'secret.compare',
  'secret.deleteOrphan',
  'review.export',
  'connection.',
  'integration.',
  'settings.',
  'link.',
  'diagnostics.export',
  'database.movedAside',
] as const;

/** The catalog key naming an action filter: all, a group (`secret.`), or one action. */
export function auditFilterKey(prefix: string): string {
  if (prefix === '') return 'audit.allActions';
  return prefix.endsWith('.') ? `audit.actionGroups.${prefix.slice(0, -1)}` : auditActionKey(prefix);
}

const DAY_MS = 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;

// Intl formatters are slow to build: one set per language, kept for the life of the page.
const intlCache = new Map<string, ReturnType<typeof buildIntl>>();
function buildIntl(language: string) {
  return {
    relative: new Intl.RelativeTimeFormat(language, { numeric: 'auto' }),
    days: new Intl.NumberFormat(language, { style: 'unit', unit: 'day', unitDisplay: 'long' }),
    dateTime: new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }),
    count: new Intl.NumberFormat(language),
  };
}

/** Formatters for one language and one "now" (the review's generatedAt), shared by every row. */
export function makeFormatters(language: string, now: number) {
  let intl = intlCache.get(language);
  if (!intl) {
    intl = buildIntl(language);
    intlCache.set(language, intl);
  }
  const { relative, days, dateTime, count } = intl;
  return {
    /** "in 3 hours", "12 days ago". */
    relative(iso: string | null): string | null {
      const at = time(iso);
      if (Number.isNaN(at)) return null;
      const diff = at - now;
      const abs = Math.abs(diff);
      if (abs < HOUR_MS) return relative.format(Math.round(diff / 60_000), 'minute');
      if (abs < DAY_MS) return relative.format(Math.round(diff / HOUR_MS), 'hour');
      return relative.format(Math.round(diff / DAY_MS), 'day');
    },
    /** Whole days since a time ("42 days"), or null when unknown. */
    ageInDays(iso: string | null): { days: number; text: string } | null {
      const at = time(iso);
      if (Number.isNaN(at)) return null;
      const whole = Math.floor((now - at) / DAY_MS);
      return { days: whole, text: days.format(Math.max(whole, 0)) };
    },
    dateTime(iso: string | null): string | null {
      const at = time(iso);
      return Number.isNaN(at) ? null : dateTime.format(at);
    },
    /** Whether a time is at or before the review's "now" (an expiry that has passed). */
    isPast: (iso: string | null) => time(iso) <= now,
    count: (n: number) => count.format(n),
  };
}
export type Formatters = ReturnType<typeof makeFormatters>;
