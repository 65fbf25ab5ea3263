import { useRef, useState } from 'react';

import type { IpcError, IpcResult } from '@shared/ipc/errors';
import type { IntegrationSummary } from '@shared/ipc/schemas';
import type { PlatformId } from '@shared/platforms';
import { api, callApi } from '../../api';
import { useApiQuery } from '../../use-api-query';

const listIntegrations = () => api().listIntegrations();

/**
 * The integration list with optimistic enable/disable: the switch moves at
 * once and moves back if main refuses, with the refusal kept per platform.
 * `initialList` is the list asked for at start-up, used instead of a first call.
 */
export function useIntegrations(initialList?: Promise<IpcResult<IntegrationSummary[]>>) {
  const query = useApiQuery(listIntegrations, initialList);
  const [changed, setChanged] = useState<Partial<Record<PlatformId, IntegrationSummary>>>({});
  const [errors, setErrors] = useState<Partial<Record<PlatformId, IpcError>>>({});
  const inFlight = useRef(new Set<PlatformId>());

  const listed = query.status === 'done' && query.result.ok ? query.result.value : null;
  const summaries = listed?.map((summary) => changed[summary.platform] ?? summary) ?? null;

  async function setEnabled(summary: IntegrationSummary, enabled: boolean): Promise<void> {
    const { platform } = summary;
    // One request per platform at a time, so answers cannot arrive out of order.
    if (inFlight.current.has(platform)) return;
    inFlight.current.add(platform);
    setErrors(({ [platform]: _cleared, ...others }) => others);
    setChanged((current) => ({ ...current, [platform]: { ...summary, enabled } }));

    const result = await callApi(() => api().setIntegrationEnabled({ platform, enabled }));
    inFlight.current.delete(platform);
    setChanged((current) => ({ ...current, [platform]: result.ok ? result.value : summary }));
    if (!result.ok) setErrors((current) => ({ ...current, [platform]: result.error }));
  }

  /** Asks main for the list again without blanking it (after the set-up dialog changed something). */
  async function refresh(): Promise<void> {
    const result = await callApi(() => api().listIntegrations());
    if (!result.ok) return;
    setChanged(Object.fromEntries(result.value.map((summary) => [summary.platform, summary])));
    setErrors({});
  }

  return {
    refresh,
    loading: query.status === 'loading',
    loadError: query.status === 'done' && !query.result.ok ? query.result.error : null,
    reload: query.reload,
    summaries,
    errors,
    setEnabled,
  };
}
