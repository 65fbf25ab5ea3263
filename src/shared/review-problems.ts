/**
 * What the offline review can find wrong with a stored credential. The contract's schema and the
 * review screen (which names each in words) read this one list; it holds no zod, so the screen
 * does not bundle the schema library.
 */
export const PROBLEM_CODES = [
  'refreshTokenExpired',
  'refreshTokenExpiring',
  'neverVerified',
  'verificationStale',
  'verificationFailed',
  'needsReauth',
  'credentialsRetired',
  'tokenCapNear',
  'secretHadWhitespace',
  'secretMissing',
  'secretMismatch',
  'orphanKeychainItem',
  'enabledNotConfigured',
  'disabledWithConnections',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];
