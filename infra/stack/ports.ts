import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The lowest port the system hands out for outgoing connections and `listen(0)` (Linux reads it
 * from /proc; elsewhere the IANA default). Ports below it are never taken by a connection on its
 * own, so a port picked there stays free until somebody listens on it.
 */
function ephemeralPortFloor(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 12_000 ? low : 49_152;
  } catch {
    return 49_152;
  }
}

const PORT_RANGE_LOW = 10_000;

/** Why `port` cannot be listened on right now (on the loopback interface, where we listen); undefined when it can. */
export function listenError(port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(undefined)));
  });
}

/** Whether something listens on `port` already (on the loopback interface). */
export async function inUse(port: number): Promise<boolean> {
  return (await listenError(port))?.code === 'EADDRINUSE';
}

/**
 * A port nobody listens on right now (on the loopback interface), picked at random below the
 * ephemeral range: `listen(0)` would hand out a port that the next outgoing connection, or another
 * test run on the same machine, may take before our server binds it.
 */
export async function freePort(): Promise<number> {
  const high = ephemeralPortFloor();
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = PORT_RANGE_LOW + Math.floor(Math.random() * (high - PORT_RANGE_LOW));
    if (!(await listenError(port))) return port;
  }
  throw new Error(`no free port found between ${PORT_RANGE_LOW} and ${high} after 200 tries`);
}

export const DEV_PORT_SETTINGS = ['PORT', 'DEV_POSTGRES_PORT', 'DEV_TEMPORAL_PORT', 'DEV_TEMPORAL_UI_PORT', 'DEV_TEMPORAL_HTTP_PORT', 'DEV_TEMPORAL_METRICS_PORT', 'DEV_SMTP_PORT', 'DEV_MAILBOX_PORT'] as const;
export type DevPorts = Record<(typeof DEV_PORT_SETTINGS)[number], number>;

/** A free port for every port setting of the embedded stack, except those `given` names. */
export async function freeDevPorts(given: Record<string, string | undefined> = {}): Promise<DevPorts> {
  const ports = {} as DevPorts;
  const taken = new Set(DEV_PORT_SETTINGS.flatMap((key) => (given[key] ? [Number(given[key])] : [])));
  for (const key of DEV_PORT_SETTINGS) {
    if (given[key]) {
      ports[key] = Number(given[key]);
      continue;
    }
    ports[key] = await freePortBesides(taken);
    taken.add(ports[key]);
  }
  return ports;
}

/** A free port that is none of `taken` (the system hands out a port it has just freed again at times). */
export async function freePortBesides(taken: Iterable<number>): Promise<number> {
  const avoid = new Set(taken);
  let port = await freePort();
  while (avoid.has(port)) port = await freePort();
  return port;
}
