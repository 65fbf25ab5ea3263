import { AppError } from '@shared/ipc/errors';

/**
 * Where secrets live. The only implementation that ships is the OS keychain
 * (keytar); there is deliberately no file or plaintext fallback.
 */
export interface SecretStore {
  set(account: string, value: string): Promise<void>;
  /** Resolves null when there is no such item (or, on a locked keychain, when it will not say). */
  get(account: string): Promise<string | null>;
  /** Resolves false when there was nothing to delete. */
  delete(account: string): Promise<boolean>;
  /** Every account stored under this app's service name. */
  accounts(): Promise<string[]>;
  /** Every item under this app's service name, with its value (one call, for reconciliation). */
  entries(): Promise<Array<{ account: string; value: string }>>;
}

/** Why the keychain cannot be used; `healthy` is the only state in which secrets are read or written. */
export type KeychainHealthState = 'healthy' | 'unavailable' | 'locked' | 'noCollection';

/**
 * The keychain could not be used. The code stays KEYCHAIN_UNAVAILABLE for
 * every cause (the person's remedy is the same: make the keychain available);
 * `health` says which cause, for the start-up notice and the review.
 */
export class KeychainUnavailableError extends AppError {
  constructor(
    readonly health: Exclude<KeychainHealthState, 'healthy'>,
    /** The shared library the keychain module could not load (e.g. libsecret-1.so.0), if that was the cause. */
    readonly missingLibrary: string | null = null,
    message = `Keychain ${health}`,
  ) {
    super('KEYCHAIN_UNAVAILABLE', message);
    this.name = 'KeychainUnavailableError';
  }
}

/**
 * Windows Credential Manager stores at most 5 × 512 bytes per credential and
 * keytar writes the UTF-8 bytes, so this is the portable ceiling.
 */
export const MAX_SECRET_BYTES = 2560;

/** Accounts are opaque ids: no customer names, and no '/' (keytar on Windows joins service/account). */
const ACCOUNT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function assertValidAccount(account: string): void {
  if (!ACCOUNT_PATTERN.test(account)) throw new AppError('INVALID_INPUT', 'Keychain account ids are opaque');
}

export function assertStorableSecret(value: string): void {
  if (value.length === 0) throw new AppError('EMPTY_SECRET', 'Refusing to store an empty secret');
  if (Buffer.byteLength(value, 'utf8') > MAX_SECRET_BYTES) {
    throw new AppError('SECRET_TOO_LARGE', `Secret exceeds ${MAX_SECRET_BYTES} bytes of UTF-8`);
  }
}
