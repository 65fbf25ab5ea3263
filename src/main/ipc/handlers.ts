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
  };
}
