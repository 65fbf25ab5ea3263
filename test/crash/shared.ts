import type { ProviderEndpoints } from '../../src/main/platforms/endpoints';

/** What the crash harness hands each worker it starts. */
export interface WorkerConfig {
  dataDir: string;
  service: string;
  endpoints: ProviderEndpoints;
  port: number;
  apps: Record<'sage' | 'zohobooks', { clientId: string; clientSecret: string }>;
  clearBooksKey: string;
  seed: number;
}

/** The secret the harness always pairs with a FreshBooks client ID, so a torn pair shows. */
export const secretFor = (clientId: string) => `secret-of-${clientId}`;

/** mulberry32: a small seeded generator, so a run can be repeated from its printed seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
