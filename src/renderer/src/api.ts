import type { DeskApi } from '@shared/ipc/api';
import { ipcError, type IpcResult } from '@shared/ipc/errors';

declare global {
  interface Window {
    /** Exposed by the Electron preload, or by the test harness in a browser. */
    api: DeskApi;
  }
}

export function api(): DeskApi {
  return window.api;
}

/**
 * Runs one bridge call. The bridge answers failures as results, but a rejected
 * promise (a broken bridge) must not leave the UI waiting forever: it becomes
 * the INTERNAL error like any other failure.
 */
export async function callApi<T>(call: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    return await call();
  } catch {
    return { ok: false, error: ipcError('INTERNAL') };
  }
}
