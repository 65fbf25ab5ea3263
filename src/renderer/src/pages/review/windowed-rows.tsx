import { useCallback, useEffect, useLayoutEffect, useRef, useState, type UIEvent } from 'react';

/**
 * Windowing for a long table of fixed-height rows: only the rows in view, plus
 * `overscan` on each side, are rendered; spacer rows keep the scroll height true.
 * `containerRef` and `onScroll` go on the scroll container; `headerPx` is its sticky
 * header's height and `estimatePx` its height until measured (its CSS max-height).
 * The first frame draws the rows on screen only (one position is read, before the rows are in):
 * the rest of the box and the overscan follow in the next task, after the first frame.
 */
export function useWindowedRows(
  count: number,
  rowPx: number,
  headerPx: number,
  estimatePx: number,
  overscan = 4,
) {
  const containerRef = useRef<HTMLDivElement>(null);
  // The first row in view, not the pixel offset: scrolling within a row renders nothing.
  const [firstInView, setFirst] = useState(0);
  const first = useRef(0);
  // Rows on screen; null until the container's place on the page is known (the layout effect below).
  const [visible, setVisible] = useState<number | null>(null);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setDrawn(true), 0);
    return () => clearTimeout(timer);
  }, []);
  const extra = drawn ? overscan : 0;

  const setFirstInView = useCallback((index: number) => {
    first.current = index;
    setFirst(index);
  }, []);

  // The table often starts low on the page, below its summary and filters: its first frame draws
  // the rows that are on screen, not all those its box would show once scrolled to. Measured
  // before the first paint, on a layout the table's rows are not yet part of.
  useLayoutEffect(() => {
    const element = containerRef.current;
    if (!element || visible !== null) return;
    const onScreen =
      Math.min(estimatePx, window.innerHeight - element.getBoundingClientRect().top) - headerPx;
    setVisible(Math.max(1, Math.ceil(onScreen / rowPx)));
  }, [visible, estimatePx, headerPx, rowPx]);

  useLayoutEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    // The observer reports after layout, so measuring costs no extra layout.
    const observer = new ResizeObserver(([entry]) => {
      const height = entry?.contentRect.height ?? 0;
      if (height > 0) setVisible(Math.ceil(height / rowPx));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [rowPx]);

  const onScroll = useCallback(
    (event: UIEvent<HTMLElement>) => setFirstInView(Math.floor(event.currentTarget.scrollTop / rowPx)),
    [rowPx, setFirstInView],
  );

  /** Scrolls the least needed to show row `index` below the sticky header. */
  const scrollToIndex = useCallback(
    (index: number) => {
      const element = containerRef.current;
      if (!element) return;
      const top = index * rowPx;
      const height = element.clientHeight || estimatePx;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + rowPx + headerPx > element.scrollTop + height)
        element.scrollTop = top + rowPx + headerPx - height;
      setFirstInView(Math.floor(element.scrollTop / rowPx));
    },
    [rowPx, headerPx, estimatePx, setFirstInView],
  );

  /** Back to the first row (after a new filter or sort); touches the DOM only when scrolled. */
  const scrollToTop = useCallback(() => {
    if (first.current === 0 || !containerRef.current) return;
    containerRef.current.scrollTop = 0;
    setFirstInView(0);
  }, [setFirstInView]);

  // A shorter list than the last scroll position (after filtering): show its end, not nothing.
  const inView = visible ?? 0;
  const start = Math.max(0, Math.min(firstInView, count - inView) - extra);
  const end = Math.min(count, firstInView + inView + extra);
  return {
    containerRef,
    onScroll,
    scrollToIndex,
    scrollToTop,
    first: start,
    last: end,
    padTop: start * rowPx,
    padBottom: (count - end) * rowPx,
  };
}

/** Stands in for the rows that are not rendered; hidden from assistive technology. */
export function SpacerRow({ height, columns }: { height: number; columns: number }) {
  if (height <= 0) return null;
  return (
    <tr aria-hidden="true" className="review-spacer">
      <td colSpan={columns} style={{ height }} />
    </tr>
  );
}
