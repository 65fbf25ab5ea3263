import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runInNewContext } from 'node:vm';

import { builtPreload } from './built-app';
import type { RecordingElectron } from './recording-electron';

/** The page's document as the preload sees it before the HTML is parsed; `parsed()` moves it on. */
export interface StandInDocument {
  readyState: 'loading' | 'interactive';
  addEventListener(type: string, listener: () => void): void;
  parsed(): void;
}

export function createStandInDocument(): StandInDocument {
  const listeners: (() => void)[] = [];
  const document: StandInDocument = {
    readyState: 'loading',
    addEventListener: (type, listener) => {
      if (type === 'readystatechange') listeners.push(listener);
    },
    parsed: () => {
      document.readyState = 'interactive';
      for (const listener of listeners.splice(0)) listener();
    },
  };
  return document;
}

/**
 * Runs the BUILT preload as a sandboxed renderer would: in an empty V8 context whose `require` knows
 * only 'electron' (https://www.electronjs.org/docs/latest/tutorial/sandbox#preload-scripts), here the
 * recording stand-in, with the page's `document` still loading. Returns every module it asked for,
 * any error it threw while loading, the context's globals and the document.
 */
export function loadBuiltPreload(stand: RecordingElectron): {
  source: string;
  required: string[];
  error: unknown;
  globals: Record<string, unknown>;
  document: StandInDocument;
} {
  const source = readFileSync(builtPreload, 'utf8');
  const required: string[] = [];
  const sandboxedRequire = (id: string) => {
    required.push(id);
    if (id === 'electron') return stand.electron;
    throw new Error(`Cannot find module '${id}' (a sandboxed preload can only require 'electron')`);
  };
  const module = { exports: {} };
  const document = createStandInDocument();
  const globals: Record<string, unknown> = { document };
  try {
    const wrapper = runInNewContext(
      `(function (exports, require, module, __filename, __dirname) {\n${source}\n})`,
      globals,
      { filename: builtPreload },
    ) as (...args: unknown[]) => void;
    wrapper(module.exports, sandboxedRequire, module, builtPreload, dirname(builtPreload));
    return { source, required, error: undefined, globals, document };
  } catch (error) {
    return { source, required, error, globals, document };
  }
}

/**
 * Lets main's webContents.executeJavaScript run code against the page's side of the bridge: a
 * `window` holding only what the preload exposed (no require, no process), as in the real renderer.
 */
export function pageEvaluator(stand: RecordingElectron): (code: string) => Promise<unknown> {
  return async (code) => {
    const window: Record<string, unknown> = Object.fromEntries(stand.exposed);
    return (await runInNewContext(code, { window })) as unknown;
  };
}
