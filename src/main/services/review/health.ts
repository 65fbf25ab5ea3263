import type { ReviewRow } from '@shared/ipc/schemas';
import { ZOHO_CAP_WARNING_AT } from '../../platforms/zohobooks';

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
  tokenExpiresAt: string | null;
  refreshExpiresAt: string | null;
  lastVerifiedAt: string | null;
  lastError: string | null;
  secretHadWhitespace: boolean;
}

export interface PlatformFacts {
  sageLegacy: boolean;
  zohoConnections: number;
}

const DAY_MS = 24 * 3600 * 1000;

export function connectionProblems(
  c: ConnectionFacts,
  platform: PlatformFacts,
  now: number,
  settings: HealthSettings,
): Problem[] {
  const problems: Problem[] = [];
  const at = (iso: string | null) => (iso ? Date.parse(iso) : NaN);
  if (c.kind === 'oauth' && at(c.tokenExpiresAt) <= now) problems.push('accessTokenExpired');
  const refreshExpiry = at(c.refreshExpiresAt);
  if (refreshExpiry <= now) problems.push('refreshTokenExpired');
  else if (refreshExpiry - now <= settings.expiringWithinDays * DAY_MS) problems.push('refreshTokenExpiring');
  const verified = at(c.lastVerifiedAt);
  if (Number.isNaN(verified)) problems.push('neverVerified');
  else if (now - verified > settings.staleAfterDays * DAY_MS) problems.push('verificationStale');
  if (c.lastError === 'SECRET_MISSING') problems.push('secretMissing');
  else if (c.lastError) problems.push('verificationFailed');
  if (c.status === 'needsReauth') problems.push('needsReauth');
  if (c.platform === 'sage' && platform.sageLegacy) problems.push('sageLegacyCredentials');
  if (c.platform === 'zohobooks' && platform.zohoConnections >= ZOHO_CAP_WARNING_AT)
    problems.push('zohoTokenCapNear');
  if (c.secretHadWhitespace) problems.push('secretHadWhitespace');
  return problems;
}

export interface IntegrationFacts {
  requiresRegistration: boolean;
  configured: boolean;
  enabled: boolean;
  connections: number;
  sageLegacy: boolean;
  /** What the start-up reconciliation found about the registration's keychain secrets. */
  secretProblem?: 'missing' | 'mismatch' | null;
}

export function integrationProblems(i: IntegrationFacts): Problem[] {
  const problems: Problem[] = [];
  if (i.enabled && i.requiresRegistration && !i.configured) problems.push('enabledNotConfigured');
  if (i.configured && !i.enabled && i.connections > 0) problems.push('disabledWithConnections');
  if (i.sageLegacy) problems.push('sageLegacyCredentials');
  if (i.secretProblem === 'missing') problems.push('secretMissing');
  if (i.secretProblem === 'mismatch') problems.push('secretMismatch');
  return problems;
}
