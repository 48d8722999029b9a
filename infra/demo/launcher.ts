import { spawnLauncher, type LaunchedSystem } from '../dev/spawn-launcher.js';
import { DemoError } from './options.js';

const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type ApiProbe = { up: true } | { up: false; why: string };

/** Whether CIL Flow answers at `apiUrl`: up and ready, not there at all, or something else (which throws). */
export async function probeApi(apiUrl: string): Promise<ApiProbe> {
  let res: Response;
  try {
    res = await fetch(`${apiUrl}/health`, { signal: AbortSignal.timeout(5_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    return { up: false, why: (err as Error).name === 'TimeoutError' ? 'no answer within 5 s' : (cause?.code ?? (err as Error).message) };
  }
  const body = (await res.json().catch(() => undefined)) as { status?: string } | undefined;
  if (!res.ok || body?.status !== 'ok') throw new DemoError(`something answers at ${apiUrl}, but not CIL Flow (GET /health answered ${res.status})`);
  const ready = await fetch(`${apiUrl}/ready`, { signal: AbortSignal.timeout(10_000) });
  if (!ready.ok) throw new DemoError(`the API at ${apiUrl} is up but not ready: ${await ready.text()}`);
  return { up: true };
}

function portOf(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** The demo starts a system only on this machine, on the ports the URLs name. */
export function assertLocal(apiUrl: string, mailboxUrl: string): void {
  for (const [flag, url] of [['--api', new URL(apiUrl)], ['--mailbox', new URL(mailboxUrl)]] as const) {
    if (!LOCAL_HOSTS.has(url.hostname)) throw new DemoError(`nothing answers at ${url.origin}, and the demo starts a system only on this machine (${flag} names ${url.hostname})`);
  }
}

export interface StartedSystem {
  /** What the launcher printed lately, for when something goes wrong. */
  output(): string;
  /** SIGINT, then waits for the launcher to stop what it started. */
  stop(): Promise<void>;
}

/**
 * Starts the system the way `npm start` does (`node dist/infra/dev/start.js`), on the ports of the
 * given URLs, and resolves once it prints that it is ready. `onSpawned` gets the way to stop it
 * at once, for an interruption before then.
 */
export async function startSystem(apiUrl: string, mailboxUrl: string, env: Record<string, string>, onSpawned?: (stop: () => Promise<void>) => void): Promise<StartedSystem> {
  assertLocal(apiUrl, mailboxUrl);
  const api = new URL(apiUrl);
  const mailbox = new URL(mailboxUrl);
  let system: LaunchedSystem;
  try {
    system = await spawnLauncher(
      { ...process.env, PORT: portOf(api), DEV_MAILBOX_PORT: portOf(mailbox), ...env },
      { readyTimeoutMs: READY_TIMEOUT_MS, onSpawned: (s: LaunchedSystem) => onSpawned?.(async () => void (await s.stop('SIGINT', STOP_TIMEOUT_MS))) },
    );
  } catch (err) {
    throw new DemoError((err as Error).message);
  }
  return {
    output: () => system.output(),
    stop: async () => void (await system.stop('SIGINT', STOP_TIMEOUT_MS)),
  };
}
