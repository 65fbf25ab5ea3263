import type { MenuItemConstructorOptions } from 'electron';

import { SCREENS, type MenuCommand, type Screen, type SupportFolder } from '@shared/ipc/shell-schemas';
import type { ShellText } from './shell-text';

/** What the menu's own items do; the standard ones (copy, paste, zoom…) are Electron roles. */
export interface MenuActions {
  /** Sends a command to the window (through the contract's `menuCommand` event). */
  command(command: MenuCommand): void;
  openFolder(folder: SupportFolder): void;
  exportDiagnostics(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  text: ShellText;
  /** Reload and the developer tools are offered only to developers (unpackaged runs). */
  isPackaged: boolean;
  actions: MenuActions;
}

const SCREEN_LABEL: Record<Screen, keyof ShellText> = {
  integrations: 'integrations',
  connections: 'connections',
  review: 'review',
  settings: 'settingsScreen',
};

const separator: MenuItemConstructorOptions = { type: 'separator' };

/**
 * The application menu, following each platform's conventions: on macOS the app menu (About,
 * Settings, Services, Hide, Quit) and Window's standard items; on Windows and Linux, Settings
 * and Exit/Quit in File and About in Help. Ctrl/Cmd+1–4 go to the four screens, Ctrl/Cmd+,
 * to Settings, Ctrl/Cmd+F to the Review search. Every label comes from the app's language.
 *
 * macOS: https://developer.apple.com/design/human-interface-guidelines/the-menu-bar
 * Windows: https://learn.microsoft.com/windows/win32/uxguide/cmd-menus
 */
export function applicationMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { text, actions } = options;
  const mac = options.platform === 'darwin';
  const about: MenuItemConstructorOptions = {
    id: 'about',
    label: text.about,
    click: () => actions.command({ command: 'showAbout' }),
  };
  const settings: MenuItemConstructorOptions = {
    id: 'settings',
    label: text.settings,
    accelerator: 'CmdOrCtrl+,',
    click: () => actions.command({ command: 'showScreen', screen: 'settings' }),
  };
  const exportDiagnostics: MenuItemConstructorOptions = {
    id: 'export-diagnostics',
    label: text.exportDiagnostics,
    click: () => actions.exportDiagnostics(),
  };
  const folder = (which: SupportFolder): MenuItemConstructorOptions => ({
    id: `open-${which}-folder`,
    label: which === 'data' ? text.openDataFolder : text.openLogsFolder,
    click: () => actions.openFolder(which),
  });
  const screens = SCREENS.map((screen, index): MenuItemConstructorOptions => ({
    id: `screen-${screen}`,
    label: text[SCREEN_LABEL[screen]],
    accelerator: `CmdOrCtrl+${index + 1}`,
    click: () => actions.command({ command: 'showScreen', screen }),
  }));

  const appMenu: MenuItemConstructorOptions = {
    label: options.appName,
    submenu: [
      about,
      separator,
      settings,
      separator,
      { role: 'services', label: text.services },
      separator,
      { role: 'hide', label: text.hide },
      { role: 'hideOthers', label: text.hideOthers },
      { role: 'unhide', label: text.showAll },
      separator,
      { role: 'quit', label: text.quitMac },
    ],
  };
  const fileMenu: MenuItemConstructorOptions = {
    label: text.file,
    submenu: [
      ...(mac ? [] : [settings, separator]),
      exportDiagnostics,
      separator,
      mac
        ? { role: 'close', label: text.closeWindow }
        : { role: 'quit', label: options.platform === 'win32' ? text.exit : text.quit },
    ],
  };
  const editMenu: MenuItemConstructorOptions = {
    label: text.edit,
    submenu: [
      { role: 'undo', label: text.undo },
      { role: 'redo', label: text.redo },
      separator,
      { role: 'cut', label: text.cut },
      { role: 'copy', label: text.copy },
      { role: 'paste', label: text.paste },
      { role: 'delete', label: text.delete },
      { role: 'selectAll', label: text.selectAll },
      separator,
      {
        id: 'find-in-review',
        label: text.findInReview,
        accelerator: 'CmdOrCtrl+F',
        click: () => actions.command({ command: 'findInReview' }),
      },
    ],
  };
  const viewMenu: MenuItemConstructorOptions = {
    label: text.view,
    submenu: [
      ...screens,
      separator,
      ...(options.isPackaged
        ? []
        : [
            { role: 'reload', label: text.reload } satisfies MenuItemConstructorOptions,
            { role: 'toggleDevTools', label: text.developerTools } satisfies MenuItemConstructorOptions,
            separator,
          ]),
      { role: 'resetZoom', label: text.actualSize },
      { role: 'zoomIn', label: text.zoomIn },
      { role: 'zoomOut', label: text.zoomOut },
      separator,
      { role: 'togglefullscreen', label: text.fullScreen },
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    role: 'window',
    label: text.window,
    submenu: mac
      ? [
          { role: 'minimize', label: text.minimize },
          { role: 'zoom', label: text.zoom },
          separator,
          { role: 'front', label: text.bringAllToFront },
        ]
      : [
          { role: 'minimize', label: text.minimize },
          { role: 'close', label: text.closeWindow },
        ],
  };
  const helpMenu: MenuItemConstructorOptions = {
    role: 'help',
    label: text.help,
    submenu: [folder('data'), folder('logs'), ...(mac ? [] : [separator, about])],
  };
  return [...(mac ? [appMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}
