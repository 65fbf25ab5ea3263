import { lazy, type ComponentType } from 'react';

/**
 * A screen or dialog fetched when first shown, together with the Mantine CSS that only later
 * screens use (kept out of the first screen's stylesheet; the browser fetches it once).
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(() =>
    Promise.all([import('./styles/later-screens'), load()]).then(([, component]) => ({ default: component })),
  );
}
