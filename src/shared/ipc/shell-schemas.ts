import { z } from './zod';

import { SCREENS } from '../screens';
import { MAX_LONG_TEXT } from './schemas';

/**
 * Schemas of the desktop shell: the About details, the folders support may open, and the
 * commands the application menu sends to the window.
 */

const version = z.string().max(80);

export const appInfoSchema = z.strictObject({
  appVersion: version,
  electronVersion: version,
  chromiumVersion: version,
  nodeVersion: version,
  /** The OS as Node names it (darwin, win32, linux) and its release, for support tickets. */
  os: z.string().max(MAX_LONG_TEXT),
  dataFolder: z.string().max(MAX_LONG_TEXT),
  logsFolder: z.string().max(MAX_LONG_TEXT),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const SUPPORT_FOLDERS = ['data', 'logs'] as const;
export const supportFolderSchema = z.enum(SUPPORT_FOLDERS);
export type SupportFolder = z.infer<typeof supportFolderSchema>;

export { SCREENS, type Screen } from '../screens';

/** What a menu item (or its keyboard shortcut) asks the window to do. */
export const menuCommandSchema = z.discriminatedUnion('command', [
  z.strictObject({ command: z.literal('showScreen'), screen: z.enum(SCREENS) }),
  /** Go to the Review screen and put the cursor in its search box. */
  z.strictObject({ command: z.literal('findInReview') }),
  z.strictObject({ command: z.literal('showAbout') }),
]);
export type MenuCommand = z.infer<typeof menuCommandSchema>;
