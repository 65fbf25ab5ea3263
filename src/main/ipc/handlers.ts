import { redirectUriFor } from '../services/oauth/flows';
import type { Services } from '../services/compose';
import type { ChannelHandlers } from './dispatch';

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
    getRedirectUri: ({ platform }) => ({ redirectUri: redirectUriFor(platform, services.settings.get().loopbackPort) }),
    listConnections: (input) => services.connections.list(input?.platform),
    startConnect: async ({ platform }) => services.flows.start(platform, await services.integrations.oauthClient(platform)),
    getConnectFlow: ({ flowId }) => services.flows.view(flowId),
    cancelConnect: ({ flowId }) => services.flows.cancel(flowId),
    completeConnectFromUrl: ({ flowId, url }) => services.flows.completeFromUrl(flowId, url),
    linkClearBooks: ({ label, apiKey }) => services.connections.linkClearBooks(label, apiKey),
    testConnection: ({ connectionId }) => services.connections.test(connectionId),
    refreshConnection: async ({ connectionId }) => {
      await services.connections.refresh(connectionId);
      return services.connections.get(connectionId);
    },
    disconnectConnection: ({ connectionId, removeLocallyIfRevokeFails }) =>
      services.connections.disconnect(connectionId, removeLocallyIfRevokeFails),
  };
}
