/**
 * Sage API v3.0 was switched off on 31 July 2026: v3.0 credentials are never
 * offered or saved again, an existing v3.0 set-up is shown as retired (readable,
 * removable, sending nothing), and Sage's countries are stated as they are now.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { dispatch } from '../../src/main/ipc/dispatch';
import { createIpcHandlers } from '../../src/main/ipc/handlers';
import { sageAdapter } from '../../src/main/platforms/sage';
import { integrationConfigurationSchema } from '../../src/shared/platforms/configuration';
import { getPlatform, selectableValues } from '../../src/shared/platforms';
import { startLinkingRig, type LinkingRig } from './support/linking';

const sage = getPlatform('sage');

describe('the Sage definition', () => {
  it('offers v3.1 only; v3.0 is known (for reading) but retired', () => {
    const option = sage.setup.options.find((o) => o.key === 'credentialType')!;
    expect(selectableValues(sage, option)).toEqual(['v3.1']);
    expect(sage.setup.credentialKinds?.kinds.find((k) => k.value === 'v3.0')).toMatchObject({
      retired: true,
    });
    const refused = integrationConfigurationSchema.safeParse({
      platform: 'sage',
      clientId: 'id',
      clientSecret: 'cs',
      signingSecret: 'ss',
      subscriptionKey: 'sk',
      options: { credentialType: 'v3.0' },
    });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => i.message)).toContain('validation.credentialsRetired');
  });

  it('supports the UK, Ireland and Canada; never shows the US, France, Germany or Spain as plainly supported', () => {
    const support = Object.fromEntries(sage.regions.map((r) => [r.id, r.support]));
    expect(support).toMatchObject({ gb: 'supported', ie: 'supported', ca: 'supported' });
    for (const id of ['us', 'fr', 'de', 'es']) expect(support[id]).toBe('noLongerSold');
    for (const id of ['au', 'nz', 'za', 'asia']) expect(support[id]).toBe('notSupported');
  });

  it('sends Sage only what it documents: filter=apiv3.1, never an undocumented country', () => {
    expect(sageAdapter.extraAuthorizeParams({ country: 'us' })).toEqual({ filter: 'apiv3.1' });
    expect(sageAdapter.extraAuthorizeParams({})).toEqual({ filter: 'apiv3.1' });
  });
});

describe('an existing v3.0 set-up', () => {
  let rig: LinkingRig;
  let connectionId: string;
  const call = (channel: string, payload?: unknown) =>
    dispatch(createIpcHandlers(rig.services), channel, payload, rig.services.log);

  beforeEach(async () => {
    rig = await startLinkingRig();
    connectionId = await rig.link('sage');
    // As an install set up before the switch-off has it: four values, credentialType v3.0.
    await rig.services.integrations.saveConfiguration('sage', {
      clientId: 'legacy-client-id',
      secrets: { clientSecret: 'legacy-cs', signingSecret: 'legacy-ss', subscriptionKey: 'legacy-sk' },
      options: { credentialType: 'v3.0' },
      requiredSecrets: ['clientSecret', 'signingSecret', 'subscriptionKey'],
    });
  });
  afterEach(async () => rig.close());

  it('shows as retired, cannot be enabled, and sends nothing to Sage', async () => {
    expect(rig.services.integrations.list().find((i) => i.platform === 'sage')).toMatchObject({
      configured: true,
      retired: true,
    });
    expect(await call('setIntegrationEnabled', { platform: 'sage', enabled: true })).toMatchObject({
      ok: false,
      error: { code: 'CREDENTIALS_RETIRED' },
    });
    const opened = rig.services.opened.length;
    expect(await call('startConnect', { platform: 'sage' })).toMatchObject({
      ok: false,
      error: { code: 'CREDENTIALS_RETIRED' },
    });
    expect(rig.services.opened).toHaveLength(opened);
    const before = rig.fakes.sage.tokenRequests().length;
    await expect(rig.services.connections.refresh(connectionId)).rejects.toMatchObject({
      code: 'CREDENTIALS_RETIRED',
    });
    expect(rig.fakes.sage.tokenRequests()).toHaveLength(before);
  });

  it('is flagged in Review, its four values stay readable, and it can be removed', async () => {
    const review = rig.services.review.currentReview();
    expect(review.rows.find((r) => r.id === 'integration:sage')).toMatchObject({
      credentialKind: 'appRegistrationRetired',
      problems: expect.arrayContaining(['credentialsRetired']),
    });
    expect(review.rows.find((r) => r.id === connectionId)?.problems).toContain('credentialsRetired');
    expect(
      await rig.services.review.reveal({ kind: 'integration', platform: 'sage', field: 'subscriptionKey' }),
    ).toEqual({ value: 'legacy-sk' });
    expect(
      await call('saveIntegration', {
        platform: 'sage',
        clientId: 'legacy-client-id',
        options: { credentialType: 'v3.0' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    expect(await call('removeIntegration', { platform: 'sage' })).toMatchObject({ ok: true });
    expect(rig.services.integrations.get('sage')).toMatchObject({ configured: false, retired: false });
    expect((await rig.secrets.accounts()).filter((a) => a.startsWith('integration-'))).toEqual([]);
  });

  it('replacing it with a v3.1 app needs the new app’s secret; the v3.0 values then leave the keychain', async () => {
    const v31 = {
      platform: 'sage',
      clientId: rig.fakes.sage.app.clientId,
      options: { credentialType: 'v3.1' },
    };
    expect(await call('saveIntegration', v31)).toMatchObject({ ok: false, error: { code: 'EMPTY_SECRET' } });
    expect(rig.services.integrations.get('sage').retired).toBe(true);

    const saved = await call('saveIntegration', { ...v31, clientSecret: rig.fakes.sage.app.clientSecret });
    expect(saved).toMatchObject({ ok: true, value: { integration: { retired: false } } });
    expect(Object.keys(rig.services.integrations.get('sage').secretFingerprints)).toEqual(['clientSecret']);
    await expect(
      rig.services.review.reveal({ kind: 'integration', platform: 'sage', field: 'signingSecret' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The companies can refresh again with the new app.
    await rig.services.connections.refresh(connectionId);
  });
});
