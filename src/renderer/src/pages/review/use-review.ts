import { useCallback, useEffect, useRef, useState } from 'react';

import type { Review } from '@shared/ipc/schemas';
import { api, callApi } from '../../api';
import type { ApiQuery } from '../../use-api-query';

/** User Timing mark set when the review arrives (the benchmark measures the table's first render from it). */
export const REVIEW_DATA_MARK = 'desk-review-data';

/**
 * The review, from main. Asking again (after a repair) keeps the current one on
 * screen until the new one arrives; an answer overtaken by a newer request is dropped.
 */
export function useReview() {
  const [query, setQuery] = useState<ApiQuery<Review>>({ status: 'loading' });
  const latest = useRef(0);

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

  const retry = useCallback(() => {
    setQuery({ status: 'loading' });
    void reload();
  }, [reload]);

  return { query, reload, retry };
}
