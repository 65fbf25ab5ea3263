/**
 * One page of a long list: its items and what the pager shows. `page` is 1-based and is clamped
 * to the pages there are, so a list that shrank (a filter, a disconnection) shows its last page,
 * never an empty one.
 */
export function pageOf<T>(items: readonly T[], page: number, size: number) {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(1, page), pages);
  const start = (current - 1) * size;
  const end = Math.min(start + size, items.length);
  return { pages, current, items: items.slice(start, end), first: start + 1, last: end };
}
