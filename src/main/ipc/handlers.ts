import { redirectUriFor } from '../services/oauth/flows';
import type { Services } from '../services/compose';
import { NO_UPDATES, type UpdateController } from '../updates';
import type { ChannelHandlers } from './dispatch';

/**
 * Binds every contract channel to a service call. Inputs arrive already parsed. `updates` is the
 * packaged app's updater (src/main/updates.ts); tests and the harness have none.
 */
export function createIpcHandlers(
  services: Services,
  updates: UpdateController = NO_UPDATES,
): ChannelHandlers {
  return {
    listIntegrations: () => services.integrations.list(),
    getIntegration: ({ platform }) => services.integrations.get(platform),
    setIntegrationEnabled: ({ platform, enabled }) => services.integrations.setEnabled(platform, enabled),
    getSettings: () => services.settings.get(),
    updateSettings: (update) => services.settings.update(update),
    openPlatformLink: ({ platform, link }) => services.links.openPlatformLink(platform, link),
    getStartupNotices: () => services.startupNotices(),
    saveIntegration: (input) => services.setup.save(input),
    removeIntegration: ({ platform }) => services.setup.remove(platform),
    getRedirectUri: ({ platform }) => {
      const { loopbackPort, redirectHost } = services.settings.get();
      return { redirectUri: redirectUriFor(platform, loopbackPort, redirectHost) };
    },
    listConnections: (input) => services.connections.list(input?.platform),
    startConnect: async ({ platform }) =>
      services.flows.start(platform, await services.integrations.oauthClient(platform)),
    getConnectFlow: ({ flowId }) => services.flows.view(flowId),
    cancelConnect: ({ flowId }) => services.flows.cancel(flowId),
    chooseConnectCompany: ({ flowId, companyId }) => services.flows.choose(flowId, companyId),
    completeConnectFromUrl: ({ flowId, url }) => services.flows.completeFromUrl(flowId, url),
    linkClearBooks: ({ label, apiKey, ifAlreadyLinked }) =>
      services.connections.linkClearBooks(label, apiKey, ifAlreadyLinked ?? 'refuse'),
    testConnection: ({ connectionId }) => services.connections.test(connectionId),
    refreshConnection: async ({ connectionId }) => {
      await services.connections.refresh(connectionId);
      return services.connections.get(connectionId);
    },
    getReview: () => services.review.currentReview(),
    revealSecret: ({ target }) => services.review.reveal(target),
    copySecret: ({ target }) => services.review.copy(target),
    compareSecret: ({ target, candidate }) => services.review.compare(target, candidate),
    listAuditEvents: (filter) => services.review.auditEvents(filter),
    exportReview: ({ format }) => services.exportReview(format),
    deleteOrphanSecret: ({ account }) => services.reconciliation.deleteOrphan(account),
    disconnectConnection: ({ connectionId, removeLocallyIfRevokeFails }) =>
      services.connections.disconnect(connectionId, removeLocallyIfRevokeFails),
    getUpdateStatus: () => updates.status(),
    checkForUpdates: () => updates.check(),
    installUpdate: () => updates.install(),
    getAppInfo: () => services.support.appInfo(),
    openSupportFolder: ({ folder }) => services.support.openFolder(folder),
    exportDiagnostics: () => services.exportDiagnostics(),
  };
}
