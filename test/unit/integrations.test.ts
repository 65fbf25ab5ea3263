import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { composeServices } from '../../src/main/services/compose';
import { integrationItem } from '../../src/main/services/vault/keychain-items';
import type { SecretStore } from '../../src/main/services/vault/secret-store';
import { FaultyStore } from './support/faulty-store';
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
        detail: { reason: 'NOT_CONFIGURED' },
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
        detail: { was: true },
      }),
      expect.objectContaining({
        action: 'integration.enable',
        target: 'clearbooks',
        outcome: 'success',
        detail: { was: false },
      }),
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

  it('refuses an app registration for Clear Books, which has none, and keeps nothing of it', async () => {
    const secrets = testKeychain();
    const services = testServices({ secrets });
    await expect(
      services.integrations.saveConfiguration('clearbooks', {
        clientId: 'cb-client',
        secrets: { clientSecret: 'cb-secret' },
        options: {},
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(services.integrations.get('clearbooks')).toMatchObject({ clientId: null, configuredAt: null });
    expect(await secrets.accounts()).toEqual([]);
  });

  it('refuses to enable a set-up the provider retired, and audits why', async () => {
    const services = testServices();
    await services.integrations.saveConfiguration('sage', {
      clientId: 'legacy-client-id',
      secrets: { clientSecret: 'legacy-cs', signingSecret: 'legacy-ss', subscriptionKey: 'legacy-sk' },
      options: { credentialType: 'v3.0' },
      requiredSecrets: ['clientSecret', 'signingSecret', 'subscriptionKey'],
    });
    expect(() => services.integrations.setEnabled('sage', true)).toThrow(
      expect.objectContaining({ code: 'CREDENTIALS_RETIRED' }),
    );
    expect(services.integrations.get('sage').enabled).toBe(false);
    expect(services.audit.recent(1)[0]).toMatchObject({
      action: 'integration.enable',
      target: 'sage',
      outcome: 'refused',
      detail: { reason: 'CREDENTIALS_RETIRED' },
    });
  });

  it('a re-save keeps each secret left out, with its fingerprint and date, and the audit says which were replaced', async () => {
    let now = '2026-11-21T09:00:00.000Z';
    const services = testServices({ clock: () => new Date(now) });
    const save = (clientId: string, secrets: Record<string, string>) =>
      services.integrations.saveConfiguration('sage', {
        clientId,
        secrets,
        options: {},
        requiredSecrets: ['clientSecret', 'signingSecret', 'subscriptionKey'],
      });
    const first = await save('sage-id', {
      clientSecret: 'cs-1',
      signingSecret: 'ss-1',
      subscriptionKey: 'sk-1',
    });
    expect(first.configuredAt).toBe(now);

    now = '2026-11-22T09:00:00.000Z';
    const second = await save('sage-id', { signingSecret: 'ss-2' });
    const reveal = async (field: 'clientSecret' | 'signingSecret' | 'subscriptionKey') =>
      (await services.review.reveal({ kind: 'integration', platform: 'sage', field })).value;
    expect([
      await reveal('clientSecret'),
      await reveal('signingSecret'),
      await reveal('subscriptionKey'),
    ]).toEqual(['cs-1', 'ss-2', 'sk-1']);
    expect(second.secretFingerprints).toEqual({
      clientSecret: first.secretFingerprints['clientSecret'],
      signingSecret: expect.not.stringMatching(first.secretFingerprints['signingSecret']!),
      subscriptionKey: first.secretFingerprints['subscriptionKey'],
    });
    // Still set up since the first save; its secrets last set now.
    expect(second.configuredAt).toBe('2026-11-21T09:00:00.000Z');
    const secretSetAt = () =>
      services.review.currentReview().rows.find((r) => r.id === 'integration:sage')?.secretSetAt;
    expect(secretSetAt()).toBe('2026-11-22T09:00:00.000Z');

    // A new client ID alone replaces no secret: the secrets' date stays.
    now = '2026-11-23T09:00:00.000Z';
    await save('sage-id-2', {});
    expect(secretSetAt()).toBe('2026-11-22T09:00:00.000Z');
    expect(await reveal('signingSecret')).toBe('ss-2');
    expect(
      services.review.auditEvents({ action: 'integration.configure', limit: 5 }).map((e) => e.detail),
    ).toEqual([
      { fields: 'clientSecret,signingSecret,subscriptionKey', secretsReplaced: '' },
      { fields: 'clientSecret,signingSecret,subscriptionKey', secretsReplaced: 'signingSecret' },
      {
        fields: 'clientSecret,signingSecret,subscriptionKey',
        secretsReplaced: 'clientSecret,signingSecret,subscriptionKey',
      },
    ]);
  });

  it('once its secret has left the keychain, a re-save must type it again, and the review shows it missing', async () => {
    const secrets = testKeychain();
    const services = testServices({ secrets });
    const save = (typed: Record<string, string>) =>
      services.integrations.saveConfiguration('zohobooks', {
        clientId: '1000.ABC',
        secrets: typed,
        options: {},
      });
    await save({ clientSecret: 'zoho-secret-1' });
    // Someone deletes the item in the OS keychain manager.
    for (const account of await secrets.accounts())
      if (account.startsWith('integration-')) await secrets.delete(account);
    await expect(save({})).rejects.toMatchObject({ code: 'EMPTY_SECRET' });
    const row = () => services.review.currentReview().rows.find((r) => r.id === 'integration:zohobooks');
    expect(row()?.problems).toEqual(['secretMissing']);
    // Typed again, it is whole.
    await save({ clientSecret: 'zoho-secret-2' });
    expect(row()?.problems).toEqual([]);
    expect((await services.integrations.oauthClient('zohobooks')).clientSecret).toBe('zoho-secret-2');
  });

  it('after removal, saving again needs the secret typed', async () => {
    const secrets = testKeychain();
    const services = testServices({ secrets });
    const save = (typed: Record<string, string>) =>
      services.integrations.saveConfiguration('freshbooks', {
        clientId: 'a'.repeat(64),
        secrets: typed,
        options: {},
      });
    await save({ clientSecret: 'fb-secret-1' });
    await services.integrations.remove('freshbooks');
    expect((await secrets.accounts()).filter((a) => a.startsWith('integration-'))).toEqual([]);
    await expect(save({})).rejects.toMatchObject({ code: 'EMPTY_SECRET' });
    expect(services.integrations.get('freshbooks').configured).toBe(false);
  });

  it('a keychain that found nothing at first but finds the secret once checked is not called missing; a locked one is named', async () => {
    const keychain = new FaultyStore(testKeychain());
    const services = testServices({ secrets: keychain });
    await services.integrations.saveConfiguration('sage', {
      clientId: 'sage-id',
      secrets: { clientSecret: 'sage-secret-3' },
      options: {},
    });
    // One read of the registration's item answers nothing (as a keychain still unlocking does).
    let misses = 1;
    keychain.only = (account) => Boolean(account?.startsWith('integration-')) && misses-- > 0;
    keychain.fault = 'answerEmpty';
    expect(await services.integrations.oauthClient('sage')).toMatchObject({ clientSecret: 'sage-secret-3' });
    const problems = () =>
      services.review.currentReview().rows.find((r) => r.id === 'integration:sage')?.problems;
    expect(problems()).toEqual([]);

    // Locked: nothing is found anywhere, so nothing is said missing.
    keychain.only = () => true;
    await expect(services.integrations.oauthClient('sage')).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
    });
    expect(problems()).toEqual([]);
    await keychain.clear();
  });

  it('removing a platform never set up does nothing, even with the keychain locked', async () => {
    const keychain = new FaultyStore(testKeychain());
    const services = testServices({ secrets: keychain });
    keychain.fault = 'answerEmpty';
    await expect(services.integrations.remove('zohobooks')).resolves.toBeUndefined();
    expect(services.audit.recent()).toEqual([]);
    await keychain.clear();
  });

  describe('a registration whose keychain secret is not the one saved', () => {
    /** Zoho set up with `saved`, then its keychain item rewritten outside the app to hold `other`. */
    async function tampered(saved: string, other: string) {
      const secrets = testKeychain();
      const services = testServices({ secrets });
      const save = (typed: Record<string, string>, clientId = '1000.ABC') =>
        services.integrations.saveConfiguration('zohobooks', { clientId, secrets: typed, options: {} });
      await save({ clientSecret: saved });
      const [account] = (await secrets.accounts()).filter((a) => a.startsWith('integration-'));
      await secrets.set(account!, integrationItem('zohobooks', { clientSecret: other }));
      const problems = () =>
        services.review.currentReview().rows.find((r) => r.id === 'integration:zohobooks')?.problems;
      return { services, save, problems };
    }

    it('once start-up has found it, must be typed again: a save that leaves it out clears no warning', async () => {
      const { services, save, problems } = await tampered('zoho-saved-1', 'zoho-other-1');
      await services.reconciliation.run();
      expect(problems()).toEqual(['secretMismatch']);
      await expect(save({}, '1000.XYZ')).rejects.toMatchObject({ code: 'EMPTY_SECRET' });
      expect(problems()).toEqual(['secretMismatch']);
      expect(services.integrations.get('zohobooks').clientId).toBe('1000.ABC');
      // Typed again, as the review asks, it is whole.
      await save({ clientSecret: 'zoho-saved-1' });
      expect(problems()).toEqual([]);
      await services.reconciliation.run();
      expect(problems()).toEqual([]);
    });

    it('before start-up has found it, a save that leaves it out keeps the saved fingerprint, so the next check still finds it', async () => {
      const { services, save, problems } = await tampered('zoho-saved-2', 'zoho-other-2');
      await save({}, '1000.XYZ');
      expect(
        await services.review.compare(
          { kind: 'integration', platform: 'zohobooks', field: 'clientSecret' },
          'zoho-other-2',
        ),
      ).toEqual({ matches: false });
      await services.reconciliation.run();
      expect(problems()).toEqual(['secretMismatch']);
    });
  });
});
