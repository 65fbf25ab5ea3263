import { useCallback, useEffect, useRef, useState } from 'react';

import type { IpcResult } from '@shared/ipc/errors';
import type { ConnectionSummary } from '@shared/ipc/schemas';
import { api, callApi } from '../../api';
import type { ApiQuery } from '../../use-api-query';

/**
 * The linked companies. Unlike useApiQuery, asking again keeps the current list on
 * screen until the new one arrives, and single rows can be replaced or removed
 * with what main answered, so an action never blanks the table.
 */
export function useConnections() {
  const [query, setQuery] = useState<ApiQuery<ConnectionSummary[]>>({ status: 'loading' });
  const latest = useRef(0);

  /** Asks main for the list; an answer overtaken by a newer request is dropped. */
  const reload = useCallback(async (): Promise<IpcResult<ConnectionSummary[]>> => {
    const request = ++latest.current;
    const result = await callApi(() => api().listConnections());
    if (request === latest.current) setQuery({ status: 'done', result });
    return result;
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const update = useCallback((change: (list: ConnectionSummary[]) => ConnectionSummary[]) => {
    setQuery((current) =>
      current.status === 'done' && current.result.ok
        ? { status: 'done', result: { ok: true, value: change(current.result.value) } }
        : current,
    );
  }, []);

  const replace = useCallback(
    (connection: ConnectionSummary) =>
      update((list) => list.map((c) => (c.id === connection.id ? connection : c))),
    [update],
  );
  const remove = useCallback((id: string) => update((list) => list.filter((c) => c.id !== id)), [update]);

  return { query, reload, replace, remove };
}
