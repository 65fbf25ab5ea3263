/**
 * The audit trail's vocabulary: every action main may record, and every detail
 * it may attach. Main's AuditLog accepts nothing else (the types say so), and
 * the renderer names each one in words in both languages (a catalog test reads
 * these lists), so no raw key or value ever reaches the person reading the log.
 */

export const AUDIT_ACTIONS = [
  'integration.enable',
  'integration.disable',
  'integration.configure',
  'integration.remove',
  'integration.secret.missing',
  'integration.secret.mismatch',
  'connection.signIn',
  'connection.link',
  'connection.relink',
  'connection.test',
  'connection.refresh',
  'connection.keepAlive',
  'connection.disconnect',
  'connection.needsReauth',
  'connection.revokeReplaced',
  'connection.secretMissing',
  'connection.fingerprintCorrected',
  'secret.reveal',
  'secret.copy',
  'secret.compare',
  'secret.deleteOrphan',
  'secret.rollForward',
  'review.export',
  'diagnostics.export',
  'settings.update',
  'link.open',
  'database.movedAside',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The store's CHECK constraint allows these three; how a sign-in ended is in its `ending` detail. */
export const AUDIT_OUTCOMES = ['success', 'refused', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** How a sign-in that did not link a company ended. */
export const SIGN_IN_ENDINGS = ['cancelled', 'denied', 'timedOut', 'failed'] as const;
export type SignInEnding = (typeof SIGN_IN_ENDINGS)[number];

/** Why something was refused or marked (stored as `reason`). */
export const AUDIT_REASONS = [
  'CREDENTIALS_RETIRED',
  'NOT_CONFIGURED',
  'SCOPES_CHANGED',
  'corrupt',
  'empty',
] as const;
export type AuditReason = (typeof AUDIT_REASONS)[number];

export const REVOCATION_OUTCOMES = ['revoked', 'notSupported', 'failed'] as const;

/** The secret fields of an app registration that `fields` and `secretsReplaced` may list (comma-separated). */
export const AUDIT_SECRET_FIELDS = ['clientSecret', 'signingSecret', 'subscriptionKey'] as const;

/** Non-secret context an event may carry. Never a secret, never a value a person typed. */
export interface AuditDetail {
  /** An error code (`ErrorCode`) the action ended with. */
  code?: string;
  revocation?: (typeof REVOCATION_OUTCOMES)[number];
  /** A platform id. */
  platform?: string;
  /** Whether the integration was enabled before. */
  was?: boolean;
  /** Secret fields stored, comma-separated (AUDIT_SECRET_FIELDS). */
  fields?: string;
  /** Secret fields whose value changed, comma-separated (AUDIT_SECRET_FIELDS). */
  secretsReplaced?: string;
  matches?: boolean;
  reason?: AuditReason;
  count?: number;
  /** A setting's new value (the setting is the event's target). */
  value?: string | number | boolean | null;
  /** Finished at start-up after an interruption. */
  resumed?: boolean;
  rows?: number;
  ending?: SignInEnding;
}
export type AuditDetailKey = keyof AuditDetail;

/** Every detail key, listed for the catalogs; a Record so a key added above cannot be left out here. */
const DETAIL_KEY_SET: Record<AuditDetailKey, true> = {
  code: true,
  revocation: true,
  platform: true,
  was: true,
  fields: true,
  secretsReplaced: true,
  matches: true,
  reason: true,
  count: true,
  value: true,
  resumed: true,
  rows: true,
  ending: true,
};
export const AUDIT_DETAIL_KEYS = Object.keys(DETAIL_KEY_SET) as AuditDetailKey[];
