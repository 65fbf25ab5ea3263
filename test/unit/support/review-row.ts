import type { ReviewRow } from '../../../src/shared/ipc/schemas';

/** A review row's facts with nothing set: every date, error, scope and fingerprint empty (fresh lists each time). */
export function nothingKnown() {
  return {
    region: null,
    secretSetAt: null,
    tokenExpiresAt: null,
    refreshExpiresAt: null,
    lastVerifiedAt: null,
    lastError: null,
    scopes: [],
    fingerprints: [],
    problems: [],
  } satisfies Partial<ReviewRow>;
}

/** A linked Zoho Books company with nothing else known: a test sets only the facts it checks. */
export function reviewRow(overrides: Partial<ReviewRow> = {}): ReviewRow {
  return {
    id: 'conn-1',
    kind: 'connection',
    platform: 'zohobooks',
    label: 'Acme Ltd',
    credentialKind: 'oauth',
    status: 'linked',
    ...nothingKnown(),
    ...overrides,
  };
}
