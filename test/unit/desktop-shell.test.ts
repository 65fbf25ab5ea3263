import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { applyTheme, themeSource } from '../../src/main/appearance';
import { textContextMenuTemplate, type TextContextParams } from '../../src/main/context-menu';
import { attachCrashRecovery, type RecoveryChoice, type RecoveryKind } from '../../src/main/crash-recovery';
import { applicationMenuTemplate, type MenuActions } from '../../src/main/menu';
import { runBeforeQuit } from '../../src/main/quit-tasks';
import { concealedMarkers, createSecretClipboard } from '../../src/main/secret-clipboard';
import { SHELL_TEXT, shellText } from '../../src/main/shell-text';
import { confirmBeforeLosingTypedValues } from '../../src/main/unsaved-changes';
import {
  loadWindowState,
  restoreWindowState,
  saveWindowState,
  trackWindowState,
  type Rectangle,
  type SavedWindowState,
} from '../../src/main/window-state';
import en from '../../src/renderer/src/i18n/locales/en.json';
import frCA from '../../src/renderer/src/i18n/locales/fr-CA.json';
import reviewEn from '../../src/renderer/src/i18n/locales/review.en.json';
import reviewFrCA from '../../src/renderer/src/i18n/locales/review.fr-CA.json';
import type { MenuCommand } from '../../src/shared/ipc/shell-schemas';
import { captureLog, tempDir } from './support/temp';

afterEach(() => vi.useRealTimers());

type Item = MenuItemConstructorOptions;
const submenu = (item: Item | undefined): Item[] => (item?.submenu as Item[] | undefined) ?? [];
const find = (items: Item[], id: string): Item | undefined => {
  for (const item of items) {
    if (item.id === id) return item;
    const inner = find(submenu(item), id);
    if (inner) return inner;
  }
  return undefined;
};
const roles = (items: Item[]): string[] =>
  items.flatMap((i) => [...(i.role ? [i.role] : []), ...roles(submenu(i))]);

function menu(platform: NodeJS.Platform, language: 'en' | 'fr-CA' = 'en', isPackaged = true) {
  const commands: MenuCommand[] = [];
  const other: string[] = [];
  const actions: MenuActions = {
    command: (c) => void commands.push(c),
    openFolder: (f) => void other.push(`open:${f}`),
    exportDiagnostics: () => void other.push('diagnostics'),
  };
  const template = applicationMenuTemplate({
    platform,
    appName: 'Integration Desk',
    text: shellText(language),
    isPackaged,
    actions,
  });
  const click = (id: string) => (find(template, id)!.click as () => void)();
  return { template, commands, other, click };
}

