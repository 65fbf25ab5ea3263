import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/**
 * Below the ephemeral ranges (Linux 32768–60999, macOS and Windows 49152–65535): a port the system
 * hands out for "port 0" is also one it may give a client socket later, so a fixed port taken from
 * there can be in use by the time the listener opens on it.
 */
const FIXED_PORTS = { from: 20_000, to: 32_000 };

const listens = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port }, () => server.close(() => resolve(true)));
  });

/** Handed out already, maybe not listened on yet: never the same one twice in a process. */
const given = new Set<number>();

/** A free port on 127.0.0.1 for the loopback listener (settings need a fixed one). */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = randomInt(FIXED_PORTS.from, FIXED_PORTS.to);
    if (given.has(port) || !(await listens(port))) continue;
    given.add(port);
    return port;
  }
  throw new Error(`No free port between ${FIXED_PORTS.from} and ${FIXED_PORTS.to} on 127.0.0.1`);
}
