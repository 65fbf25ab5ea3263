import { useCallback, useEffect, useRef, useState } from 'react';

import type { IpcResult } from '@shared/ipc/errors';
import { callApi } from './api';
import { settledValue } from './settled';

export type ApiQuery<T> = { status: 'loading' } | { status: 'done'; result: IpcResult<T> };

/**
 * Loads once per `load` identity (wrap it in useCallback) and on `reload`.
 * A late answer for an earlier load is dropped, so it cannot overwrite a newer one.
 * `initial`, a call already under way, stands in for the first load only: reload asks again.
 * If it has already been answered (see settled.ts), the first render shows the answer directly.
 */
export function useApiQuery<T>(
  load: () => Promise<IpcResult<T>>,
  initial?: Promise<IpcResult<T>>,
): ApiQuery<T> & { reload: () => void } {
  const [query, setQuery] = useState<ApiQuery<T>>(() => {
    const answered = settledValue(initial);
    return answered ? { status: 'done', result: answered.value } : { status: 'loading' };
  });
  const [attempt, setAttempt] = useState(0);
  // Whether the first render already showed the answer. Asked once: the call may settle between
  // that render and the effect, and then the effect must still take its answer.
  const answeredAtFirstRender = useRef(query.status === 'done');

  useEffect(() => {
    // Already shown from the first render: setting it again would only render twice.
    if (attempt === 0 && answeredAtFirstRender.current) return;
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
