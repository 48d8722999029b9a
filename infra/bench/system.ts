import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfig, requireTemporalAddress, type AppConfig } from '../../services/platform/config/config.schema.js';
import { BenchError } from './options.js';
import { freeDevPorts, freePort, spawnLauncher, type LaunchedSystem } from '../dev/spawn-launcher.js';

export const EVENT_SOURCE = 'bench';
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;

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
  /** The worker's Prometheus endpoint (TEMPORAL_WORKER_METRICS_ADDRESS), if it serves one. */
  workerMetricsUrl?: string;
  /** The launcher's process id (embedded only): its children are the API and the worker. */
  launcherPid?: number;
  startupMs?: number;
  dataDir?: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the system as `npm start` does (`node dist/infra/dev/start.js`) with its own data folder
 * and free ports, and the `bench` event source, and resolves once the launcher says it is ready.
 */
export async function startEmbedded(options: { keepData: boolean; workerCpuProf?: string; say: (msg: string) => void }): Promise<Target> {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'cil-flow-bench-'));
  chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as `postgres`, which must reach its folder
  const ports = await freeDevPorts();
  let metricsPort = await freePort();
  while (Object.values(ports).includes(metricsPort)) metricsPort = await freePort();
  const eventSecret = randomBytes(16).toString('hex'); // 32 characters
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The embedded stack starts its own database, Temporal and mail server.
  for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'PUBLIC_URL'] as const) delete env[key];
  Object.assign(env, {
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATA_DIR: dataDir,
    EVENT_SOURCES: [process.env.EVENT_SOURCES, `${EVENT_SOURCE}:${eventSecret}`].filter(Boolean).join(','),
    // The benchmark is one client sending as fast as it can: rate limits would measure themselves.
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000000',
    // The worker's counts per phase (workflow tasks, local activities, cache misses).
    TEMPORAL_WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
    ...(options.workerCpuProf ? { DEV_WORKER_NODE_OPTIONS: `--cpu-prof --cpu-prof-dir="${options.workerCpuProf}"` } : {}),
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  });
  const config = parseConfig(env);
  const removeData = () => {
    if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
  };
  options.say(`starting the embedded stack (data in ${dataDir})…`);
  let system: LaunchedSystem;
  try {
    system = await spawnLauncher(env, { readyTimeoutMs: READY_TIMEOUT_MS });
  } catch (err) {
    removeData();
    throw new BenchError((err as Error).message);
  }
  const stop = async () => {
    await system.stop('SIGINT', STOP_TIMEOUT_MS);
    removeData();
  };
  return {
    kind: 'embedded',
    apiUrl: `http://127.0.0.1:${ports.PORT}`,
    databaseUrl: `postgres://postgres:postgres@127.0.0.1:${ports.DEV_POSTGRES_PORT}/cil_flow`,
    temporalAddress: `127.0.0.1:${ports.DEV_TEMPORAL_PORT}`,
    workerMetricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    config,
    eventSecret,
    launcherPid: system.process.pid,
    startupMs: Date.now() - started,
    dataDir: options.keepData ? dataDir : undefined,
    output: () => system.output(),
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
    workerMetricsUrl: config.temporal.workerMetricsAddress ? `http://${config.temporal.workerMetricsAddress}/metrics` : undefined,
    config,
    eventSecret: config.events.sources[EVENT_SOURCE],
    output: () => '',
    stop: () => Promise.resolve(),
  };
}
