import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, parseConfig, requireTemporalAddress, type AppConfig } from '../../services/config/config.schema.js';
import { BenchError } from './options.js';

export const EVENT_SOURCE = 'bench';
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;
const OUTPUT_KEPT_CHARS = 64 * 1024;

/** The system under test: where to reach it, its settings, and how to let it go. */
export interface Target {
  kind: 'embedded' | 'attached';
  apiUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  /** The settings the system's processes run with (payload codec, namespace, task queue, minimum text lengths). */
  config: AppConfig;
  /** The secret of the `bench` event source, if the system knows it. */
  eventSecret?: string;
  /** The launcher's process id (embedded only): its children are the API and the worker. */
  launcherPid?: number;
  startupMs?: number;
  dataDir?: string;
  output(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts the system as `npm start` does (`node dist/infra/dev/start.js`) with its own data folder
 * and free ports, and the `bench` event source, and resolves once the launcher says it is ready.
 */
export async function startEmbedded(options: { keepData: boolean; say: (msg: string) => void }): Promise<Target> {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'cil-flow-bench-'));
  chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as `postgres`, which must reach its folder
  const ports = {
    PORT: await freePort(),
    DEV_POSTGRES_PORT: await freePort(),
    DEV_TEMPORAL_PORT: await freePort(),
    DEV_TEMPORAL_UI_PORT: await freePort(),
    DEV_SMTP_PORT: await freePort(),
    DEV_MAILBOX_PORT: await freePort(),
  };
  const eventSecret = randomBytes(16).toString('hex'); // 32 characters
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The embedded stack starts its own database, Temporal and mail server.
  for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'PUBLIC_URL'] as const) delete env[key];
  Object.assign(env, {
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATA_DIR: dataDir,
    EVENT_SOURCES: [process.env.EVENT_SOURCES, `${EVENT_SOURCE}:${eventSecret}`].filter(Boolean).join(','),
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  });
  const config = parseConfig(env);
  const launcher = join(dirname(fileURLToPath(import.meta.url)), '..', 'dev', 'start.js');
  const child = spawn(process.execPath, [launcher], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const removeData = () => {
    if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    removeData();
  };
  options.say(`starting the embedded stack (data in ${dataDir})…`);
  try {
    await new Promise<void>((resolveReady, reject) => {
      const timer = setTimeout(() => reject(new BenchError(`the embedded stack was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output}`)), READY_TIMEOUT_MS);
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
        reject(new BenchError(`the launcher exited with ${code} before it was ready:\n${output}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    kind: 'embedded',
    apiUrl: `http://127.0.0.1:${ports.PORT}`,
    databaseUrl: `postgres://postgres:postgres@127.0.0.1:${ports.DEV_POSTGRES_PORT}/cil_flow`,
    temporalAddress: `127.0.0.1:${ports.DEV_TEMPORAL_PORT}`,
    config,
    eventSecret,
    launcherPid: child.pid,
    startupMs: Date.now() - started,
    dataDir: options.keepData ? dataDir : undefined,
    output: () => output,
    stop,
  };
}

/** A system that is already running: the API at `apiUrl`, the rest named by the usual settings. */
export async function attach(apiUrl: string): Promise<Target> {
  const config = loadConfig(process.env);
  if (!config.database.url) throw new BenchError('--api needs DATABASE_URL: the benchmark adds its students and read-model rows straight to the database');
  let ready: Response;
  try {
    ready = await fetch(`${apiUrl}/ready`, { signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new BenchError(`nothing answers at ${apiUrl} (${(err as Error).message})`);
  }
  if (!ready.ok) throw new BenchError(`the API at ${apiUrl} is not ready: ${ready.status} ${await ready.text()}`);
  return {
    kind: 'attached',
    apiUrl,
    databaseUrl: config.database.url,
    temporalAddress: requireTemporalAddress(config),
    config,
    eventSecret: config.events.sources[EVENT_SOURCE],
    output: () => '',
    stop: () => Promise.resolve(),
  };
}
