import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { Logger } from './services/log';

/**
 * Auto-update through electron-updater — OFF on Linux, and elsewhere unless the (signed) installer
 * was built with an update feed (INTEGRATION_DESK_UPDATE_URL or INTEGRATION_DESK_UPDATE_GITHUB at `npm run dist`, see
 * docs/PACKAGING.md). electron-builder then writes `app-update.yml` next to app.asar, and only
 * then does the app check for updates. Unpackaged runs (`npm start`, `npm run dev`, tests) never
 * check, and `INTEGRATION_DESK_DISABLE_UPDATES=1` turns checks off on a managed machine.
 *
 * electron-updater downloads in the background, verifies the download's SHA-512 against the
 * feed (and, on Windows, the installer's code-signing publisher; on macOS Squirrel requires a
 * signed app), notifies, and installs when the app quits. It is loaded only when a feed exists,
 * so an app without one never loads it.
 */
export const UPDATE_CONFIG_FILE = 'app-update.yml';

export interface UpdateDecision {
  readonly check: boolean;
  readonly reason: string;
}

export function shouldCheckForUpdates(options: {
  isPackaged: boolean;
  resourcesPath: string | undefined;
  env: NodeJS.ProcessEnv;
  fileExists?: (path: string) => boolean;
  platform?: NodeJS.Platform;
}): UpdateDecision {
  const fileExists = options.fileExists ?? existsSync;
  if (!options.isPackaged) return { check: false, reason: 'not a packaged app' };
  // A deb is updated by its package manager, never by the app from the feed that carries its
  // checksum (the build refuses a Linux feed too: scripts/packaging/signing.ts).
  if ((options.platform ?? process.platform) === 'linux') {
    return { check: false, reason: 'Linux packages are updated by the package manager' };
  }
  if (options.env['INTEGRATION_DESK_DISABLE_UPDATES'] === '1') {
    return { check: false, reason: 'INTEGRATION_DESK_DISABLE_UPDATES=1' };
  }
  if (!options.resourcesPath || !fileExists(join(options.resourcesPath, UPDATE_CONFIG_FILE))) {
    return { check: false, reason: 'built without an update feed' };
  }
  return { check: true, reason: 'update feed configured' };
}

/** The part of electron-updater's AppUpdater used here (a structural type keeps tests Electron-free). */
export interface Updater {
  logger: unknown;
  checkForUpdatesAndNotify(): Promise<unknown>;
}

/**
 * Call once after the window is up: `void startAutoUpdates(app, consoleLogger);`.
 * Never throws: an offline machine or an unreachable feed is logged and ignored.
 */
export async function startAutoUpdates(
  app: { readonly isPackaged: boolean },
  logger: Logger,
  dependencies: {
    resourcesPath?: string | undefined;
    env?: NodeJS.ProcessEnv;
    platform?: NodeJS.Platform;
    loadUpdater?: () => Promise<Updater>;
  } = {},
): Promise<void> {
  const decision = shouldCheckForUpdates({
    isPackaged: app.isPackaged,
    resourcesPath:
      'resourcesPath' in dependencies
        ? dependencies.resourcesPath
        : (process as { resourcesPath?: string }).resourcesPath,
    env: dependencies.env ?? process.env,
    platform: dependencies.platform,
  });
  if (!decision.check) {
    logger.info('Auto-update off', { reason: decision.reason });
    return;
  }
  try {
    const updater = await (dependencies.loadUpdater ?? loadElectronUpdater)();
    updater.logger = {
      info: (message: unknown) => logger.info(`updater: ${String(message)}`),
      warn: (message: unknown) => logger.warn(`updater: ${String(message)}`),
      error: (message: unknown) => logger.warn(`updater: ${String(message)}`),
      debug: () => undefined,
    };
    await updater.checkForUpdatesAndNotify();
  } catch (error) {
    logger.warn('Update check failed', { error });
  }
}

async function loadElectronUpdater(): Promise<Updater> {
  // electron-updater is CommonJS and defines `autoUpdater` as a lazy getter, which an ESM
  // import() only exposes under `default`; a bundler's require() exposes it directly.
  type Module = typeof import('electron-updater');
  const loaded = (await import('electron-updater')) as Module & { default?: Module };
  return loaded.default?.autoUpdater ?? loaded.autoUpdater;
}
