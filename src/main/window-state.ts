import { readFileSync, renameSync, writeFileSync } from 'node:fs';

import { z } from '@shared/ipc/zod';

/**
 * The window's size and position, remembered between runs in a small JSON file in the
 * user-data folder, and restored only where it can be seen: a window saved on a display that is
 * gone (a laptop undocked, a monitor unplugged) comes back at its default size, centred by the
 * OS, instead of opening off-screen.
 */
export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WINDOW_STATE_FILE = 'window-state.json';

const coordinate = z.number().int().min(-100_000).max(100_000);
const length = z.number().int().min(1).max(100_000);
const savedStateSchema = z.object({
  bounds: z.object({ x: coordinate, y: coordinate, width: length, height: length }),
  maximized: z.boolean(),
  fullScreen: z.boolean(),
});
export type SavedWindowState = z.infer<typeof savedStateSchema>;

/** What the window opens with: bounds (position only when it is safe), and whether to maximise. */
export interface RestoredWindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
  fullScreen: boolean;
}

export interface WindowSizes {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/** How much of the saved window's top edge (where it is dragged from) must be on a display. */
const GRIP = { height: 32, width: 120 };

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Chooses where the window opens. `displays` are the work areas of the displays connected now
 * (Electron's `screen.getAllDisplays()`). Saved bounds are used when the window's top strip is
 * on one of them, shrunk to fit that display; otherwise the default size opens centred.
 */
export function restoreWindowState(
  saved: SavedWindowState | null,
  displays: readonly Rectangle[],
  sizes: WindowSizes,
): RestoredWindowState {
  const fallback = { width: sizes.width, height: sizes.height, maximized: false, fullScreen: false };
  if (!saved) return fallback;
  const { bounds } = saved;
  const topStrip = {
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: Math.min(GRIP.height, bounds.height),
  };
  const display = displays.find((area) => {
    const shared = overlap(topStrip, area);
    return (
      shared.height >= Math.min(GRIP.height, bounds.height) &&
      shared.width >= Math.min(GRIP.width, bounds.width)
    );
  });
  if (!display) return { ...fallback, maximized: saved.maximized };
  const width = Math.max(sizes.minWidth, Math.min(bounds.width, display.width));
  const height = Math.max(sizes.minHeight, Math.min(bounds.height, display.height));
  return {
    // Keep the whole (possibly shrunk) window on that display.
    x: Math.min(Math.max(bounds.x, display.x), display.x + Math.max(0, display.width - width)),
    y: Math.min(Math.max(bounds.y, display.y), display.y + Math.max(0, display.height - height)),
    width,
    height,
    maximized: saved.maximized,
    fullScreen: saved.fullScreen,
  };
}

/** Reads the saved state; a missing, unreadable or implausible file counts as none. */
export function loadWindowState(path: string): SavedWindowState | null {
  try {
    const parsed = savedStateSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes the state atomically (a temporary file renamed over the old one), readable by the user only. */
export function saveWindowState(path: string, state: SavedWindowState): void {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, JSON.stringify(state), { encoding: 'utf8', mode: 0o600 });
  renameSync(temporary, path);
}

/** The parts of a BrowserWindow the tracker reads (structural, so tests need no Electron). */
export interface TrackedWindow {
  on(
    event:
      'resize' | 'move' | 'maximize' | 'unmaximize' | 'enter-full-screen' | 'leave-full-screen' | 'close',
    listener: () => void,
  ): unknown;
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  isFullScreen(): boolean;
}

/**
 * Saves the window's state a moment after it stops moving or resizing, and once more when it
 * closes. The normal (restored) bounds are saved, so a maximised window un-maximises to where
 * it was.
 */
export function trackWindowState(
  window: TrackedWindow,
  save: (state: SavedWindowState) => void,
  options: { delayMs?: number; onError?: (error: unknown) => void } = {},
): void {
  let timer: NodeJS.Timeout | undefined;
  const saveNow = () => {
    clearTimeout(timer);
    timer = undefined;
    try {
      save({
        bounds: window.getNormalBounds(),
        maximized: window.isMaximized(),
        fullScreen: window.isFullScreen(),
      });
    } catch (error) {
      options.onError?.(error);
    }
  };
  const saveSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(saveNow, options.delayMs ?? 500);
    timer.unref?.();
  };
  for (const event of [
    'resize',
    'move',
    'maximize',
    'unmaximize',
    'enter-full-screen',
    'leave-full-screen',
  ] satisfies Parameters<TrackedWindow['on']>[0][])
    window.on(event, saveSoon);
  window.on('close', saveNow);
}
