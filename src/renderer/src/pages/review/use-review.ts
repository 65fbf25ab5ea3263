import { useCallback, useEffect, useRef, useState } from 'react';

import type { Review } from '@shared/ipc/schemas';
import { api, callApi } from '../../api';
import type { ApiQuery } from '../../use-api-query';

/** While main is still checking the keychain, the review is asked for again this often (at most 30 times). */
const KEYCHAIN_RECHECK_MS = 1000;
const MAX_KEYCHAIN_RECHECKS = 30;

/** User Timing mark set when the review arrives (the benchmark measures the table's first render from it). */
export const REVIEW_DATA_MARK = 'desk-review-data';

/**
 * The review, from main. Asking again (after a repair) keeps the current one on
 * screen until the new one arrives; an answer overtaken by a newer request is dropped.
 */
export function useReview() {
  const [query, setQuery] = useState<ApiQuery<Review>>({ status: 'loading' });
  const latest = useRef(0);
  const rechecks = useRef(0);

  const reload = useCallback(async () => {
    const request = ++latest.current;
    const result = await callApi(() => api().getReview());
    if (request !== latest.current) return;
    performance.mark(REVIEW_DATA_MARK);
    setQuery({ status: 'done', result });
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  // Missing secrets are only known once the keychain check has ended: ask again until it has.
  const checking = query.status === 'done' && query.result.ok && query.result.value.keychain === 'checking';
  useEffect(() => {
    if (!checking || rechecks.current >= MAX_KEYCHAIN_RECHECKS) return;
    const timer = setTimeout(() => {
      rechecks.current += 1;
      void reload();
    }, KEYCHAIN_RECHECK_MS);
    return () => clearTimeout(timer);
  }, [checking, query, reload]);

  const retry = useCallback(() => {
    setQuery({ status: 'loading' });
    void reload();
  }, [reload]);

  return { query, reload, retry };
}
