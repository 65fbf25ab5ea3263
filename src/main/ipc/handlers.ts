import type { IntegrationConfigurationInput } from '@shared/platforms/configuration';
import type { PlatformId } from '@shared/platforms';
import { redirectUriFor } from '../services/oauth/flows';
import type { Services } from '../services/compose';
import type { ChannelHandlers } from './dispatch';

/**
 * Saves an app registration. When FreshBooks scopes change, every linked
 * FreshBooks company must re-authorise (its tokens carry the old scopes).
 */
async function saveIntegration(services: Services, input: IntegrationConfigurationInput) {
  const before = services.integrations.get(input.platform).options;
  const { platform, clientId, options, ...secrets } = input;
  const integration = await services.integrations.saveConfiguration(platform, {
    clientId,
    secrets,
    options,
    requiredSecrets:
      platform === 'sage' && input.options.credentialType === 'v3.0'
        ? ['clientSecret', 'signingSecret', 'subscriptionKey']
        : ['clientSecret'],
  });
  let connectionsNeedingReauth = 0;
  if (
    platform === 'freshbooks' &&
    JSON.stringify([...((before['writeScopes'] as string[] | undefined) ?? [])].sort()) !==
      JSON.stringify([...input.options.writeScopes].sort())
  ) {
    connectionsNeedingReauth = services.connections.markNeedsReauth('freshbooks', 'SCOPES_CHANGED');
  }
  return { integration, connectionsNeedingReauth };
}

/** Removing an integration disconnects its companies (revoking where possible) and deletes its secrets. */
async function removeIntegration(services: Services, platform: PlatformId) {
  const connections = services.connections.list(platform);
  for (const connection of connections) await services.connections.disconnect(connection.id, true);
  await services.integrations.remove(platform);
  return { removedConnections: connections.length };
}

/** Binds every contract channel to a service call. Inputs arrive already parsed. */
export function createIpcHandlers(services: Services): ChannelHandlers {
  return {
    listIntegrations: () => services.integrations.list(),
    getIntegration: ({ platform }) => services.integrations.get(platform),
    setIntegrationEnabled: ({ platform, enabled }) => services.integrations.setEnabled(platform, enabled),
    getSettings: () => services.settings.get(),
    updateSettings: (update) => services.settings.update(update),
    openPlatformLink: ({ platform, link }) => services.links.openPlatformLink(platform, link),
    getStartupNotices: () => services.startupNotices,
    saveIntegration: (input) => saveIntegration(services, input),
    removeIntegration: ({ platform }) => removeIntegration(services, platform),
    getRedirectUri: ({ platform }) => ({
      redirectUri: redirectUriFor(platform, services.settings.get().loopbackPort),
    }),
    listConnections: (input) => services.connections.list(input?.platform),
    startConnect: async ({ platform }) =>
      services.flows.start(platform, await services.integrations.oauthClient(platform)),
    getConnectFlow: ({ flowId }) => services.flows.view(flowId),
    cancelConnect: ({ flowId }) => services.flows.cancel(flowId),
    completeConnectFromUrl: ({ flowId, url }) => services.flows.completeFromUrl(flowId, url),
    linkClearBooks: ({ label, apiKey }) => services.connections.linkClearBooks(label, apiKey),
    testConnection: ({ connectionId }) => services.connections.test(connectionId),
    refreshConnection: async ({ connectionId }) => {
      await services.connections.refresh(connectionId);
      return services.connections.get(connectionId);
    },
    getReview: () => services.review.review(),
    revealSecret: ({ target }) => services.review.reveal(target),
    copySecret: ({ target }) => services.review.copy(target),
    compareSecret: ({ target, candidate }) => services.review.compare(target, candidate),
    listAuditEvents: (filter) => services.review.auditEvents(filter),
    exportReview: ({ format }) => services.exportReview(format),
    deleteOrphanSecret: ({ account }) => services.deleteOrphan(account),
    disconnectConnection: ({ connectionId, removeLocallyIfRevokeFails }) =>
      services.connections.disconnect(connectionId, removeLocallyIfRevokeFails),
    getAppInfo: () => services.support.appInfo(),
    openSupportFolder: ({ folder }) => services.support.openFolder(folder),
    exportDiagnostics: () => services.exportDiagnostics(),
  };
}
