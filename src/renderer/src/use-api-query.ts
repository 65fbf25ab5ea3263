import { useCallback, useEffect, useState } from 'react';

import type { IpcResult } from '@shared/ipc/errors';
import { callApi } from './api';

export type ApiQuery<T> = { status: 'loading' } | { status: 'done'; result: IpcResult<T> };

/**
 * Loads once per `load` identity (wrap it in useCallback) and on `reload`.
 * A late answer for an earlier load is dropped, so it cannot overwrite a newer one.
 * `initial`, a call already under way, stands in for the first load only: reload asks again.
 */
export function useApiQuery<T>(
  load: () => Promise<IpcResult<T>>,
  initial?: Promise<IpcResult<T>>,
): ApiQuery<T> & { reload: () => void } {
  const [query, setQuery] = useState<ApiQuery<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    const pending = attempt === 0 && initial ? initial : callApi(load);
    void pending.then((result) => {
      if (current) setQuery({ status: 'done', result });
    });
    return () => {
      current = false;
    };
  }, [load, attempt, initial]);

  const reload = useCallback(() => {
    setQuery({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  return { ...query, reload };
}
