import { describe, expect, it } from 'vitest';

import { createFingerprinter, FINGERPRINT_KEY_ACCOUNT } from '../../src/main/services/vault/fingerprint';
import { guardSecretStore } from '../../src/main/services/vault/guarded-secret-store';
import { KeychainHealth } from '../../src/main/services/vault/keychain-health';
import {
  accountKind,
  apiKeyItem,
  connectionItem,
  connectionSecret,
  fingerprintKeyItem,
  integrationItem,
  LOOPBACK_TLS_ACCOUNT,
  loopbackTlsItem,
  newProbeAccount,
  newSecretAccount,
  oauthItem,
  parseConnectionItem,
  parseFingerprintKey,
  parseIntegrationItem,
  parseLoopbackTlsItem,
} from '../../src/main/services/vault/keychain-items';
import { KeytarSecretStore, toKeychainError } from '../../src/main/services/vault/keytar-secret-store';
import { KeychainUnavailableError, type SecretStore } from '../../src/main/services/vault/secret-store';
import { KEYCHAIN_SERVICES } from '../../src/main/services/vault/service-names';
import { FaultyStore } from './support/faulty-store';
import { captureLog, testKeychain } from './support/temp';

// The keychain's guards, in this process against the real keychain with faults injected around it
// (support/faulty-store.ts): the time limit on every call, the health probe that decides whether a
// "not found" may be believed, the fingerprint key, and the item formats that are never guessed at.

describe('the time limit on keychain calls', () => {
  it('a call that never answers fails within the limit, and no new call is sent until it settles', async () => {
    const faulty = new FaultyStore(testKeychain());
    // The limit leaves a real keychain on a busy machine room to answer the calls that should pass.
    const guarded = guardSecretStore(faulty, 400);
    // Calls that answered before the stuck one leave nothing behind that would let others through.
    await guarded.set('item-a', 'value-a');
    expect(await guarded.get('item-a')).toBe('value-a');
    await expect(guarded.get('no-such-item')).resolves.toBeNull();

    faulty.fault = 'hang';
    const started = Date.now();
    await expect(guarded.get('item-a')).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      health: 'unavailable',
      message: 'No answer from the keychain in 400 ms',
    });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(390);
    expect(waited).toBeLessThan(5000);

    // While the first call is stuck, others fail at once and never reach the keychain.
    faulty.fault = null;
    await expect(guarded.set('item-b', 'value-b')).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      health: 'unavailable',
      message: 'A keychain call is stuck',
    });
    await expect(guarded.delete('item-a')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    await expect(guarded.accounts()).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    await expect(guarded.entries()).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(await faulty.inner.get('item-b')).toBeNull();
    expect(await faulty.inner.get('item-a')).toBe('value-a');

    // Once the stuck call answers, calls go through again, each one to its own operation.
    await faulty.clear();
    await guarded.set('item-b', 'value-b');
    expect(await guarded.get('item-b')).toBe('value-b');
    expect((await guarded.accounts()).sort()).toEqual(['item-a', 'item-b']);
    expect(await guarded.entries()).toEqual(
      expect.arrayContaining([{ account: 'item-b', value: 'value-b' }]),
    );
    expect(await guarded.delete('item-b')).toBe(true);
    expect(await faulty.inner.get('item-b')).toBeNull();
  });

  it('a call that answers in time is not counted as stuck, even after the limit has passed', async () => {
    const guarded = guardSecretStore(testKeychain(), 300);
    await guarded.set('quick', 'v');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await guarded.get('quick')).toBe('v');
  });

  it('a call that fails fails with its own error, and does not block the next', async () => {
    const faulty = new FaultyStore(testKeychain());
    const guarded = guardSecretStore(faulty, 300);
    faulty.fault = 'unknownError';
    await expect(guarded.get('x')).rejects.toMatchObject({ code: 'KEYCHAIN_ERROR' });
    faulty.fault = null;
    // Nor later: a call that failed in time is not counted as stuck once the limit has passed.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await guarded.set('x', 'after');
    expect(await guarded.get('x')).toBe('after');
  });

  it('a store that throws before returning its promise fails like one that rejects', async () => {
    const throwing: SecretStore = {
      set: () => {
        throw new KeychainUnavailableError('locked');
      },
      get: async () => null,
      delete: async () => false,
      accounts: async () => [],
      entries: async () => [],
    };
    const guarded = guardSecretStore(throwing, 100);
    let pending: Promise<void> | undefined;
    expect(() => {
      pending = guarded.set('a', 'b');
    }).not.toThrow();
    await expect(pending).rejects.toMatchObject({ health: 'locked' });
    expect(await guarded.get('a')).toBeNull();
  });
});

