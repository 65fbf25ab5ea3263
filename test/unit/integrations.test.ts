import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { composeServices } from '../../src/main/services/compose';
import type { SecretStore } from '../../src/main/services/vault/secret-store';
import { PLATFORMS } from '../../src/shared/platforms';
import { captureLog, MemoryClipboard, tempDir, testKeychain, testServices } from './support/temp';

describe('integrations', () => {
  it('lists the four platforms, none set up or enabled on a new install (Clear Books needs no set-up)', () => {
    const { integrations } = testServices();
    expect(integrations.list()).toEqual([
      { platform: 'clearbooks', configured: true, enabled: false, retired: false, updatedAt: null },
      { platform: 'zohobooks', configured: false, enabled: false, retired: false, updatedAt: null },
      { platform: 'sage', configured: false, enabled: false, retired: false, updatedAt: null },
      { platform: 'freshbooks', configured: false, enabled: false, retired: false, updatedAt: null },
    ]);
    expect(integrations.list().map((i) => i.platform)).toEqual(PLATFORMS.map((p) => p.id));
  });

  it('enables Clear Books at once, and the choice survives a restart', () => {
    const dataDir = tempDir();
    const secrets = testKeychain();
    const first = testServices({ dataDir, secrets, clock: () => new Date('2026-11-21T09:00:00Z') });
    expect(first.integrations.setEnabled('clearbooks', true)).toMatchObject({
      enabled: true,
      updatedAt: '2026-11-21T09:00:00.000Z',
    });
    first.close();
    const second = testServices({ dataDir, secrets });
    expect(second.integrations.list().find((i) => i.platform === 'clearbooks')?.enabled).toBe(true);
  });

  it.each(['zohobooks', 'sage', 'freshbooks'] as const)(
    'refuses to enable %s before it is set up, and audits the refusal',
    (platform) => {
      const { integrations, audit } = testServices();
      expect(() => integrations.setEnabled(platform, true)).toThrow(
        expect.objectContaining({ code: 'NOT_CONFIGURED' }),
      );
      expect(integrations.get(platform).enabled).toBe(false);
      expect(audit.recent(1)[0]).toMatchObject({
        action: 'integration.enable',
        target: platform,
        outcome: 'refused',
        actor: 'support-tester',
      });
    },
  );

  it('audits enable and disable with time, OS user and outcome', () => {
    const { integrations, audit } = testServices({ clock: () => new Date('2026-11-21T09:30:00Z') });
    integrations.setEnabled('clearbooks', true);
    integrations.setEnabled('clearbooks', false);
    expect(audit.recent(2)).toEqual([
      expect.objectContaining({
        action: 'integration.disable',
        target: 'clearbooks',
        outcome: 'success',
        actor: 'support-tester',
        at: '2026-11-21T09:30:00.000Z',
      }),
      expect.objectContaining({ action: 'integration.enable', target: 'clearbooks', outcome: 'success' }),
    ]);
  });

  it('saves an app registration: secret in the keychain, fingerprint in SQLite, never the secret', async () => {
    const dataDir = tempDir();
    const secrets = testKeychain();
    const services = testServices({ dataDir, secrets });
    const secret = 'CANARY-client-secret-7f3a9c1e';
    const detail = await services.integrations.saveConfiguration('zohobooks', {
      clientId: '1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123',
      secrets: { clientSecret: secret },
      options: { regions: ['uk', 'us'] },
    });
    expect(detail).toMatchObject({
      configured: true,
      enabled: false,
      clientId: '1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123',
      options: { regions: ['uk', 'us'] },
    });
    expect(detail.secretFingerprints['clientSecret']).toMatch(/^hmac-sha256:/);
    expect(JSON.stringify(detail)).not.toContain(secret);
    // Now it can be enabled.
    expect(services.integrations.setEnabled('zohobooks', true).enabled).toBe(true);

    // Positive control: the keychain does hold it...
    const [ref] = (await secrets.accounts()).filter((a) => a.startsWith('integration-'));
    expect(JSON.parse((await secrets.get(ref!))!).fields.clientSecret).toBe(secret);
    // ...and no byte of the database, its WAL (while open) or the log does, in UTF-8 or UTF-16.
    const file = join(dataDir, 'integration-desk.sqlite');
    const scan = (bytes: Buffer) => {
      expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
    };
    scan(readFileSync(`${file}-wal`));
    scan(Buffer.from(services.logLines.join('\n')));
    services.close();
    scan(readFileSync(file));
  });

  it('gives no app registration to a sign-in before set-up, nor once its client secret has left the keychain', async () => {
    const secrets = testKeychain();
    const services = testServices({ secrets });
    await expect(services.integrations.oauthClient('sage')).rejects.toMatchObject({ code: 'NOT_CONFIGURED' });
    await services.integrations.saveConfiguration('sage', {
      clientId: 'sage-client-id',
      secrets: { clientSecret: 'sage-client-secret' },
      options: {},
    });
    expect(await services.integrations.oauthClient('sage')).toMatchObject({
      clientId: 'sage-client-id',
      clientSecret: 'sage-client-secret',
    });
    // Someone deletes the item in the OS keychain manager: no sign-in goes out without its secret.
    for (const account of await secrets.accounts()) await secrets.delete(account);
    await expect(services.integrations.oauthClient('sage')).rejects.toMatchObject({ code: 'NOT_CONFIGURED' });
    expect(services.opened).toEqual([]);
  });

  it('keeps no row when the keychain refuses the secret, and says why', async () => {
    const failing: SecretStore = {
      set: async () => {
        throw Object.assign(new Error('locked'), { code: 'KEYCHAIN_UNAVAILABLE' });
      },
      get: async () => null,
      delete: async () => false,
      accounts: async () => [],
      entries: async () => [],
    };
    const { lines, logger } = captureLog();
    const services = composeServices({
      dataDir: tempDir(),
      secrets: failing,
      systemLocales: [],
      osUser: 'u',
      openExternal: async () => {},
      log: logger,
      clipboard: new MemoryClipboard(),
      chooseSavePath: async () => null,
    });
    await expect(
      services.integrations.saveConfiguration('sage', {
        clientId: 'id',
        secrets: { clientSecret: 'CANARY-refused-secret-51c2' },
        options: {},
      }),
    ).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(services.db.prepare('SELECT COUNT(*) FROM integrations').pluck().get()).toBe(0);
    // The log says the keychain is not usable, and nothing of the secret.
    expect(lines).toEqual(['WARN Keychain not usable {"health":"unavailable"}']);
    services.close();
  });

  it('removes the new keychain item when the database write fails after it (no orphan left behind)', async () => {
    const secrets = testKeychain();
    const services = testServices({ secrets });
    services.db.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON integrations BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    await expect(
      services.integrations.saveConfiguration('freshbooks', {
        clientId: 'a'.repeat(64),
        secrets: { clientSecret: 'topsecret' },
        options: {},
      }),
    ).rejects.toThrow();
    expect((await secrets.accounts()).filter((a) => a.startsWith('integration-'))).toEqual([]);
  });

  it('refuses a configuration whose secrets exceed what the keychain can hold', async () => {
    const services = testServices();
    await expect(
      services.integrations.saveConfiguration('sage', {
        clientId: 'id',
        secrets: { clientSecret: 'x'.repeat(2600) },
        options: {},
      }),
    ).rejects.toMatchObject({ code: 'SECRET_TOO_LARGE' });
    expect(services.integrations.get('sage').configured).toBe(false);
  });
});