describe('the application menu', () => {
  it('macOS: the app menu first (About, Settings ⌘,, Services, Hide, Quit), then File/Edit/View/Window/Help', () => {
    const { template } = menu('darwin');
    expect(template.map((m) => m.label)).toEqual([
      'Integration Desk',
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ]);
    const appMenu = submenu(template[0]);
    expect(appMenu[0]).toMatchObject({ id: 'about', label: 'About Integration Desk' });
    expect(find(appMenu, 'settings')).toMatchObject({ accelerator: 'CmdOrCtrl+,' });
    expect(roles(appMenu)).toEqual(['services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(roles(submenu(template[4]))).toEqual(['minimize', 'zoom', 'front']);
    // About and Settings are not repeated in File or Help on macOS.
    expect(find(template.slice(1), 'about')).toBeUndefined();
    expect(find(template.slice(1), 'settings')).toBeUndefined();
  });

  it.each(['win32', 'linux'] as const)(
    '%s: Settings and Exit/Quit in File, About in Help, no app menu',
    (platform) => {
      const { template } = menu(platform);
      expect(template.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
      const file = submenu(template[0]);
      expect(file[0]).toMatchObject({ id: 'settings', accelerator: 'CmdOrCtrl+,' });
      expect(file.at(-1)).toMatchObject({ role: 'quit', label: platform === 'win32' ? 'Exit' : 'Quit' });
      expect(submenu(template[4]).at(-1)).toMatchObject({ id: 'about' });
      expect(roles(template)).not.toContain('services');
    },
  );

  it('Edit has undo, redo, cut, copy, paste, delete and select all, and Find in Review on Ctrl/Cmd+F', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const { template, commands, click } = menu(platform);
      const edit = template.find((m) => m.label === 'Edit')!;
      expect(roles(submenu(edit))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']);
      expect(find(submenu(edit), 'find-in-review')).toMatchObject({ accelerator: 'CmdOrCtrl+F' });
      click('find-in-review');
      expect(commands).toEqual([{ command: 'findInReview' }]);
    }
  });

  it('View goes to the four screens on Ctrl/Cmd+1–4, named as the window names them', () => {
    const { template, commands, click } = menu('linux');
    const view = submenu(template.find((m) => m.label === 'View'));
    const screens = view.filter((i) => i.id?.startsWith('screen-'));
    expect(screens.map((i) => [i.label, i.accelerator])).toEqual([
      [en.nav.integrations, 'CmdOrCtrl+1'],
      [en.nav.connections, 'CmdOrCtrl+2'],
      [reviewEn.nav, 'CmdOrCtrl+3'],
      [en.nav.settings, 'CmdOrCtrl+4'],
    ]);
    const french = submenu(menu('linux', 'fr-CA').template.find((m) => m.label === 'Affichage'));
    expect(french.filter((i) => i.id?.startsWith('screen-')).map((i) => i.label)).toEqual([
      frCA.nav.integrations,
      frCA.nav.connections,
      reviewFrCA.nav,
      frCA.nav.settings,
    ]);
    for (const screen of ['integrations', 'connections', 'review', 'settings']) click(`screen-${screen}`);
    click('settings');
    click('about');
    expect(commands).toEqual([
      { command: 'showScreen', screen: 'integrations' },
      { command: 'showScreen', screen: 'connections' },
      { command: 'showScreen', screen: 'review' },
      { command: 'showScreen', screen: 'settings' },
      { command: 'showScreen', screen: 'settings' },
      { command: 'showAbout' },
    ]);
  });

  it('offers the folders and the diagnostics export; reload and developer tools only when unpackaged', () => {
    const { template, other, click } = menu('win32');
    click('open-data-folder');
    click('open-logs-folder');
    click('export-diagnostics');
    expect(other).toEqual(['open:data', 'open:logs', 'diagnostics']);
    expect(roles(template)).not.toContain('toggleDevTools');
    expect(roles(template)).not.toContain('reload');
    expect(roles(menu('win32', 'en', false).template)).toEqual(
      expect.arrayContaining(['reload', 'toggleDevTools']),
    );
  });

  // A role brings the system's own shortcut (Ctrl/Cmd+0, + and −, F11 or Ctrl+Cmd+F, Cmd+W, Cmd+M).
  it('View zooms and goes full screen; Window minimises and closes; each by its system role', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const { template } = menu(platform);
      const top = (label: string) => template.find((m) => m.label === label)!;
      expect(roles(submenu(top('View')))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
      // macOS lists the open windows in the menu with the window role, and a search field in help's.
      expect(top('Window').role).toBe('window');
      expect(top('Help').role).toBe('help');
      if (platform !== 'darwin') expect(roles(submenu(top('Window')))).toEqual(['minimize', 'close']);
      else
        expect(submenu(top('File')).at(-1)).toMatchObject({
          role: 'close',
          label: shellText('en').closeWindow,
        });
    }
    expect(roles(submenu(menu('linux', 'en', false).template.find((m) => m.label === 'View')))).toEqual([
      'reload',
      'toggleDevTools',
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
    ]);
  });

  it('Help names each folder it opens', () => {
    for (const language of ['en', 'fr-CA'] as const) {
      const { template } = menu('win32', language);
      const text = shellText(language);
      expect(find(template, 'open-data-folder')?.label).toBe(text.openDataFolder);
      expect(find(template, 'open-logs-folder')?.label).toBe(text.openLogsFolder);
    }
  });

  it('is in French when the app is, every item labelled', () => {
    const { template } = menu('darwin', 'fr-CA');
    expect(template.map((m) => m.label)).toEqual([
      'Integration Desk',
      'Fichier',
      'Édition',
      'Affichage',
      'Fenêtre',
      'Aide',
    ]);
    const labels = (items: Item[]): Array<string | undefined> =>
      items.flatMap((i) => (i.type === 'separator' ? [] : [i.label, ...labels(submenu(i))]));
    expect(labels(template).filter((l) => !l)).toEqual([]);
    expect(labels(template)).toContain('Coller');
    expect(labels(template)).toContain('Rechercher dans la révision');
  });
});

describe("main's own words", () => {
  it('exist in both languages, none empty, and are translated', () => {
    expect(Object.keys(SHELL_TEXT['fr-CA']).sort()).toEqual(Object.keys(SHELL_TEXT.en).sort());
    for (const text of Object.values(SHELL_TEXT)) {
      expect(Object.entries(text).filter(([, v]) => v.trim() === '')).toEqual([]);
    }
    const same = Object.keys(SHELL_TEXT.en).filter(
      (k) =>
        SHELL_TEXT.en[k as keyof typeof SHELL_TEXT.en] ===
        SHELL_TEXT['fr-CA'][k as keyof typeof SHELL_TEXT.en],
    );
    // Words that are the same in both languages.
    expect(same.sort()).toEqual(['services', 'zoom']);
  });
});

describe('the text-field context menu (paste a key with the mouse)', () => {
  const flags = {
    canUndo: false,
    canRedo: false,
    canCut: false,
    canCopy: false,
    canPaste: true,
    canSelectAll: true,
  };
  const params = (over: Partial<TextContextParams>): TextContextParams => ({
    isEditable: true,
    selectionText: '',
    editFlags: flags,
    ...over,
  });

  it('in an empty text field: Paste and Select all are enabled, the rest greyed', () => {
    const template = textContextMenuTemplate(params({}), shellText('en'));
    const items = template.filter((i) => i.type !== 'separator');
    expect(items.map((i) => [i.role, i.label, i.enabled])).toEqual([
      ['undo', 'Undo', false],
      ['redo', 'Redo', false],
      ['cut', 'Cut', false],
      ['copy', 'Copy', false],
      ['paste', 'Paste', true],
      ['selectAll', 'Select All', true],
    ]);
  });

  it('follows what Chromium allows (a password field refuses cut and copy), in French too', () => {
    const secretField = params({
      selectionText: '',
      editFlags: { ...flags, canCut: false, canCopy: false, canUndo: true },
    });
    const items = textContextMenuTemplate(secretField, shellText('fr-CA')).filter(
      (i) => i.type !== 'separator',
    );
    expect(items.find((i) => i.role === 'copy')).toMatchObject({ label: 'Copier', enabled: false });
    expect(items.find((i) => i.role === 'paste')).toMatchObject({ label: 'Coller', enabled: true });
    expect(items.find((i) => i.role === 'undo')).toMatchObject({ enabled: true });
  });

  it('outside a field: Copy for selected text, nothing otherwise', () => {
    expect(
      textContextMenuTemplate(
        params({ isEditable: false, selectionText: 'Maple', editFlags: { ...flags, canCopy: true } }),
        shellText('en'),
      ),
    ).toEqual([{ role: 'copy', label: 'Copy', enabled: true }]);
    expect(
      textContextMenuTemplate(params({ isEditable: false, selectionText: '  ' }), shellText('en')),
    ).toEqual([]);
  });
});

describe('window size and position', () => {
  const sizes = { width: 1180, height: 780, minWidth: 860, minHeight: 560 };
  const laptop: Rectangle = { x: 0, y: 0, width: 1440, height: 875 };
  const external: Rectangle = { x: 1440, y: -200, width: 2560, height: 1400 };
  const saved = (bounds: Rectangle, maximized = false): SavedWindowState => ({
    bounds,
    maximized,
    fullScreen: false,
  });

  it('comes back where it was when that display is still there', () => {
    expect(
      restoreWindowState(
        saved({ x: 1600, y: 0, width: 1500, height: 1000 }, true),
        [laptop, external],
        sizes,
      ),
    ).toEqual({
      x: 1600,
      y: 0,
      width: 1500,
      height: 1000,
      maximized: true,
      fullScreen: false,
    });
  });

  it('opens at the default size, centred, when the display it was on is gone', () => {
    const onExternal = saved({ x: 1600, y: 0, width: 1500, height: 1000 });
    expect(restoreWindowState(onExternal, [laptop], sizes)).toEqual({
      width: 1180,
      height: 780,
      maximized: false,
      fullScreen: false,
    });
    // Only a sliver of the title bar left on screen counts as gone too.
    expect(
      restoreWindowState(saved({ x: 1400, y: 100, width: 1000, height: 700 }), [laptop], sizes).x,
    ).toBeUndefined();
    expect(
      restoreWindowState(saved({ x: 100, y: -500, width: 1000, height: 700 }), [laptop], sizes).x,
    ).toBeUndefined();
    expect(restoreWindowState(null, [laptop], sizes)).toEqual({
      width: 1180,
      height: 780,
      maximized: false,
      fullScreen: false,
    });
    // Saved below the bottom of the display (one that was taller then).
    expect(
      restoreWindowState(saved({ x: 100, y: 900, width: 1000, height: 700 }), [laptop], sizes).x,
    ).toBeUndefined();
  });

  it('stays where it was with just enough of its title bar on screen to drag it, not one pixel less', () => {
    // 120 pixels of the title bar's width left on the laptop's screen, then 119.
    expect(restoreWindowState(saved({ x: 1320, y: 100, width: 1000, height: 700 }), [laptop], sizes).x).toBe(
      440,
    );
    expect(
      restoreWindowState(saved({ x: 1321, y: 100, width: 1000, height: 700 }), [laptop], sizes).x,
    ).toBeUndefined();
  });

  it('shrinks a window bigger than its display and keeps all of it on that display', () => {
    const restored = restoreWindowState(saved({ x: 300, y: 50, width: 3000, height: 2000 }), [laptop], sizes);
    expect(restored).toMatchObject({ x: 0, y: 0, width: 1440, height: 875 });
    const moved = restoreWindowState(saved({ x: 1000, y: 300, width: 1000, height: 700 }), [laptop], sizes);
    expect(moved.x! + moved.width).toBeLessThanOrEqual(1440);
    expect(moved.y! + moved.height).toBeLessThanOrEqual(875);
  });

  it('is saved atomically, owner-only, after moving stops and on close; a bad file counts as none', () => {
    vi.useFakeTimers();
    const dir = tempDir();
    const path = join(dir, 'window-state.json');
    const listeners = new Map<string, () => void>();
    let bounds: Rectangle = { x: 10, y: 20, width: 900, height: 600 };
    let maximized = false;
    trackWindowState(
      {
        on: (event, listener) => listeners.set(event, listener),
        getNormalBounds: () => bounds,
        isMaximized: () => maximized,
        isFullScreen: () => false,
      },
      (state) => saveWindowState(path, state),
    );
    listeners.get('move')!();
    bounds = { x: 30, y: 40, width: 1000, height: 700 };
    listeners.get('resize')!();
    expect(loadWindowState(path)).toBeNull();
    vi.advanceTimersByTime(400);
    expect(loadWindowState(path)).toBeNull();
    vi.advanceTimersByTime(200);
    expect(loadWindowState(path)).toEqual(saved({ x: 30, y: 40, width: 1000, height: 700 }));
    maximized = true;
    listeners.get('close')!();
    expect(loadWindowState(path)).toMatchObject({ maximized: true });
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);

    for (const bad of [
      'not json',
      '{"bounds":{"x":"0"}}',
      JSON.stringify(saved({ x: 0, y: 0, width: 0, height: 10 })),
    ]) {
      writeFileSync(path, bad);
      expect(loadWindowState(path)).toBeNull();
    }
    expect(loadWindowState(join(dir, 'missing.json'))).toBeNull();
  });

  it('a save that fails (a full disk) is reported, and the window keeps working', () => {
    const listeners = new Map<string, () => void>();
    const reported: unknown[] = [];
    const full = new Error('ENOSPC: no space left on device');
    const window = {
      on: (name: string, listener: () => void) => listeners.set(name, listener),
      getNormalBounds: () => ({ x: 0, y: 0, width: 1000, height: 700 }),
      isMaximized: () => false,
      isFullScreen: () => false,
    };
    trackWindowState(
      window,
      () => {
        throw full;
      },
      { onError: (error) => reported.push(error) },
    );
    expect(() => listeners.get('close')!()).not.toThrow();
    expect(reported).toEqual([full]);
    // With no one to report to, it is dropped: the window still closes.
    trackWindowState(window, () => {
      throw full;
    });
    expect(() => listeners.get('close')!()).not.toThrow();
  });

  it.each(['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'] as const)(
    'is saved a moment after the window is changed by %s',
    (event) => {
      vi.useFakeTimers();
      const saves: SavedWindowState[] = [];
      const listeners = new Map<string, () => void>();
      trackWindowState(
        {
          on: (name, listener) => listeners.set(name, listener),
          getNormalBounds: () => ({ x: 30, y: 40, width: 1000, height: 700 }),
          isMaximized: () => false,
          isFullScreen: () => false,
        },
        (state) => saves.push(state),
      );
      listeners.get(event)?.();
      vi.advanceTimersByTime(600);
      expect(saves).toHaveLength(1);
    },
  );
});

