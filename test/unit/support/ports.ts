import { createServer } from 'node:net';

/** A free port on 127.0.0.1 for the loopback listener (settings need a fixed one). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen({ host: '127.0.0.1', port: 0 }, ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}
