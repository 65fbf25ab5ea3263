import type { ReviewRow } from '@shared/ipc/schemas';

/**
 * Offline health checks: computed from stored metadata alone (no keychain read,
 * no network), so the review works on a laptop with no connection.
 */
export type Problem = ReviewRow['problems'][number];

export interface HealthSettings {
  /** Warn this many days before a refresh token expires. */
  expiringWithinDays: number;
  /** A verification older than this many days is stale. */
  staleAfterDays: number;
}

export const DEFAULT_HEALTH_SETTINGS: HealthSettings = { expiringWithinDays: 7, staleAfterDays: 30 };

export interface ConnectionFacts {
  kind: 'oauth' | 'apiKey';
  platform: string;
  status: string;
  refreshExpiresAt: string | null;
  lastVerifiedAt: string | null;
  lastError: string | null;
  secretHadWhitespace: boolean;
  /** Live OAuth links this app holds for the same provider user (the user who signed in for this one). */
  sameOwnerLinks: number;
}

/** What the connection's platform implies, read from its definition and its saved set-up. */
export interface PlatformFacts {
  /** The app registration has credentials the provider no longer accepts (Sage v3.0). */
  retired: boolean;
  /** Warn at this many live refresh tokens per provider user (Zoho: two short of its 20). */
  tokenCapWarningAt?: number;
}

const DAY_MS = 24 * 3600 * 1000;

const at = (iso: string | null): number => (iso ? Date.parse(iso) : NaN);

export function connectionProblems(
  c: ConnectionFacts,
  platform: PlatformFacts,
  now: number,
  settings: HealthSettings,
): Problem[] {
  const problems: Problem[] = [];
  // A lapsed access token is not a problem: it lives an hour or so and is refreshed on next use
  // (RFC 6749 §6). Only the refresh token's end means the customer must sign in again.
  const refreshExpiry = at(c.refreshExpiresAt);
  if (refreshExpiry <= now) problems.push('refreshTokenExpired');
  else if (refreshExpiry - now <= settings.expiringWithinDays * DAY_MS) problems.push('refreshTokenExpiring');
  const verified = at(c.lastVerifiedAt);
  if (Number.isNaN(verified)) problems.push('neverVerified');
  else if (now - verified > settings.staleAfterDays * DAY_MS) problems.push('verificationStale');
  if (c.lastError === 'SECRET_MISSING') problems.push('secretMissing');
  else if (c.lastError) problems.push('verificationFailed');
  if (c.status === 'needsReauth') problems.push('needsReauth');
  if (platform.retired) problems.push('credentialsRetired');
  if (
    c.kind === 'oauth' &&
    platform.tokenCapWarningAt !== undefined &&
    c.sameOwnerLinks >= platform.tokenCapWarningAt
  )
    problems.push('tokenCapNear');
  if (c.secretHadWhitespace) problems.push('secretHadWhitespace');
  return problems;
}

export interface IntegrationFacts {
  requiresRegistration: boolean;
  configured: boolean;
  enabled: boolean;
  connections: number;
  retired: boolean;
  /** What the start-up reconciliation found about the registration's keychain secrets. */
  secretProblem?: 'missing' | 'mismatch' | null;
}

export function integrationProblems(i: IntegrationFacts): Problem[] {
  const problems: Problem[] = [];
  if (i.enabled && i.requiresRegistration && !i.configured) problems.push('enabledNotConfigured');
  if (i.configured && !i.enabled && i.connections > 0) problems.push('disabledWithConnections');
  if (i.retired) problems.push('credentialsRetired');
  if (i.secretProblem === 'missing') problems.push('secretMissing');
  if (i.secretProblem === 'mismatch') problems.push('secretMismatch');
  return problems;
}