describe('native dialogs follow the theme', () => {
  it('maps Automatic to the system theme and applies light or dark as chosen', () => {
    expect([themeSource('auto'), themeSource('light'), themeSource('dark')]).toEqual([
      'system',
      'light',
      'dark',
    ]);
    const nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' };
    applyTheme(nativeTheme, 'dark');
    expect(nativeTheme.themeSource).toBe('dark');
    applyTheme(nativeTheme, 'auto');
    expect(nativeTheme.themeSource).toBe('system');
  });
});

describe('crash and hang recovery', () => {
  function rig(answers: RecoveryChoice[]) {
    const on = new Map<string, (...args: unknown[]) => void>();
    const asked: RecoveryKind[] = [];
    const signals: AbortSignal[] = [];
    const reloads: number[] = [];
    let quits = 0;
    const pending: Array<(choice: RecoveryChoice) => void> = [];
    const log = captureLog();
    attachCrashRecovery(
      {
        on: (event, listener) => on.set(event, listener),
        isDestroyed: () => false,
        webContents: {
          on: (event, listener) => on.set(event, listener as (...args: unknown[]) => void),
          reload: () => void reloads.push(1),
        },
      },
      {
        prompt: (kind, signal) => {
          asked.push(kind);
          signals.push(signal);
          const answer = answers.shift();
          return answer ? Promise.resolve(answer) : new Promise((resolve) => pending.push(resolve));
        },
        quit: () => void quits++,
        log: log.logger,
      },
    );
    return { on, asked, signals, reloads, quits: () => quits, pending, log };
  }
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('a crashed renderer gets a message with Reload, which reloads the window (not a blank one)', async () => {
    const r = rig(['reload']);
    r.on.get('render-process-gone')!({}, { reason: 'crashed', exitCode: 11 });
    await flush();
    expect(r.asked).toEqual(['crashed']);
    expect(r.reloads).toHaveLength(1);
    expect(r.log.lines.join('\n')).toMatch(/renderer gone.*crashed/);
  });

  it('Quit quits; a clean exit (the window closing) asks nothing', async () => {
    const r = rig(['quit']);
    r.on.get('render-process-gone')!({}, { reason: 'clean-exit', exitCode: 0 });
    await flush();
    expect(r.asked).toEqual([]);
    r.on.get('render-process-gone')!({}, { reason: 'oom', exitCode: 0 });
    await flush();
    expect(r.quits()).toBe(1);
    expect(r.reloads).toHaveLength(0);
  });

  it('a hang asks Wait or Reload once; the message closes itself when the window answers again', async () => {
    const r = rig([]);
    r.on.get('unresponsive')!();
    r.on.get('unresponsive')!();
    expect(r.asked).toEqual(['unresponsive']);
    r.on.get('responsive')!();
    expect(r.signals[0]!.aborted).toBe(true);
    r.pending[0]!('reload');
    await flush();
    expect(r.reloads).toHaveLength(0);
    // Next hang: Reload is honoured.
    r.on.get('unresponsive')!();
    r.pending[1]!('reload');
    await flush();
    expect(r.reloads).toHaveLength(1);
  });

  it('a crash while "not responding" is shown replaces that message', async () => {
    const r = rig([]);
    r.on.get('unresponsive')!();
    r.on.get('render-process-gone')!({}, { reason: 'killed', exitCode: 9 });
    expect(r.asked).toEqual(['unresponsive', 'crashed']);
    expect(r.signals[0]!.aborted).toBe(true);
    r.pending[1]!('reload');
    await flush();
    expect(r.reloads).toHaveLength(1);
  });
});

