import { createHmac, randomBytes } from 'node:crypto';

import { AppError } from '@shared/ipc/errors';
import { FINGERPRINT_KEY_ACCOUNT, fingerprintKeyItem, parseFingerprintKey } from './keychain-items';
import type { SecretStore } from './secret-store';

export { FINGERPRINT_KEY_ACCOUNT };

export type Fingerprinter = (secret: string) => Promise<string>;

/**
 * Fingerprints are HMAC-SHA-256 of the secret under a random per-install key kept
 * in the keychain. They let people compare a value with what is stored, yet the
 * SQLite file alone cannot be used to guess short secrets offline: without the
 * key, candidate values cannot be hashed to compare.
 *
 * A new key is made only when a healthy keychain confirms there is none: a
 * locked keychain answers "no such item", and replacing the key then would make
 * every stored fingerprint wrong.
 */
export function createFingerprinter(
  secrets: SecretStore,
  confirmHealthy: () => Promise<void> = async () => {},
): Fingerprinter {
  let key: Promise<Buffer> | undefined;
  const read = async (): Promise<Buffer | null> => {
    const stored = await secrets.get(FINGERPRINT_KEY_ACCOUNT);
    if (stored === null) return null;
    const parsed = parseFingerprintKey(stored);
    if (!parsed) throw new AppError('KEYCHAIN_ERROR', 'The fingerprint key is unreadable');
    return parsed;
  };
  const loadKey = async (): Promise<Buffer> => {
    const stored = await read();
    if (stored) return stored;
    await confirmHealthy();
    const again = await read();
    if (again) return again;
    const fresh = randomBytes(32);
    await secrets.set(FINGERPRINT_KEY_ACCOUNT, fingerprintKeyItem(fresh));
    return fresh;
  };
  return async (secret) => {
    key ??= loadKey().catch((error: unknown) => {
      key = undefined; // let a later call retry once the keychain is back
      throw error;
    });
    const digest = createHmac('sha256', await key)
      .update(secret, 'utf8')
      .digest('hex');
    return `hmac-sha256:${digest.slice(0, 32).match(/.{4}/g)!.join(' ')}`;
  };
}
