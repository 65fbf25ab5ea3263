import { createHmac, randomBytes } from 'node:crypto';

import type { SecretStore } from './secret-store';

/** Keychain account holding this install's fingerprint key. */
export const FINGERPRINT_KEY_ACCOUNT = 'fingerprint-key';

export type Fingerprinter = (secret: string) => Promise<string>;

/**
 * Fingerprints are HMAC-SHA-256 of the secret under a random per-install key kept
 * in the keychain. They let people compare a value with what is stored, yet the
 * SQLite file alone cannot be used to guess short secrets offline: without the
 * key, candidate values cannot be hashed to compare.
 */
export function createFingerprinter(secrets: SecretStore): Fingerprinter {
  let key: Promise<Buffer> | undefined;
  const loadKey = async (): Promise<Buffer> => {
    const stored = await secrets.get(FINGERPRINT_KEY_ACCOUNT);
    if (stored) return Buffer.from(stored, 'base64');
    const fresh = randomBytes(32);
    await secrets.set(FINGERPRINT_KEY_ACCOUNT, fresh.toString('base64'));
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
