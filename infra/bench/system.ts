import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { loadConfig, parseConfig, requireTemporalAddress, type AppConfig } from '../../services/platform/config/config.schema.js';
import { BenchError } from './options.js';
import { spawnLauncher, type LaunchedSystem } from '../dev/spawn-launcher.js';
import { embeddedDatabaseUrl } from '../stack/embedded-postgres.js';
import { freeDevPorts, freePortBesides } from '../stack/ports.js';
import { embeddedStackEnv, newDataDir } from '../stack/stack.js';

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
  const dataDir = newDataDir('cil-flow-bench-');
  const ports = await freeDevPorts();
  const metricsPort = await freePortBesides(Object.values(ports));
  const eventSecret = randomBytes(16).toString('hex'); // 32 characters
  // The embedded stack starts its own database, Temporal and mail server; the benchmark is one
  // client sending as fast as it can, so it runs without rate limits (they would measure themselves).
  const env: NodeJS.ProcessEnv = {
    ...embeddedStackEnv(process.env, dataDir, ports),
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    EVENT_SOURCES: [process.env.EVENT_SOURCES, `${EVENT_SOURCE}:${eventSecret}`].filter(Boolean).join(','),
    // The worker's counts per phase (workflow tasks, local activities, cache misses).
    TEMPORAL_WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
    ...(options.workerCpuProf ? { DEV_WORKER_NODE_OPTIONS: `--cpu-prof --cpu-prof-dir="${options.workerCpuProf}"` } : {}),
  };
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
    databaseUrl: embeddedDatabaseUrl(ports.DEV_POSTGRES_PORT),
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