describe('the keychain health probe (real keychain, faults injected)', () => {
  it('finds a working keychain healthy, leaves no probe item behind and logs nothing', async () => {
    const keychain = testKeychain();
    const { lines, logger } = captureLog();
    const health = new KeychainHealth(keychain, logger);
    expect(health.state).toBe('checking');
    expect(await health.probe()).toBe('healthy');
    expect(health.state).toBe('healthy');
    expect(health.missingLibrary).toBeNull();
    await expect(health.ensureHealthy()).resolves.toBeUndefined();
    expect(await keychain.accounts()).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('calls a keychain that answers every read with nothing locked, and says so once', async () => {
    const faulty = new FaultyStore(testKeychain());
    const { lines, logger } = captureLog();
    const health = new KeychainHealth(faulty, logger);
    faulty.fault = 'answerEmpty';
    expect(await health.probe()).toBe('locked');
    await expect(health.ensureHealthy()).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      health: 'locked',
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/warn/i);
    expect(lines[0]).toContain('Keychain not usable');
    expect(lines[0]).toContain('locked');

    faulty.fault = null;
    expect(await health.probe()).toBe('healthy');
    expect(lines).toHaveLength(1);
    expect(await faulty.inner.accounts()).toEqual([]);
  });

  it('a keychain that reads back a different value, or deletes nothing, is not healthy', async () => {
    const keychain = testKeychain();
    const wrongValue: SecretStore = { ...bind(keychain), get: async () => 'not what was written' };
    expect(await new KeychainHealth(wrongValue, captureLog().logger).probe()).toBe('locked');
    const keepsItems: SecretStore = { ...bind(keychain), delete: async () => false };
    expect(await new KeychainHealth(keepsItems, captureLog().logger).probe()).toBe('locked');
  });

  it('names the cause the keychain gave, and the missing library when that is it', async () => {
    const refusing = (error: unknown): SecretStore => ({
      set: async () => {
        throw error;
      },
      get: async () => null,
      delete: async () => false,
      accounts: async () => [],
      entries: async () => [],
    });
    const { lines, logger } = captureLog();
    const noLibrary = new KeychainHealth(
      refusing(new KeychainUnavailableError('unavailable', 'libsecret-1.so.0')),
      logger,
    );
    expect(await noLibrary.probe()).toBe('unavailable');
    expect(noLibrary.missingLibrary).toBe('libsecret-1.so.0');
    expect(lines.join('\n')).toContain('libsecret-1.so.0');
    await expect(noLibrary.ensureHealthy()).rejects.toMatchObject({ missingLibrary: 'libsecret-1.so.0' });

    const noCollection = new KeychainHealth(refusing(new KeychainUnavailableError('noCollection')), logger);
    expect(await noCollection.probe()).toBe('noCollection');
    expect(noCollection.missingLibrary).toBeNull();

    const { lines: quiet, logger: quietLogger } = captureLog();
    const unknown = new KeychainHealth(refusing(new Error('Unexpected error -25293')), quietLogger);
    expect(await unknown.probe()).toBe('unavailable');
    expect(unknown.missingLibrary).toBeNull();
    expect(quiet.join('\n')).not.toContain('missingLibrary');
  });

  it('callers asking at the same time share one probe; a later call probes again', async () => {
    const keychain = testKeychain();
    let writes = 0;
    const counting: SecretStore = {
      ...bind(keychain),
      set: async (account, value) => {
        writes += 1;
        await keychain.set(account, value);
      },
    };
    const health = new KeychainHealth(counting, captureLog().logger);
    expect(await Promise.all([health.probe(), health.probe(), health.probe()])).toEqual([
      'healthy',
      'healthy',
      'healthy',
    ]);
    expect(writes).toBe(1);
    await health.probe();
    expect(writes).toBe(2);
  });
});

function bind(store: SecretStore): SecretStore {
  return {
    set: (a, v) => store.set(a, v),
    get: (a) => store.get(a),
    delete: (a) => store.delete(a),
    accounts: () => store.accounts(),
    entries: () => store.entries(),
  };
}

describe('the fingerprint key', () => {
  it('is never replaced because a locked keychain said there was none', async () => {
    const faulty = new FaultyStore(testKeychain());
    await createFingerprinter(faulty)('warm-up'); // the install's key exists
    const key = await faulty.inner.get(FINGERPRINT_KEY_ACCOUNT);
    const before = await createFingerprinter(faulty)('s3cret');

    faulty.fault = 'answerEmpty';
    const locked = createFingerprinter(faulty, async () => {
      throw new KeychainUnavailableError('locked');
    });
    await expect(locked('s3cret')).rejects.toMatchObject({ health: 'locked' });
    expect(await faulty.inner.get(FINGERPRINT_KEY_ACCOUNT)).toBe(key);

    // The same fingerprinter retries once the keychain is back, and agrees with the stored ones.
    faulty.fault = null;
    expect(await locked('s3cret')).toBe(before);
  });

  it('uses a key another caller wrote while health was being confirmed, rather than overwriting it', async () => {
    const keychain = testKeychain();
    const other = fingerprintKeyItem(Buffer.alloc(32, 7));
    const fingerprint = createFingerprinter(keychain, async () => {
      await keychain.set(FINGERPRINT_KEY_ACCOUNT, other);
    });
    const value = await fingerprint('s3cret');
    expect(await keychain.get(FINGERPRINT_KEY_ACCOUNT)).toBe(other);
    expect(await createFingerprinter(keychain)('s3cret')).toBe(value);
  });

  it('an unreadable key is an error, not a reason to make a new one', async () => {
    const keychain = testKeychain();
    await keychain.set(FINGERPRINT_KEY_ACCOUNT, 'not-a-key');
    await expect(createFingerprinter(keychain)('s3cret')).rejects.toMatchObject({ code: 'KEYCHAIN_ERROR' });
    expect(await keychain.get(FINGERPRINT_KEY_ACCOUNT)).toBe('not-a-key');
  });

  it('accepts only 32 bytes in canonical base64', () => {
    const key = Buffer.alloc(32, 1);
    expect(parseFingerprintKey(fingerprintKeyItem(key))).toEqual(key);
    expect(parseFingerprintKey(null)).toBeNull();
    expect(parseFingerprintKey(Buffer.alloc(31, 1).toString('base64'))).toBeNull();
    expect(parseFingerprintKey(Buffer.alloc(33, 1).toString('base64'))).toBeNull();
    // Same bytes, not canonical (base64 without its padding).
    expect(parseFingerprintKey(fingerprintKeyItem(key).replace(/=+$/, ''))).toBeNull();
  });
});

describe('keychain item names and formats', () => {
  it('names each kind of item so the review can tell them apart', () => {
    const integration = newSecretAccount('integration');
    const connection = newSecretAccount('connection');
    expect(integration).toMatch(/^integration-[0-9a-f-]{36}$/);
    expect(newSecretAccount('integration')).not.toBe(integration);
    expect(accountKind(integration)).toBe('integration');
    expect(accountKind(connection)).toBe('connection');
    expect(accountKind(newProbeAccount())).toBe('probe');
    expect(newProbeAccount()).toMatch(/^keychain-probe-/);
    expect(accountKind(FINGERPRINT_KEY_ACCOUNT)).toBe('fingerprintKey');
    expect(accountKind(LOOPBACK_TLS_ACCOUNT)).toBe('loopbackTls');
    // The names installs already hold items under: renaming one would lose the key or the certificate.
    expect(accountKind('fingerprint-key')).toBe('fingerprintKey');
    expect(accountKind('loopback-tls')).toBe('loopbackTls');
    for (const other of [
      'connection-acme',
      `x${connection}`,
      `${connection}x`,
      'fingerprint-key2',
      'loopback-tls-old',
      'something',
    ])
      expect(accountKind(other), other).toBe('unknown');
  });

  it('reads back each item it writes, and treats anything else as unreadable', () => {
    const integration = integrationItem('zohobooks', { clientSecret: 'cs' });
    expect(parseIntegrationItem(integration)).toEqual({
      v: 1,
      kind: 'integration',
      platform: 'zohobooks',
      fields: { clientSecret: 'cs' },
    });
    // Each secret field a platform's app registration has is kept; read back after a restart.
    const every = { clientSecret: 'cs', signingSecret: 'ss', subscriptionKey: 'sk' };
    expect(parseIntegrationItem(integrationItem('sage', every))?.fields).toEqual(every);
    for (const bad of [
      null,
      '{',
      JSON.stringify({ v: 2, kind: 'integration', platform: 'sage', fields: {} }),
      JSON.stringify({ v: 1, kind: 'integration', platform: 'xero', fields: {} }),
      JSON.stringify({ v: 1, kind: 'integration', platform: 'sage', fields: { clientSecret: '' } }),
      JSON.stringify({ v: 1, kind: 'integration', platform: 'sage', fields: { password: 'x' } }),
    ])
      expect(parseIntegrationItem(bad), String(bad)).toBeNull();

    const oauth = oauthItem('rt-1');
    const apiKey = apiKeyItem('key-1');
    expect(parseConnectionItem(connectionItem(oauth))).toEqual({ v: 1, kind: 'oauth', refreshToken: 'rt-1' });
    expect(parseConnectionItem(connectionItem(apiKey))).toEqual({ v: 1, kind: 'apiKey', apiKey: 'key-1' });
    expect(connectionSecret(oauth)).toBe('rt-1');
    expect(connectionSecret(apiKey)).toBe('key-1');
    for (const bad of [
      null,
      'rt-1',
      JSON.stringify({ v: 1, kind: 'oauth', refreshToken: '' }),
      JSON.stringify({ v: 1, kind: 'oauth', apiKey: 'k' }),
      JSON.stringify({ v: 1, kind: 'password', password: 'p' }),
    ])
      expect(parseConnectionItem(bad), String(bad)).toBeNull();

    const tls = { key: 'PRIVATE', cert: 'CERT' };
    expect(parseLoopbackTlsItem(loopbackTlsItem(tls))).toEqual(tls);
    expect(JSON.parse(loopbackTlsItem({ ...tls, extra: 'x' } as typeof tls))).toEqual(tls);
    expect(parseLoopbackTlsItem(JSON.stringify({ key: '', cert: 'c' }))).toBeNull();
    expect(parseLoopbackTlsItem(null)).toBeNull();
  });
});

describe('what the keychain says, told plainly', () => {
  it.each([
    ['Cannot create an item in a locked collection', 'locked'],
    ['The keychain is locked', 'locked'],
    ['User interaction is not allowed.', 'locked'],
    ['The user name or passphrase you entered is not correct.', 'locked'],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'noCollection'],
    ['No such secret collection at path: /', 'noCollection'],
    ['The specified keychain could not be found.', 'noCollection'],
    ['A default keychain could not be found: no default keychain', 'noCollection'],
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'unavailable'],
    ['The name org.freedesktop.secrets was not provided by any .service files', 'unavailable'],
    ['org.freedesktop.DBus.Error.ServiceUnknown', 'unavailable'],
    ['Could not connect: No such file or directory', 'unavailable'],
    ['Failed to talk to the secret service', 'unavailable'],
  ] as const)('%s → %s', (message, health) => {
    const error = toKeychainError(new Error(message));
    expect(error).toBeInstanceOf(KeychainUnavailableError);
    expect((error as KeychainUnavailableError).health).toBe(health);
    expect(error.message).not.toContain(message);
  });

  it('passes an error already told plainly through, and words an unknown one without its text', () => {
    const already = new KeychainUnavailableError('locked');
    expect(toKeychainError(already)).toBe(already);
    const unknown = toKeychainError('Unexpected error -25293 with secret s3cret');
    expect(unknown.code).toBe('KEYCHAIN_ERROR');
    expect(unknown.message).not.toContain('s3cret');
  });

  it('each refusal has its own sentence for the log, with its name', async () => {
    // The log keeps an error's name, message and code: these are what support reads there.
    const { lines, logger } = captureLog();
    const store = testKeychain();
    const failures: unknown[] = [
      toKeychainError(new Error('Unexpected error -25293')),
      new KeychainUnavailableError('noCollection'),
      await store.set('a/b', 'v').catch((error: unknown) => error),
      await store.set('empty', '').catch((error: unknown) => error),
      await store.set('big', 'a'.repeat(2561)).catch((error: unknown) => error),
      await createFingerprinter({
        set: async () => {},
        get: async () => 'not a key',
        delete: async () => false,
        accounts: async () => [],
        entries: async () => [],
      })('s').catch((error: unknown) => error),
    ];
    for (const error of failures) logger.warn('Keychain call failed', { error });
    expect(lines.map((line) => JSON.parse(line.slice(line.indexOf('{'))).error)).toEqual([
      { name: 'AppError', code: 'KEYCHAIN_ERROR', message: 'The keychain refused the operation' },
      { name: 'KeychainUnavailableError', code: 'KEYCHAIN_UNAVAILABLE', message: 'Keychain noCollection' },
      { name: 'AppError', code: 'INVALID_INPUT', message: 'Keychain account ids are opaque' },
      { name: 'AppError', code: 'EMPTY_SECRET', message: 'Refusing to store an empty secret' },
      { name: 'AppError', code: 'SECRET_TOO_LARGE', message: 'Secret exceeds 2560 bytes of UTF-8' },
      { name: 'AppError', code: 'KEYCHAIN_ERROR', message: 'The fingerprint key is unreadable' },
    ]);
  });

  it('a keychain module that cannot load names the missing library, and is asked once', async () => {
    let loads = 0;
    const store = new KeytarSecretStore(KEYCHAIN_SERVICES.development, async () => {
      loads += 1;
      throw new Error('libsecret-1.so.0: cannot open shared object file: No such file or directory');
    });
    await expect(store.get('a')).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      health: 'unavailable',
      missingLibrary: 'libsecret-1.so.0',
    });
    await expect(store.accounts()).rejects.toMatchObject({ missingLibrary: 'libsecret-1.so.0' });
    expect(loads).toBe(1);

    for (const [text, library] of [
      ['libsecret-1.so: cannot open shared object file', 'libsecret-1.so'],
      ['libgcrypt.so.20: cannot open shared object file', 'libgcrypt.so.20'],
      ['libsecret-1.so.0.21.4: cannot open shared object file', 'libsecret-1.so.0.21.4'],
    ])
      await expect(
        new KeytarSecretStore(KEYCHAIN_SERVICES.development, async () => {
          throw new Error(text);
        }).get('a'),
      ).rejects.toMatchObject({
        missingLibrary: library,
        message: 'The keychain module could not be loaded',
      });

    const other = new KeytarSecretStore(KEYCHAIN_SERVICES.development, async () => {
      throw new Error('Cannot find module keytar');
    });
    await expect(other.delete('a')).rejects.toMatchObject({ health: 'unavailable', missingLibrary: null });
  });

  it('accepts an account of 128 characters and refuses 129', async () => {
    const store = testKeychain();
    await store.set(`a${'b'.repeat(127)}`, 'v');
    expect(await store.get(`a${'b'.repeat(127)}`)).toBe('v');
    await expect(store.get(`a${'b'.repeat(128)}`)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(store.delete('-leading-dash')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(store.get('has space')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
