import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { dispatch } from '../../src/main/ipc/dispatch';
import { redirectUriFor } from '../../src/main/services/oauth/flows';
import { createIpcHandlers } from '../../src/main/ipc/handlers';
import type { ChannelName } from '../../src/shared/ipc/contract';
import type { IpcResult } from '../../src/shared/ipc/errors';
import { PLATFORMS } from '../../src/shared/platforms';
import { startLinkingRig, type LinkingRig } from './support/linking';

// Each channel does what its name says against the real services: what the window asks for
// through IPC is what happens (a channel answering nothing, or dropping part of its input,
// shows here as a wrong reply or a store left unchanged).

let rig: LinkingRig;
beforeEach(async () => {
  rig = await startLinkingRig();
});
afterEach(async () => {
  await rig.close();
});

async function call(channel: ChannelName, input?: unknown): Promise<unknown> {
  const reply: IpcResult<unknown> = await dispatch(
    createIpcHandlers(rig.services),
    channel,
    input,
    rig.services.log,
  );
  if (!reply.ok) throw Object.assign(new Error(`${channel}: ${reply.error.code}`), reply.error);
  return reply.value;
}

describe('IPC channels reach their service', () => {
  it('settings and integrations: what the window changes is what is stored', async () => {
    expect(await call('listIntegrations', {})).toEqual(rig.services.integrations.list());
    expect(await call('getStartupNotices', {})).toEqual(rig.services.startupNotices());
    // The address to register at the provider follows the port chosen in Settings.
    expect(await call('getRedirectUri', { platform: 'freshbooks' })).toEqual({
      redirectUri: redirectUriFor('freshbooks', rig.port),
    });
    expect(await call('getSettings', {})).toEqual(rig.services.settings.get());
    expect(await call('updateSettings', { language: 'fr-CA' })).toMatchObject({ language: 'fr-CA' });
    expect(rig.services.settings.get().language).toBe('fr-CA');

    expect(await call('setIntegrationEnabled', { platform: 'clearbooks', enabled: false })).toMatchObject({
      platform: 'clearbooks',
      enabled: false,
    });
    expect(rig.services.integrations.get('clearbooks').enabled).toBe(false);
    expect(await call('setIntegrationEnabled', { platform: 'clearbooks', enabled: true })).toMatchObject({
      enabled: true,
    });
    expect(rig.services.integrations.get('clearbooks').enabled).toBe(true);

    const { app } = rig.fakes.sage;
    expect(
      await call('saveIntegration', {
        platform: 'sage',
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        options: { credentialType: 'v3.1' },
      }),
    ).toMatchObject({ integration: { platform: 'sage', configured: true } });
    expect(await call('getIntegration', { platform: 'sage' })).toEqual(rig.services.integrations.get('sage'));
    expect(rig.services.integrations.get('sage')).toMatchObject({ configured: true, clientId: app.clientId });
    const review = (await call('getReview', {})) as { rows: Array<{ id: string }> };
    expect(review.rows.map((r) => r.id)).toContain('integration:sage');
    expect(await call('removeIntegration', { platform: 'sage' })).toEqual({ removedConnections: 0 });
    expect(rig.services.integrations.get('sage').configured).toBe(false);

    expect(await call('openPlatformLink', { platform: 'zohobooks', link: 'console' })).toEqual({
      opened: true,
    });
    expect(rig.services.opened).toHaveLength(1);
    expect(new URL(rig.services.opened[0]!).protocol).toBe('https:');
    // Every link a platform's page shows opens its address.
    for (const platform of PLATFORMS)
      for (const link of platform.links) {
        expect(await call('openPlatformLink', { platform: platform.id, link: link.id })).toEqual({
          opened: true,
        });
        expect(rig.services.opened.at(-1)).toBe(link.url);
      }
  });

  it('Clear Books: link, list by platform, compare, refuse or update a second link of the same key', async () => {
    const key = [...rig.fakes.clearbooks.apiKeys][0]!;
    const linked = (await call('linkClearBooks', { label: 'Acme', apiKey: key })) as { id: string };
    expect(rig.services.connections.list().map((c) => c.id)).toEqual([linked.id]);
    // Without an answer for ifAlreadyLinked, a second link of the same key is refused.
    await expect(call('linkClearBooks', { label: 'Acme again', apiKey: key })).rejects.toMatchObject({
      code: 'API_KEY_ALREADY_LINKED',
    });
    await expect(
      call('linkClearBooks', { label: 'Acme again', apiKey: key, ifAlreadyLinked: 'refuse' }),
    ).rejects.toMatchObject({ code: 'API_KEY_ALREADY_LINKED' });
    expect(
      await call('linkClearBooks', { label: 'Acme Trading', apiKey: key, ifAlreadyLinked: 'update' }),
    ).toMatchObject({ id: linked.id, label: 'Acme Trading' });

    expect(await call('listConnections', { platform: 'zohobooks' })).toEqual([]);
    expect(await call('listConnections', { platform: 'clearbooks' })).toMatchObject([{ id: linked.id }]);
    expect(await call('listConnections', undefined)).toMatchObject([{ id: linked.id }]);

    const target = { kind: 'connection', connectionId: linked.id };
    expect(await call('revealSecret', { target })).toEqual({ value: key });
    expect(await call('copySecret', { target })).toMatchObject({ clearAfterSeconds: expect.any(Number) });
    expect(rig.services.clipboard.text).toBe(key);
    const verifications = rig.fakes.clearbooks.operations().length;
    expect(await call('testConnection', { connectionId: linked.id })).toMatchObject({ id: linked.id });
    expect(rig.fakes.clearbooks.operations()).toHaveLength(verifications + 1);
    expect(await call('compareSecret', { target, candidate: key })).toEqual({ matches: true });
    expect(await call('compareSecret', { target, candidate: `${key}x` })).toEqual({ matches: false });
    const events = (await call('listAuditEvents', { limit: 50 })) as Array<{ action: string }>;
    expect(events.map((e) => e.action)).toContain('connection.link');

    expect(
      await call('disconnectConnection', { connectionId: linked.id, removeLocallyIfRevokeFails: false }),
    ).toMatchObject({ removed: true });
    expect(rig.services.connections.list()).toEqual([]);
  });

  it('a sign-in can be cancelled, and an address pasted into it is checked by the flow', async () => {
    await rig.configure('sage');
    const flow = (await call('startConnect', { platform: 'sage' })) as { flowId: string };
    await expect(
      call('completeConnectFromUrl', {
        flowId: flow.flowId,
        url: `http://127.0.0.1:${rig.port}/oauth/sage/callback?code=x&state=not-this-flow`,
      }),
    ).rejects.toMatchObject({ code: 'CALLBACK_REJECTED' });
    const second = (await call('startConnect', { platform: 'sage' })) as { flowId: string };
    expect(await call('getConnectFlow', { flowId: second.flowId })).toEqual(
      rig.services.flows.view(second.flowId),
    );
    expect(rig.services.flows.view(second.flowId).status).not.toBe('cancelled');
    expect(await call('cancelConnect', { flowId: second.flowId })).toMatchObject({ status: 'cancelled' });
    expect(rig.services.flows.view(second.flowId).status).toBe('cancelled');
  });

  it('a refresh asked for by the window reaches the provider and answers the connection', async () => {
    const id = await rig.link('sage');
    const before = rig.fakes.sage.liveRefreshTokens();
    expect(await call('refreshConnection', { connectionId: id })).toMatchObject({ id, status: 'linked' });
    expect(rig.fakes.sage.liveRefreshTokens()).not.toEqual(before);
  });

  it('exports, orphan clean-up, updates and support answer the window', async () => {
    rig.services.savePath.next = null; // the user cancels the save dialog
    for (const format of ['csv', 'json'])
      expect(await call('exportReview', { format })).toEqual({ saved: false });
    expect(await call('exportDiagnostics', {})).toEqual({ saved: false });
    await rig.secrets.set('connection-0000orphan', '{"v":1}');
    expect((await rig.services.reconciliation.run())?.orphans).toEqual(['connection-0000orphan']);
    expect(await call('deleteOrphanSecret', { account: 'connection-0000orphan' })).toEqual({ deleted: true });
    expect(await rig.secrets.get('connection-0000orphan')).toBeNull();
    expect(await call('getUpdateStatus', {})).toEqual({ available: false, state: 'idle', version: null });
    expect(await call('checkForUpdates', {})).toEqual({ available: false, state: 'idle', version: null });
    expect(await call('installUpdate', {})).toEqual({ restarting: false });
    expect(await call('getAppInfo', {})).toEqual(rig.services.support.appInfo());
    expect(await call('openSupportFolder', { folder: 'logs' })).toMatchObject({
      opened: expect.any(Boolean),
    });
  });
});
