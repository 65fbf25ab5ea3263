import { Agent, fetch as undiciFetch } from 'undici';

/**
 * A fetch that trusts one extra certificate (a fake provider's self-signed
 * one) and nothing else is relaxed: certificate checks stay on. Production
 * code uses the platform's fetch; tests inject this.
 */
export function fetchTrusting(ca: string): typeof fetch {
  const dispatcher = new Agent({ connect: { ca } });
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as never, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}
