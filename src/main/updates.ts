import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { UpdateStatus } from '@shared/ipc/schemas';
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
 * signed app), notifies, and installs when the app quits — or at once from Settings' "Restart to
 * update". It is loaded only when a feed exists, so an app without one never loads it.
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
  autoDownload: boolean;
  checkForUpdates(): Promise<unknown>;
  checkForUpdatesAndNotify(): Promise<unknown>;
  quitAndInstall(): void;
  on(event: UpdaterEvent, listener: (info?: { version?: string }) => void): unknown;
}
type UpdaterEvent = 'update-available' | 'update-not-available' | 'update-downloaded' | 'error';

/** What the Settings screen's "Check for updates" and "Restart to update" talk to (IPC). */
export interface UpdateController {
  status(): UpdateStatus;
  /** `notify`: the start-up check also shows the OS notification when an update is ready. */
  check(options?: { notify?: boolean }): Promise<UpdateStatus>;
  /** Quits and installs, only when an update has been downloaded. */
  install(): { restarting: boolean };
}

const NO_FEED: UpdateStatus = { available: false, state: 'idle', version: null };

/** No feed (development run, Linux, a build without one): the Settings screen shows nothing. */
export const NO_UPDATES: UpdateController = {
  status: () => NO_FEED,
  check: () => Promise.resolve(NO_FEED),
  install: () => ({ restarting: false }),
};

/**
 * The app's updater: NO_UPDATES unless shouldCheckForUpdates says yes; then electron-updater is
 * loaded on the first check (call `void updates.check({ notify: true })` once the window is up).
 * Never throws: an offline machine or an unreachable feed is logged and shown as `failed`.
 */
export function createUpdates(
  app: { readonly isPackaged: boolean },
  logger: Logger,
  dependencies: {
    resourcesPath?: string | undefined;
    env?: NodeJS.ProcessEnv;
    platform?: NodeJS.Platform;
    loadUpdater?: () => Promise<Updater>;
  } = {},
): UpdateController {
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
    return NO_UPDATES;
  }
  let status: UpdateStatus = { available: true, state: 'idle', version: null };
  const set = (state: UpdateStatus['state'], version: string | null = status.version) => {
    status = { available: true, state, version };
  };
  let updater: Updater | undefined;
  const load = async (): Promise<Updater> => {
    if (updater) return updater;
    const loaded = await (dependencies.loadUpdater ?? loadElectronUpdater)();
    loaded.logger = {
      info: (message: unknown) => logger.info(`updater: ${String(message)}`),
      warn: (message: unknown) => logger.warn(`updater: ${String(message)}`),
      error: (message: unknown) => logger.warn(`updater: ${String(message)}`),
      debug: () => undefined,
    };
    // Download in the background once found; the SHA-512 from the feed is checked before install.
    loaded.autoDownload = true;
    loaded.on('update-available', (info) => set('downloading', info?.version ?? null));
    loaded.on('update-not-available', () => set('up-to-date', null));
    loaded.on('update-downloaded', (info) => set('ready', info?.version ?? status.version));
    loaded.on('error', () => {
      if (status.state !== 'ready') set('failed');
    });
    updater = loaded;
    return loaded;
  };
  return {
    status: () => status,
    async check({ notify = false } = {}) {
      if (['checking', 'downloading', 'ready'].includes(status.state)) return status;
      set('checking');
      try {
        const loaded = await load();
        await (notify ? loaded.checkForUpdatesAndNotify() : loaded.checkForUpdates());
        if (status.state === 'checking') set('up-to-date', null);
      } catch (error) {
        logger.warn('Update check failed', { error });
        set('failed');
      }
      return status;
    },
    install() {
      if (status.state !== 'ready' || !updater) return { restarting: false };
      updater.quitAndInstall();
      return { restarting: true };
    },
  };
}

async function loadElectronUpdater(): Promise<Updater> {
  // electron-updater is CommonJS and defines `autoUpdater` as a lazy getter, which an ESM
  // import() only exposes under `default`; a bundler's require() exposes it directly.
  type Module = typeof import('electron-updater');
  const loaded = (await import('electron-updater')) as Module & { default?: Module };
  return loaded.default?.autoUpdater ?? loaded.autoUpdater;
}
