/**
 * Bounds shared by every schema so nothing unbounded crosses the bridge. Kept free of zod so the
 * renderer can size its inputs without bundling the schema library.
 */
export const MAX_SHORT_TEXT = 200;
export const MAX_LONG_TEXT = 4096;
