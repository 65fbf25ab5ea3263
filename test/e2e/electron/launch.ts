import { join } from 'node:path';

import { _electron as electron, type ElectronApplication } from '@playwright/test';

/**
 * The built app in Electron with its own user-data folder: `--user-data-dir=<absolute path>` sets
 * userData on every OS (Electron's PreSandboxStartup overrides DIR_USER_DATA with it; XDG_CONFIG_HOME
 * would do only on Linux), which also scopes the single-instance lock. English, whatever the machine's
 * language; no development server.
 */
export function launchDesk(userData: string): Promise<ElectronApplication> {
  return electron.launch({
    args: [join(__dirname, '../../..'), `--user-data-dir=${userData}`],
    env: { ...process.env, LANG: 'en_CA.UTF-8', LANGUAGE: 'en_CA', ELECTRON_RENDERER_URL: '' },
    timeout: 60_000,
  });
}
