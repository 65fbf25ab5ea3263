import { randomBytes } from 'node:crypto';

import type { Logger } from '../log';
import { newProbeAccount } from './keychain-items';
import { KeychainUnavailableError, type KeychainHealthState, type SecretStore } from './secret-store';

export type KeychainHealthView = KeychainHealthState | 'checking';

/**
 * Whether the keychain can really be used, measured rather than assumed: the
 * probe writes a throwaway item, reads it back and deletes it. Listing accounts
 * is not enough: a locked or collection-less Secret Service lists nothing
 * without complaint, and answers every read with "no such item".
 *
 * Nothing is marked missing, re-authorised or deleted because the keychain
 * said "not found" unless a probe has just found it healthy.
 */
export class KeychainHealth {
  private current: KeychainHealthView = 'checking';
  private library: string | null = null;
  private probing: Promise<KeychainHealthState> | undefined;

  constructor(
    private readonly secrets: SecretStore,
    private readonly log: Logger,
  ) {}

  /** The last measured state; 'checking' until the first probe ends. */
  get state(): KeychainHealthView {
    return this.current;
  }

  /** The shared library the keychain module could not load, when that is why it is unavailable. */
  get missingLibrary(): string | null {
    return this.library;
  }

  /** Measures the keychain now (concurrent callers share one probe). */
  probe(): Promise<KeychainHealthState> {
    this.probing ??= this.measure().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  /** Probes, and throws KEYCHAIN_UNAVAILABLE (with the cause) unless the keychain is healthy. */
  async ensureHealthy(): Promise<void> {
    const state = await this.probe();
    if (state !== 'healthy') throw new KeychainUnavailableError(state, this.library);
  }

  private async measure(): Promise<KeychainHealthState> {
    const account = newProbeAccount();
    const value = randomBytes(16).toString('hex');
    let state: KeychainHealthState;
    let library: string | null = null;
    try {
      await this.secrets.set(account, value);
      const readBack = await this.secrets.get(account);
      const deleted = await this.secrets.delete(account);
      // A store that accepts a write but gives nothing back (or "deletes" nothing) is not holding secrets.
      state = readBack === value && deleted ? 'healthy' : 'locked';
    } catch (error) {
      state = error instanceof KeychainUnavailableError ? error.health : 'unavailable';
      library = error instanceof KeychainUnavailableError ? error.missingLibrary : null;
    }
    if (state !== this.current && state !== 'healthy')
      this.log.warn('Keychain not usable', {
        health: state,
        ...(library ? { missingLibrary: library } : {}),
      });
    this.current = state;
    this.library = library;
    return state;
  }
}
