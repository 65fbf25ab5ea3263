import { createContext, useContext } from 'react';

import type { PlatformId } from '@shared/platforms';

/**
 * Opens a platform's set-up (or Manage) on the Integrations screen from another screen: the
 * Review's details name problems that only set-up puts right (retired credentials, an enabled
 * integration with nothing saved). Null outside the app's layout, where there is nowhere to go.
 */
export const OpenIntegrationContext = createContext<((platform: PlatformId) => void) | null>(null);

export function useOpenIntegration(): ((platform: PlatformId) => void) | null {
  return useContext(OpenIntegrationContext);
}
