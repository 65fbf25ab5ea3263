import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runInNewContext } from 'node:vm';

import { builtPreload } from './built-app';
import type { RecordingElectron } from './recording-electron';

/**
 * Runs the BUILT preload as a sandboxed renderer would: in an empty V8 context whose `require` knows
 * only 'electron' (https://www.electronjs.org/docs/latest/tutorial/sandbox#preload-scripts), here the
 * recording stand-in. Returns every module it asked for and any error it threw while loading.
 */
export function loadBuiltPreload(stand: RecordingElectron): {
  source: string;
  required: string[];
  error: unknown;
} {
  const source = readFileSync(builtPreload, 'utf8');
  const required: string[] = [];
  const sandboxedRequire = (id: string) => {
    required.push(id);
    if (id === 'electron') return stand.electron;
    throw new Error(`Cannot find module '${id}' (a sandboxed preload can only require 'electron')`);
  };
  const module = { exports: {} };
  try {
    const wrapper = runInNewContext(
      `(function (exports, require, module, __filename, __dirname) {\n${source}\n})`,
      {},
      { filename: builtPreload },
    ) as (...args: unknown[]) => void;
    wrapper(module.exports, sandboxedRequire, module, builtPreload, dirname(builtPreload));
    return { source, required, error: undefined };
  } catch (error) {
    return { source, required, error };
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
