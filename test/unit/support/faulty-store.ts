import { toKeychainError } from '../../../src/main/services/vault/keytar-secret-store';
import type { SecretStore } from '../../../src/main/services/vault/secret-store';

/**
 * How the keychain misbehaves:
 * - failAfterWrite: writes land, then the call reports an error (a reply lost on D-Bus);
 * - hang: no call answers until the fault is cleared (a Secret Service that stopped responding);
 * - answerEmpty: every read finds nothing, every delete deletes nothing, writes vanish (a locked keychain);
 * - unknownError: every call fails with an error the app does not recognise.
 */
export type Fault = 'failAfterWrite' | 'hang' | 'answerEmpty' | 'unknownError';
export const FAULTS: readonly Fault[] = ['failAfterWrite', 'hang', 'answerEmpty', 'unknownError'];

/** A SecretStore over the real keychain that injects one fault while `fault` is set. */
export class FaultyStore implements SecretStore {
  fault: Fault | null = null;
  /** Only calls about accounts for which this says yes are faulty (default: all). */
  only: (account: string | null) => boolean = () => true;
  private waiting: Array<() => void> = [];
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(readonly inner: SecretStore) {}

  /** Ends the fault; calls that were hanging go through now. Resolves once they have. */
  async clear(): Promise<void> {
    this.fault = null;
    for (const release of this.waiting.splice(0)) release();
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  set(account: string, value: string): Promise<void> {
    return this.around(account, () => this.inner.set(account, value), {
      afterWrite: true,
      empty: async () => {},
    });
  }

  get(account: string): Promise<string | null> {
    return this.around(account, () => this.inner.get(account), { empty: async () => null });
  }

  delete(account: string): Promise<boolean> {
    return this.around(account, () => this.inner.delete(account), { empty: async () => false });
  }

  accounts(): Promise<string[]> {
    return this.around(null, () => this.inner.accounts(), { empty: async () => [] });
  }

  entries(): Promise<Array<{ account: string; value: string }>> {
    return this.around(null, () => this.inner.entries(), { empty: async () => [] });
  }

  private around<T>(
    account: string | null,
    real: () => Promise<T>,
    options: { afterWrite?: boolean; empty: () => Promise<T> },
  ): Promise<T> {
    const fault = this.only(account) ? this.fault : null;
    const call = (async () => {
      switch (fault) {
        case null:
          return real();
        case 'failAfterWrite':
          if (!options.afterWrite) return real();
          await real();
          throw toKeychainError(new Error('Unexpected reply after the item was stored'));
        case 'hang':
          await new Promise<void>((resolve) => this.waiting.push(resolve));
          return real();
        case 'answerEmpty':
          return options.empty();
        case 'unknownError':
          throw toKeychainError(new Error('Unexpected error -25293'));
      }
    })();
    this.inFlight.add(call);
    void call.then(
      () => this.inFlight.delete(call),
      () => this.inFlight.delete(call),
    );
    return call;
  }
}
