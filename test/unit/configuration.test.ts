import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { dispatch } from '../../src/main/ipc/dispatch';
import { createIpcHandlers } from '../../src/main/ipc/handlers';
import {
  credentialValueSchema,
  integrationConfigurationSchema,
} from '../../src/shared/platforms/configuration';
import { startLinkingRig, type LinkingRig } from './support/linking';

describe('credential values', () => {
  it.each([
    ['', 'validation.required'],
    [' abc', 'validation.edgeWhitespace'],
    ['abc ', 'validation.edgeWhitespace'],
    ['ab c', 'validation.innerWhitespace'],
    ['ab\tc', 'validation.controlCharacters'],
    ['ab\u0000c', 'validation.controlCharacters'],
    ['x'.repeat(10_000), 'validation.tooLong'],
  ])('refuses %j with %s', (value, message) => {
    const result = credentialValueSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain(message);
  });

  it('accepts realistic keys untouched (never trimmed)', () => {
    for (const value of ['1000.GMB0YULZHJK411248S8I5GZ4CHUEX0', 'c'.repeat(64), 'iNu-xx_xx.tm9']) {
      expect(credentialValueSchema.parse(value)).toBe(value);
    }
  });

  it('any value with whitespace or a control character is refused', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom(' ', '\t', '\n', '\u0000', '\u001f', '\u00a0'),
        fc.string(),
        (a, bad, b) => {
          expect(credentialValueSchema.safeParse(`${a}${bad}${b}`).success).toBe(false);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it('Zoho needs at least one region; Sage knows its credential types', () => {
    expect(
      integrationConfigurationSchema.safeParse({
        platform: 'zohobooks',
        clientId: 'a',
        options: { regions: [], includeLineItems: false, includeCustomerContacts: false },
      }).success,
    ).toBe(false);
    expect(
      integrationConfigurationSchema.safeParse({
        platform: 'sage',
        clientId: 'a',
        options: { credentialType: 'v2' },
      }).success,
    ).toBe(false);
  });
});

describe('saving and removing integrations', () => {
  let rig: LinkingRig;
  beforeEach(async () => {
    rig = await startLinkingRig();
  });
  afterEach(async () => rig.close());

  const call = (channel: string, payload: unknown) =>
    dispatch(createIpcHandlers(rig.services), channel, payload, rig.services.log);
  const storeState = async () => ({
    rows: rig.services.db
      .prepare('SELECT COUNT(*) FROM integrations WHERE configured_at IS NOT NULL')
      .pluck()
      .get(),
    accounts: (await rig.secrets.accounts()).filter((a) => a.startsWith('integration-')).length,
  });

  it('bad input is refused with nothing stored: a spaced secret, an empty client ID, 10 KB, control characters', async () => {
    const before = await storeState();
    for (const payload of [
      {
        platform: 'zohobooks',
        clientId: '1000.ABC',
        clientSecret: 'has space',
        options: { regions: ['uk'], includeLineItems: false, includeCustomerContacts: false },
      },
      {
        platform: 'zohobooks',
        clientId: '',
        clientSecret: 'x',
        options: { regions: ['uk'], includeLineItems: false, includeCustomerContacts: false },
      },
      {
        platform: 'sage',
        clientId: 'x'.repeat(10_240),
        clientSecret: 'x',
        options: { credentialType: 'v3.1' },
      },
      { platform: 'freshbooks', clientId: 'abc\u0007', clientSecret: 'x', options: { writeScopes: [] } },
    ]) {
      expect(await call('saveIntegration', payload)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
    expect(await storeState()).toEqual(before);
  });

  it('a first save needs the secret; a re-save without it keeps the stored one and its fingerprint', async () => {
    const options = { regions: ['uk', 'us'], includeLineItems: false, includeCustomerContacts: false };
    expect(
      await call('saveIntegration', { platform: 'zohobooks', clientId: '1000.A', options }),
    ).toMatchObject({ ok: false, error: { code: 'EMPTY_SECRET' } });
    const first = (await call('saveIntegration', {
      platform: 'zohobooks',
      clientId: '1000.A',
      clientSecret: 'secret-one',
      options,
    })) as { ok: true; value: { integration: { secretFingerprints: Record<string, string> } } };
    const fingerprint = first.value.integration.secretFingerprints['clientSecret'];
    const again = (await call('saveIntegration', {
      platform: 'zohobooks',
      clientId: '1000.B',
      options: { ...options, includeLineItems: true },
    })) as typeof first;
    expect(again.value.integration).toMatchObject({
      clientId: '1000.B',
      options: { includeLineItems: true },
    });
    expect(again.value.integration.secretFingerprints['clientSecret']).toBe(fingerprint);
    const replaced = (await call('saveIntegration', {
      platform: 'zohobooks',
      clientId: '1000.B',
      clientSecret: 'secret-two',
      options,
    })) as typeof first;
    expect(replaced.value.integration.secretFingerprints['clientSecret']).not.toBe(fingerprint);
    expect(rig.services.audit.recent(1)[0]).toMatchObject({
      action: 'integration.configure',
      detail: { secretsReplaced: 'clientSecret' },
    });
  });

  it('Sage v3.1 needs the client secret only; the retired v3.0 is refused with nothing stored', async () => {
    const retired = await call('saveIntegration', {
      platform: 'sage',
      clientId: 'id',
      clientSecret: 'cs',
      signingSecret: 'ss',
      subscriptionKey: 'sk',
      options: { credentialType: 'v3.0' },
    });
    expect(retired).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(rig.services.integrations.get('sage').configured).toBe(false);
    const saved = await call('saveIntegration', {
      platform: 'sage',
      clientId: 'id',
      clientSecret: 'cs',
      options: { credentialType: 'v3.1' },
    });
    expect(saved).toMatchObject({ ok: true });
    expect(
      Object.keys(
        (saved as { value: { integration: { secretFingerprints: object } } }).value.integration
          .secretFingerprints,
      ),
    ).toEqual(['clientSecret']);
  });

  it('changing FreshBooks scopes marks every linked FreshBooks company Needs re-auth', async () => {
    const id = await rig.link('freshbooks');
    const { app } = rig.fakes.freshbooks;
    const same = await call('saveIntegration', {
      platform: 'freshbooks',
      clientId: app.clientId,
      options: { writeScopes: [] },
    });
    expect(same).toMatchObject({ ok: true, value: { connectionsNeedingReauth: 0 } });
    const changed = await call('saveIntegration', {
      platform: 'freshbooks',
      clientId: app.clientId,
      options: { writeScopes: ['invoices'] },
    });
    expect(changed).toMatchObject({ ok: true, value: { connectionsNeedingReauth: 1 } });
    expect(rig.services.connections.get(id)).toMatchObject({
      status: 'needsReauth',
      lastError: 'SCOPES_CHANGED',
    });
  });

  it('removing an integration disconnects its companies and deletes its secrets from the keychain', async () => {
    await rig.link('sage');
    expect(await call('removeIntegration', { platform: 'sage' })).toEqual({
      ok: true,
      value: { removedConnections: 1 },
    });
    expect(rig.services.integrations.get('sage')).toMatchObject({
      configured: false,
      enabled: false,
      clientId: null,
    });
    expect(
      (await rig.secrets.accounts()).filter(
        (a) => a.startsWith('integration-') || a.startsWith('connection-'),
      ),
    ).toEqual([]);
    expect(rig.fakes.sage.revokeRequests()).toHaveLength(1);
    expect(rig.services.audit.recent(5).map((e) => e.action)).toContain('integration.remove');
  });
});
