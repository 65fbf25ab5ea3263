import { describe, expect, it } from 'vitest';

import { pageOf } from '../../src/renderer/src/pages/connections/page-of';

const list = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('one page of a long list', () => {
  it('cuts the list into pages of the given size, the last one shorter', () => {
    expect(pageOf(list(120), 1, 50)).toEqual({ pages: 3, current: 1, items: list(50), first: 1, last: 50 });
    expect(pageOf(list(120), 2, 50)).toMatchObject({ current: 2, first: 51, last: 100 });
    expect(pageOf(list(120), 2, 50).items).toEqual(list(100).slice(50));
    expect(pageOf(list(120), 3, 50)).toEqual({
      pages: 3,
      current: 3,
      items: [
        101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120,
      ],
      first: 101,
      last: 120,
    });
  });

  it('has exactly as many pages as it needs', () => {
    expect(pageOf(list(100), 1, 50).pages).toBe(2);
    expect(pageOf(list(101), 1, 50).pages).toBe(3);
    expect(pageOf(list(50), 1, 50).pages).toBe(1);
    expect(pageOf(list(1), 1, 50)).toEqual({ pages: 1, current: 1, items: [1], first: 1, last: 1 });
  });

  it('shows the last page, not an empty one, when the list shrank under the page asked for', () => {
    expect(pageOf(list(60), 3, 50)).toEqual({
      pages: 2,
      current: 2,
      items: list(60).slice(50),
      first: 51,
      last: 60,
    });
    expect(pageOf(list(60), 0, 50)).toMatchObject({ current: 1, first: 1, last: 50 });
  });

  it('an empty list is one empty page', () => {
    expect(pageOf([], 4, 50)).toEqual({ pages: 1, current: 1, items: [], first: 1, last: 0 });
  });
});
