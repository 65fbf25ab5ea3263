import { useRef, useState } from 'react';

import type { IpcError, IpcResult } from '@shared/ipc/errors';
import { callApi } from './api';

export interface ApiAction<Args extends unknown[], T> {
  /** A call is under way: buttons show it, and a second run is refused until it ends. */
  working: boolean;
  /** The last call's failure, for an <ErrorAlert>; cleared when the next call starts. */
  error: IpcError | null;
  /** Calls main once; `null` when a call is already under way (a double click sends nothing). */
  run: (...args: Args) => Promise<IpcResult<T> | null>;
  clearError: () => void;
}

interface ApiActionOptions {
  /** Failures the caller says in its own way (a field's error, a question): not kept in `error`. */
  handlesItself?: (error: IpcError) => boolean;
}

/**
 * One way for a screen to ask main to do something: the working flag, the
 * failure to show, and a guard against sending twice. Reads go through
 * useApiQuery instead.
 */
export function useApiAction<Args extends unknown[], T>(
  call: (...args: Args) => Promise<IpcResult<T>>,
  { handlesItself }: ApiActionOptions = {},
): ApiAction<Args, T> {
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  // State would only change on the next render: a ref refuses a second click in the same one.
  const busy = useRef(false);
  async function run(...args: Args) {
    if (busy.current) return null;
    busy.current = true;
    setWorking(true);
    setError(null);
    const result = await callApi(() => call(...args));
    busy.current = false;
    setWorking(false);
    if (!result.ok && !handlesItself?.(result.error)) setError(result.error);
    return result;
  }

  const clearError = () => setError(null);
  return { working, error, run, clearError };
}
