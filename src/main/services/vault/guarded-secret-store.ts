import { KeychainUnavailableError, type SecretStore } from './secret-store';

/** A keychain call that has not answered after this long is treated as unavailable. */
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 4000;

/**
 * Puts a time limit on every keychain call. A Secret Service whose D-Bus socket
 * never answers leaves keytar's call pending for ever, holding one of libuv's
 * four worker threads; so while a call is stuck no new one is sent (they fail
 * at once with KEYCHAIN_UNAVAILABLE), and calls resume when it finally settles.
 */
export function guardSecretStore(
  store: SecretStore,
  timeoutMs: number = DEFAULT_KEYCHAIN_TIMEOUT_MS,
): SecretStore {
  let stuck = 0;
  const guarded = <T>(call: () => Promise<T>): Promise<T> => {
    if (stuck > 0)
      return Promise.reject(new KeychainUnavailableError('unavailable', null, 'A keychain call is stuck'));
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    let pending: Promise<T>;
    try {
      pending = call();
    } catch (error) {
      // A call that throws before returning its promise fails like one that rejects.
      pending = (async (): Promise<never> => {
        throw error;
      })();
    }
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        stuck += 1;
        reject(
          new KeychainUnavailableError('unavailable', null, `No answer from the keychain in ${timeoutMs} ms`),
        );
      }, timeoutMs);
      timer.unref();
    });
    void pending.then(
      () => settle(),
      () => settle(),
    );
    function settle(): void {
      clearTimeout(timer);
      if (timedOut) stuck -= 1;
    }
    return Promise.race([pending, timeout]);
  };
  return {
    set: (account, value) => guarded(() => store.set(account, value)),
    get: (account) => guarded(() => store.get(account)),
    delete: (account) => guarded(() => store.delete(account)),
    accounts: () => guarded(() => store.accounts()),
    entries: () => guarded(() => store.entries()),
  };
}
