import { EventEmitter } from 'node:events';

import { withFallback, type RecordCall } from './permissive';

type Handler = (...args: never[]) => unknown;

/** A web contents as the stand-in models it (an EventEmitter with the members main uses). */
export interface StandInContents extends EventEmitter {
  readonly id: number;
  windowOpenHandler: Handler | undefined;
  readonly loadedUrls: string[];
}

export interface StandInWindowLike extends EventEmitter {
  readonly webContents: StandInContents;
  minimized: boolean;
  close(): void;
}

/**
 * BrowserWindow and its webContents for the recording stand-in (recording-electron.ts): what main's
 * window code and the boot test use, recorded; any other method falls back to a permissive recorder.
 */
export function createStandInWindows(options: {
  record: RecordCall;
  appEmitter: EventEmitter;
  pageEvaluator: () => ((code: string) => Promise<unknown>) | undefined;
}): { BrowserWindow: unknown; windows: StandInWindowLike[] } {
  const { record, appEmitter } = options;
  const windows: StandInWindowLike[] = [];
  let nextContentsId = 1;
  class StandInWebContents extends EventEmitter {
    readonly id = nextContentsId++;
    windowOpenHandler: Handler | undefined;
    readonly loadedUrls: string[] = [];
    setWindowOpenHandler(handler: Handler) {
      record('webContents.setWindowOpenHandler', [handler]);
      this.windowOpenHandler = handler;
    }
    loadURL(url: string) {
      record('webContents.loadURL', [url]);
      this.loadedUrls.push(url);
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    isLoading() {
      return false;
    }
    /** Runs page code through the evaluator a test installed (the built preload's window.api). */
    executeJavaScript(code: string) {
      record('webContents.executeJavaScript', []);
      const evaluate = options.pageEvaluator();
      return evaluate ? evaluate(code) : Promise.reject(new Error('no page in the stand-in'));
    }
    getURL() {
      return this.loadedUrls.at(-1) ?? '';
    }
  }

  class StandInWindow extends EventEmitter {
    readonly webContents: StandInWebContents;
    readonly options: Record<string, unknown>;
    minimized = false;
    destroyed = false;
    bounds = { x: 0, y: 0, width: 800, height: 600 };
    constructor(constructorOptions: Record<string, unknown> = {}) {
      super();
      record('new BrowserWindow', [constructorOptions]);
      this.options = constructorOptions;
      this.bounds = {
        x: Number(constructorOptions['x'] ?? 0),
        y: Number(constructorOptions['y'] ?? 0),
        width: Number(constructorOptions['width'] ?? 800),
        height: Number(constructorOptions['height'] ?? 600),
      };
      this.webContents = withFallback(new StandInWebContents(), 'webContents', record);
      // The app only ever sees the wrapped window, so unmodelled methods work on it everywhere.
      const wrapped = withFallback(this, 'BrowserWindow#instance', record);
      windows.push(wrapped);
      return wrapped;
    }
    loadURL(url: string) {
      return this.webContents.loadURL(url);
    }
    show() {
      record('window.show', []);
    }
    focus() {
      record('window.focus', []);
    }
    restore() {
      record('window.restore', []);
      this.minimized = false;
    }
    isMinimized() {
      return this.minimized;
    }
    isMaximized() {
      return false;
    }
    isFullScreen() {
      return false;
    }
    isVisible() {
      return true;
    }
    isDestroyed() {
      return this.destroyed;
    }
    getBounds() {
      return { ...this.bounds };
    }
    getNormalBounds() {
      return { ...this.bounds };
    }
    setBounds(bounds: Partial<typeof this.bounds>) {
      this.bounds = { ...this.bounds, ...bounds };
    }
    close() {
      record('window.close', []);
      this.emit('close', { preventDefault: () => undefined });
      this.destroyed = true;
      windows.splice(windows.indexOf(this), 1);
      this.emit('closed');
      if (windows.length === 0) appEmitter.emit('window-all-closed');
    }
    static getAllWindows() {
      return [...windows];
    }
    static getFocusedWindow() {
      return windows[0] ?? null;
    }
    static fromWebContents(contents: unknown) {
      return windows.find((w) => w.webContents === contents) ?? null;
    }
  }

  return { BrowserWindow: StandInWindow, windows };
}
