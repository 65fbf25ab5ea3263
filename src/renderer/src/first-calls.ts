import type { IpcResult } from '@shared/ipc/errors';
import type { IntegrationSummary, Settings, StartupNotices } from '@shared/ipc/schemas';
import { api, callApi } from './api';

/** The first screen's three calls to main, on their way together; none waits for another. */
export interface FirstCalls {
  settings: Promise<IpcResult<Settings>>;
  notices: Promise<IpcResult<StartupNotices>>;
  integrations: Promise<IpcResult<IntegrationSummary[]>>;
}

export function sendFirstCalls(): FirstCalls {
  return {
    settings: callApi(() => api().getSettings()),
    notices: callApi(() => api().getStartupNotices()),
    integrations: callApi(() => api().listIntegrations()),
  };
}
