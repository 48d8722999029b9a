import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '../../services/platform/config/config.schema.js';

const OUTPUT_KEPT_CHARS = 64 * 1024;

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

function isFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
  });
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
    if (await isFree(port)) return port;
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
    // The system hands out a port it has just freed again at times: every setting gets its own.
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    ports[key] = port;
  }
  return ports;
}

export interface LaunchedSystem {
  process: ChildProcess;
  /** What the launcher printed lately (the last 64 KiB). */
  output(): string;
  /** Resolves with the exit code once the launcher has stopped. */
  exited: Promise<number | null>;
  /**
   * Sends `signal` (SIGINT by default), then SIGKILL after `graceMs`, and waits for the exit. A
   * launcher in its own process group gets the signal as a terminal's Ctrl-C sends it: to the
   * whole group, children included.
   */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | null>;
}

/**
 * Runs the launcher (`node dist/infra/dev/start.js`, what `npm start` runs after building) with
 * `env`, and resolves once it prints that it is ready; rejects with its last output when it exits
 * first or takes longer than `readyTimeoutMs` (and then stops it). `onSpawned` gets the system at
 * once, so an interruption before it is ready can stop it too.
 */
export async function spawnLauncher(
  env: NodeJS.ProcessEnv,
  options: { readyTimeoutMs: number; onSpawned?: (system: LaunchedSystem) => void; ownProcessGroup?: boolean },
): Promise<LaunchedSystem> {
  const entry = join(repoRoot, 'dist', 'infra', 'dev', 'start.js');
  const group = options.ownProcessGroup === true;
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: group });
  const signal = (name: NodeJS.Signals) => (group && child.pid ? process.kill(-child.pid, name) : child.kill(name));
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const system: LaunchedSystem = {
    process: child,
    output: () => output,
    exited,
    stop: async (name = 'SIGINT', graceMs = 30_000) => {
      if (child.exitCode === null && child.signalCode === null) {
        signal(name);
        const timer = setTimeout(() => signal('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
  options.onSpawned?.(system);
  try {
    await new Promise<void>((resolveReady, reject) => {
      const timer = setTimeout(() => reject(new Error(`the system was not ready within ${Math.round(options.readyTimeoutMs / 1000)} s`)), options.readyTimeoutMs);
      const onData = () => {
        if (/\] ready in /.test(output)) {
          clearTimeout(timer);
          child.stdout.off('data', onData);
          resolveReady();
        }
      };
      child.stdout.on('data', onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the launcher exited with ${code} before it was ready`));
      });
    });
  } catch (err) {
    await system.stop('SIGKILL', 1_000);
    throw new Error(`${(err as Error).message}; its last output:\n${output.trim().split('\n').slice(-40).join('\n')}`, { cause: err });
  }
  return system;
}
