import keytar from 'keytar';

import { AppError } from '@shared/ipc/errors';
import { assertStorableSecret, assertValidAccount, type SecretStore } from './secret-store';

/** Messages keytar/libsecret give when no Secret Service (keyring) can be reached. */
const UNAVAILABLE_PATTERNS = [
  /autolaunch D-Bus/i,
  /org\.freedesktop\.secrets/i,
  /DBus\.Error/i,
  /D-Bus/i,
  /Could not connect/i,
  /secret service/i,
];

/**
 * The OS keychain: macOS Keychain, Windows Credential Manager, or the Linux
 * Secret Service. The only module in the app that imports keytar.
 */
export class KeytarSecretStore implements SecretStore {
  constructor(private readonly service: string) {
    assertValidServiceName(service);
  }

  async set(account: string, value: string): Promise<void> {
    assertValidAccount(account);
    assertStorableSecret(value);
    await this.call(() => keytar.setPassword(this.service, account, value));
  }

  async get(account: string): Promise<string | null> {
    assertValidAccount(account);
    return this.call(() => keytar.getPassword(this.service, account));
  }

  async delete(account: string): Promise<boolean> {
    assertValidAccount(account);
    return this.call(() => keytar.deletePassword(this.service, account));
  }

  async accounts(): Promise<string[]> {
    const credentials = await this.call(() => keytar.findCredentials(this.service));
    return credentials.map((c) => c.account);
  }

  /** keytar can throw synchronously (empty arguments) or reject: both become typed errors. */
  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw toKeychainError(error);
    }
  }
}

export function toKeychainError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (UNAVAILABLE_PATTERNS.some((p) => p.test(message))) {
    return new AppError('KEYCHAIN_UNAVAILABLE', 'No keychain (Secret Service) is available');
  }
  return new AppError('KEYCHAIN_ERROR', 'The keychain refused the operation');
}

/** Service names are fixed per app and environment; '/' would make Windows targets ambiguous. */
export function assertValidServiceName(service: string): void {
  if (!/^[a-z0-9]+(\.[a-z0-9-]+)+$/.test(service))
    throw new Error(`Invalid keychain service name: ${service}`);
}
