import { AppError } from '@shared/ipc/errors';
import {
  assertStorableSecret,
  assertValidAccount,
  KeychainUnavailableError,
  type SecretStore,
} from './secret-store';

type KeytarApi = Pick<
  typeof import('keytar'),
  'getPassword' | 'setPassword' | 'deletePassword' | 'findCredentials'
>;

/**
 * Messages keytar gives, by cause. libsecret (Linux), Security.framework
 * (macOS) and Credential Manager (Windows) each word them their own way.
 */
const CAUSES: Array<[KeychainUnavailableError['health'], RegExp]> = [
  // An item cannot be created in a locked collection; macOS: errSecInteractionNotAllowed, errSecAuthFailed.
  [
    'locked',
    /locked collection|is locked|User interaction is not allowed|passphrase you entered is not correct/i,
  ],
  // D-Bus is up but the default collection ("login") does not exist; macOS: errSecNoDefaultKeychain.
  [
    'noCollection',
    /Object does not exist at path|No such secret collection|specified keychain could not be found|no default keychain/i,
  ],
  [
    'unavailable',
    /autolaunch D-Bus|org\.freedesktop\.secrets|DBus\.Error|D-Bus|Could not connect|secret service/i,
  ],
];

/** e.g. "libsecret-1.so.0: cannot open shared object file: No such file or directory" (glibc dlopen). */
const MISSING_LIBRARY = /([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file/;

/**
 * Every keytar call of the process, one at a time: libsecret can crash the process when a
 * findCredentials overlaps a delete, and the OS keychains serialise access anyway.
 */
let keytarQueue: Promise<unknown> = Promise.resolve();

function inTurn<T>(operation: () => Promise<T>): Promise<T> {
  const turn = keytarQueue.then(operation, operation);
  keytarQueue = turn.catch(() => undefined);
  return turn;
}

/**
 * The OS keychain: macOS Keychain, Windows Credential Manager, or the Linux
 * Secret Service. The only module in the app that imports keytar, and only when
 * first used: if its native module cannot load (a missing libsecret on Linux),
 * the app still starts and every call fails with KEYCHAIN_UNAVAILABLE.
 */
export class KeytarSecretStore implements SecretStore {
  private loading: Promise<KeytarApi> | undefined;

  constructor(
    private readonly service: string,
    private readonly load: () => Promise<KeytarApi> = loadKeytar,
  ) {
    assertValidServiceName(service);
  }

  async set(account: string, value: string): Promise<void> {
    assertValidAccount(account);
    assertStorableSecret(value);
    await this.call((k) => k.setPassword(this.service, account, value));
  }

  async get(account: string): Promise<string | null> {
    assertValidAccount(account);
    return this.call((k) => k.getPassword(this.service, account));
  }

  async delete(account: string): Promise<boolean> {
    assertValidAccount(account);
    return this.call((k) => k.deletePassword(this.service, account));
  }

  async accounts(): Promise<string[]> {
    return (await this.entries()).map((e) => e.account);
  }

  async entries(): Promise<Array<{ account: string; value: string }>> {
    const credentials = await this.call((k) => k.findCredentials(this.service));
    return credentials.map((c) => ({ account: c.account, value: c.password }));
  }

  /** keytar can throw synchronously (empty arguments) or reject: both become typed errors. */
  private async call<T>(operation: (keytar: KeytarApi) => Promise<T>): Promise<T> {
    this.loading ??= this.load().catch((error: unknown) => {
      throw loadError(error);
    });
    const keytar = await this.loading;
    try {
      return await inTurn(() => operation(keytar));
    } catch (error) {
      throw toKeychainError(error);
    }
  }
}

/**
 * A plain require at first use: the main bundle is CommonJS and Electron loads native modules
 * (from app.asar.unpacked) through require; a failure here is caught and reported, not fatal.
 */
async function loadKeytar(): Promise<KeytarApi> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, on purpose
  return require('keytar') as KeytarApi;
}

function loadError(error: unknown): KeychainUnavailableError {
  const message = error instanceof Error ? error.message : String(error);
  const library = MISSING_LIBRARY.exec(message)?.[1] ?? null;
  return new KeychainUnavailableError('unavailable', library, 'The keychain module could not be loaded');
}

export function toKeychainError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const cause = CAUSES.find(([, pattern]) => pattern.test(message));
  if (cause) return new KeychainUnavailableError(cause[0]);
  return new AppError('KEYCHAIN_ERROR', 'The keychain refused the operation');
}

/** Service names are fixed per app and environment; '/' would make Windows targets ambiguous. */
export function assertValidServiceName(service: string): void {
  if (!/^[a-z0-9]+(\.[a-z0-9-]+)+$/.test(service))
    throw new Error(`Invalid keychain service name: ${service}`);
}