describe('closing the window with typed values', () => {
  it('lets the unload go ahead only when the person chooses Close anyway', () => {
    let listener: ((event: { preventDefault(): void }) => void) | undefined;
    let answer = false;
    confirmBeforeLosingTypedValues({ on: (_e, l) => (listener = l) }, () => answer);
    const event = { preventDefault: vi.fn() };
    listener!(event);
    expect(event.preventDefault).not.toHaveBeenCalled();
    answer = true;
    listener!(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });
});

describe('the secret clipboard', () => {
  it('marks a copied secret for clipboard history and cloud clipboards to skip, per OS', async () => {
    const windows = concealedMarkers('win32');
    expect(Object.keys(windows).sort()).toEqual([
      'electron application/osclipboard;format="CanIncludeInClipboardHistory"',
      'electron application/osclipboard;format="CanUploadToCloudClipboard"',
      'electron application/osclipboard;format="ExcludeClipboardContentFromMonitorProcessing"',
    ]);
    for (const value of Object.values(windows)) {
      expect(new Uint8Array(await (value as Blob).arrayBuffer())).toEqual(new Uint8Array([0, 0, 0, 0]));
    }
    expect(concealedMarkers('darwin')).toEqual({
      'electron application/osclipboard;format="org.nspasteboard.ConcealedType"': '',
    });
    expect(concealedMarkers('linux')).toEqual({
      'electron application/osclipboard;format="x-kde-passwordManagerHint"': 'secret',
    });
  });

  it('writes the secret and its markers in one item (one atomic write), and falls back to plain text', async () => {
    const writes: Array<Record<string, unknown>> = [];
    const texts: string[] = [];
    let refuse = false;
    const refused: unknown[] = [];
    const clipboard = createSecretClipboard(
      {
        write: async (items: Array<Record<string, unknown>>) => {
          if (refuse) throw new Error('format refused');
          writes.push(...items);
        },
        writeText: async (text) => void texts.push(text),
        readText: async () => 'current',
        clear: () => undefined,
      },
      (formats) => formats,
      'darwin',
      (error) => refused.push(error),
    );
    await clipboard.writeSecret('rt-CANARY');
    expect(writes).toEqual([
      {
        'text/plain': 'rt-CANARY',
        'electron application/osclipboard;format="org.nspasteboard.ConcealedType"': '',
      },
    ]);
    refuse = true;
    await clipboard.writeSecret('rt-2');
    expect(texts).toEqual(['rt-2']);
    expect(refused).toHaveLength(1);
    expect(await clipboard.readText()).toBe('current');
  });
});

describe('work before quitting', () => {
  function fakeApp() {
    let listener: ((event: { preventDefault(): void }) => void) | undefined;
    const app = {
      quits: 0,
      on: (_e: 'will-quit', l: (event: { preventDefault(): void }) => void) => void (listener = l),
      quit: () => {
        app.quits++;
        const event = { preventDefault: vi.fn() };
        listener!(event);
        return event;
      },
    };
    return app;
  }

  it('holds the first quit until the clean-up is done, then quits and runs exit once', async () => {
    const app = fakeApp();
    const order: string[] = [];
    let finish: (() => void) | undefined;
    runBeforeQuit(app, {
      before: () => new Promise<void>((resolve) => (finish = () => (order.push('before'), resolve()))),
      exit: () => void order.push('exit'),
    });
    const first = app.quit();
    expect(first.preventDefault).toHaveBeenCalled();
    expect(app.quit().preventDefault).toHaveBeenCalled(); // a second quit while waiting is held too
    await vi.waitFor(() => expect(finish).toBeDefined());
    expect(order).toEqual([]);
    finish!();
    await vi.waitFor(() => expect(order).toEqual(['before', 'exit']));
    expect(app.quits).toBe(3);
  });

  it('never holds the quit longer than its timeout', async () => {
    vi.useFakeTimers();
    const app = fakeApp();
    const exit = vi.fn();
    runBeforeQuit(app, { before: () => new Promise(() => undefined), exit }, 1500);
    app.quit();
    await vi.advanceTimersByTimeAsync(1500);
    expect(exit).toHaveBeenCalledOnce();
  });
});
