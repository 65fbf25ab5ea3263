import { spawnSync } from 'node:child_process';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { AppError } from '../../src/shared/ipc/errors';
import { createFingerprinter, FINGERPRINT_KEY_ACCOUNT } from '../../src/main/services/vault/fingerprint';
import { KeytarSecretStore, toKeychainError } from '../../src/main/services/vault/keytar-secret-store';
import { MAX_SECRET_BYTES } from '../../src/main/services/vault/secret-store';
import { KEYCHAIN_SERVICES } from '../../src/main/services/vault/service-names';
import { testKeychain } from './support/temp';

describe('the keychain secret store (real OS keychain)', () => {
  it('stores, reads, lists and deletes a secret', async () => {
    const store = testKeychain();
    await store.set('conn-1', 'refresh-token-value');
    expect(await store.get('conn-1')).toBe('refresh-token-value');
    expect(await store.accounts()).toEqual(['conn-1']);
    expect(await store.delete('conn-1')).toBe(true);
    expect(await store.get('conn-1')).toBeNull();
    expect(await store.delete('conn-1')).toBe(false);
  });

  it('accepts exactly 2,560 bytes of UTF-8 and refuses one more, counting bytes not characters', async () => {
    const store = testKeychain();
    await store.set('max', 'a'.repeat(MAX_SECRET_BYTES));
    expect(await store.get('max')).toHaveLength(MAX_SECRET_BYTES);
    await expect(store.set('over', 'a'.repeat(MAX_SECRET_BYTES + 1))).rejects.toMatchObject({
      code: 'SECRET_TOO_LARGE',
    });
    // 'é' is two bytes: 1,281 of them is 2,562 bytes although only 1,281 characters.
    await expect(store.set('accents', 'é'.repeat(1281))).rejects.toMatchObject({ code: 'SECRET_TOO_LARGE' });
    expect(await store.get('over')).toBeNull();
  });

  it('refuses an empty secret with a typed error and never throws synchronously', async () => {
    const store = testKeychain();
    let pending: Promise<void> | undefined;
    expect(() => {
      pending = store.set('empty', '');
    }).not.toThrow();
    await expect(pending).rejects.toMatchObject({ code: 'EMPTY_SECRET' });
    expect(await store.accounts()).toEqual([]);
  });

  it('only accepts opaque account ids', async () => {
    const store = testKeychain();
    for (const bad of ['a/b', 'Jane Doe Ltd', '', '../x', 'x'.repeat(200)]) {
      await expect(store.set(bad, 'v')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
  });

  // Linux only: elsewhere the OS keychain needs no D-Bus, so this one would store the item.
  it.runIf(process.platform === 'linux')(
    'says plainly when no Secret Service is reachable, and stores nothing',
    () => {
      // A child process with a D-Bus address that does not exist, as on a machine without a keyring.
      const script = `
      const { KeytarSecretStore } = require(process.argv[1]);
      new KeytarSecretStore('com.integrationdesk.test.nobus').set('a', 'b')
        .then(() => console.log('STORED'), (e) => console.log(e.code));
    `;
      const module = require.resolve('./support/keytar-store-cjs.cjs');
      const result = spawnSync(process.execPath, ['-e', script, module], {
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' },
        encoding: 'utf8',
        timeout: 15_000,
      });
      expect(result.stdout.trim()).toBe('KEYCHAIN_UNAVAILABLE');
    },
  );

  it('maps keychain failures to codes without their text', () => {
    const unavailable = toKeychainError(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'));
    expect(unavailable).toBeInstanceOf(AppError);
    expect(unavailable.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(toKeychainError(new Error('User canceled the operation.')).code).toBe('KEYCHAIN_ERROR');
  });
});

describe('keychain calls', () => {
  it('never overlap, across stores, and one that fails does not stop the next', async () => {
    // A keytar stand-in that records how many calls are inside it at once (libsecret can crash
    // the process when a listing overlaps a delete).
    let inside = 0;
    let most = 0;
    const order: string[] = [];
    const slow = async <T>(name: string, value: T, fail = false): Promise<T> => {
      inside += 1;
      most = Math.max(most, inside);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(name);
      inside -= 1;
      if (fail) throw new Error('The name org.freedesktop.secrets was not provided by any .service files');
      return value;
    };
    const keytar = {
      setPassword: (_s: string, account: string) => slow(`set ${account}`, undefined, account === 'bad'),
      getPassword: (_s: string, account: string) => slow(`get ${account}`, 'value'),
      deletePassword: (_s: string, account: string) => slow(`delete ${account}`, true),
      findCredentials: () => slow('list', [] as Array<{ account: string; password: string }>),
    };
    const one = new KeytarSecretStore(KEYCHAIN_SERVICES.development, async () => keytar);
    const two = new KeytarSecretStore(KEYCHAIN_SERVICES.smokeTest, async () => keytar);
    const results = await Promise.allSettled([
      one.entries(),
      two.delete('a'),
      one.set('bad', 'x'),
      two.get('b'),
      one.delete('c'),
    ]);
    expect(most).toBe(1);
    expect(order.filter((call) => !call.endsWith(' a') && !call.endsWith(' b'))).toEqual([
      'list',
      'set bad',
      'delete c',
    ]);
    expect(order.filter((call) => call.endsWith(' a') || call.endsWith(' b'))).toEqual(['delete a', 'get b']);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
  });
});

describe('keychain service names', () => {
  it('are the names installs keep their items under: renaming one would leave every item behind after an update', () => {
    expect(KEYCHAIN_SERVICES).toEqual({
      production: 'com.integrationdesk.desktop.prod',
      development: 'com.integrationdesk.desktop.dev',
      smokeTest: 'com.integrationdesk.desktop.smoke',
    });
  });

  it('are valid, contain no "/" and none is a prefix of another', () => {
    const names = Object.values(KEYCHAIN_SERVICES);
    for (const name of names) {
      expect(name).not.toContain('/');
      expect(() => new KeytarSecretStore(name)).not.toThrow();
      for (const other of names) if (other !== name) expect(other.startsWith(name)).toBe(false);
    }
  });

  it('a name that would make a keychain target ambiguous is refused before the keychain is touched', () => {
    for (const bad of [
      'com.integrationdesk/desktop',
      'com.integrationdesk\\desktop',
      // Windows Credential Manager lookups treat * as a wildcard.
      'com.integrationdesk.*',
      'com.integrationdesk.desktop prod',
      'Com.IntegrationDesk.Desktop',
      'integrationdesk',
      '.com.integrationdesk',
      'com.integrationdesk.',
      'com..integrationdesk',
      '',
    ])
      expect(() => new KeytarSecretStore(bad), JSON.stringify(bad)).toThrow(/Invalid keychain service name/);
  });
});

describe('secret fingerprints', () => {
  it('are stable per install, differ between values and between installs, and never contain the secret', async () => {
    const keychain = testKeychain();
    const fingerprint = createFingerprinter(keychain);
    const a = await fingerprint('s3cret-value');
    expect(a).toMatch(/^hmac-sha256:([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    expect(await createFingerprinter(keychain)('s3cret-value')).toBe(a);
    expect(await fingerprint('s3cret-valuf')).not.toBe(a);
    expect(await keychain.get(FINGERPRINT_KEY_ACCOUNT)).toBeTruthy();
    const otherInstall = createFingerprinter(testKeychain());
    expect(await otherInstall('s3cret-value')).not.toBe(a);
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 6, maxLength: 40 }), async (secret) => {
        expect((await fingerprint(secret)).includes(secret)).toBe(false);
      }),
      { numRuns: 50, seed: 2026 },
    );
  });
});
