import type { MenuItemConstructorOptions } from 'electron';

import type { ShellText } from './shell-text';

/** The parts of Electron's `context-menu` params used here (structural, so tests need no Electron). */
export interface TextContextParams {
  isEditable: boolean;
  selectionText: string;
  editFlags: {
    canUndo: boolean;
    canRedo: boolean;
    canCut: boolean;
    canCopy: boolean;
    canPaste: boolean;
    canSelectAll: boolean;
  };
}

/**
 * The right-click menu: in a text field, Undo/Redo/Cut/Copy/Paste/Select all (so a key can be
 * pasted with the mouse); over selected text elsewhere, Copy; nothing otherwise. Electron shows
 * no context menu of its own. Each item is enabled as Chromium says it can act (a password
 * field, for one, refuses cut and copy). https://www.electronjs.org/docs/latest/api/web-contents#event-context-menu
 */
export function textContextMenuTemplate(
  params: TextContextParams,
  text: ShellText,
): MenuItemConstructorOptions[] {
  const flags = params.editFlags;
  if (params.isEditable) {
    return [
      { role: 'undo', label: text.undo, enabled: flags.canUndo },
      { role: 'redo', label: text.redo, enabled: flags.canRedo },
      { type: 'separator' },
      { role: 'cut', label: text.cut, enabled: flags.canCut },
      { role: 'copy', label: text.copy, enabled: flags.canCopy },
      { role: 'paste', label: text.paste, enabled: flags.canPaste },
      { type: 'separator' },
      { role: 'selectAll', label: text.selectAll, enabled: flags.canSelectAll },
    ];
  }
  if (params.selectionText.trim() !== '') return [{ role: 'copy', label: text.copy, enabled: flags.canCopy }];
  return [];
}
