import { execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { spawnLauncher } from '../../infra/dev/spawn-launcher.js';
import { freeDevPorts, type DevPorts } from '../../infra/stack/ports.js';
import { embeddedStackEnv, newDataDir } from '../../infra/stack/stack.js';

export { repoRoot } from '../../services/platform/config/config.schema.js';

export { freePort } from '../../infra/stack/ports.js';

/** Every live descendant of a process (children, grandchildren…), from `ps`. */
export function descendantsOf(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const [child, ppid] of table) {
      if (ppid === parent && !out.includes(child)) {
        out.push(child);
        queue.push(child);
      }
    }
  }
  return out;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface RunningSystem {
  apiUrl: string;
  mailboxUrl: string;
  temporalAddress: string;
  dataDir: string;
  ports: DevPorts;
  process: ChildProcess;
  output(): string;
  /** Sends the signal and waits for the launcher to exit; answers its exit code and how long it took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

export interface StartOptions {
  dataDir?: string;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  /** Runs the launcher in its own process group, so that `stop` signals the group as a terminal's Ctrl-C does. */
  ownProcessGroup?: boolean;
}

/**
 * Runs `node dist/infra/dev/start.js` (what `npm start` runs after building) on free ports, and
 * resolves once it prints that it is ready. Needs `npm run build` first (the test script does it).
 */
export async function startSystem(options: StartOptions = {}): Promise<RunningSystem> {
  const dataDir = options.dataDir ?? newDataDir('cil-flow-test-');
  if (options.dataDir) chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as `postgres`, which must reach its folder
  const ports = await freeDevPorts(options.env); // ports given in options.env win
  // Tests send far more requests a minute from one address than a person; rate limits are tested on their own.
  const env: NodeJS.ProcessEnv = { ...embeddedStackEnv({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn' }, dataDir, ports), ...options.env };
  const system = await spawnLauncher(env, { readyTimeoutMs: options.readyTimeoutMs ?? 90_000, ownProcessGroup: options.ownProcessGroup });
  return {
    apiUrl: `http://127.0.0.1:${ports.PORT}`,
    mailboxUrl: `http://127.0.0.1:${ports.DEV_MAILBOX_PORT}`,
    temporalAddress: options.env?.TEMPORAL_ADDRESS ?? `127.0.0.1:${ports.DEV_TEMPORAL_PORT}`,
    dataDir,
    ports,
    process: system.process,
    output: () => system.output(),
    stop: async (signal = 'SIGINT') => {
      const started = Date.now();
      const code = await system.stop(signal);
      return { code, ms: Date.now() - started };
    },
  };
}

/** Signs in through the dev sign-in (as JSON) and answers a bearer token. */
export async function devToken(apiUrl: string, personId: string): Promise<string> {
  const res = await fetch(`${apiUrl}/auth/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ personId }),
  });
  if (!res.ok) throw new Error(`dev sign-in failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
