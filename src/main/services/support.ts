import { mkdir } from 'node:fs/promises';

import type { AppInfo, SupportFolder } from '@shared/ipc/shell-schemas';

/**
 * What the About box and Settings' support buttons need: versions and folders, and opening a
 * folder in the OS file manager (injected: `shell.openPath` in the app, a recorder in tests).
 */
export class SupportService {
  constructor(
    private readonly info: AppInfo,
    private readonly openPath: (path: string) => Promise<boolean>,
  ) {}

  appInfo(): AppInfo {
    return this.info;
  }

  /** Opens the data or logs folder by name; the renderer never names a path. */
  async openFolder(folder: SupportFolder): Promise<{ opened: boolean }> {
    const path = folder === 'data' ? this.info.dataFolder : this.info.logsFolder;
    // The logs folder may not exist yet (nothing logged to a file, e.g. in tests): make it, private.
    await mkdir(path, { recursive: true, mode: 0o700 });
    return { opened: await this.openPath(path) };
  }
}
