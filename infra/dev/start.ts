import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, repoRoot } from '../../services/platform/config/config.schema.js';
import { connectWithin, createDataSource, redactUrl } from '../../services/platform/db/data-source.js';
import { runMigrations } from '../../services/platform/db/migrate.js';
import { seedDemo } from '../../services/features/organisation/seed.js';
import { DevMailServer } from '../kit/mail-server.js';
import { waitForApiReady } from '../kit/wait.js';
import { stopProcess } from '../kit/process.js';
import { EmbeddedPostgresServer } from './embedded-postgres.js';
import { TemporalDevServer } from './temporal-dev-server.js';

/**
 * `npm start`: the whole system on one machine. Starts what is not given by settings (an embedded
 * PostgreSQL, a file-backed Temporal dev server, an in-process SMTP server with a mailbox), runs
 * the migrations and the demo seed, then the worker and the API as two child processes. Ctrl-C or
 * SIGTERM stops everything it started.
 */
const STOP_GRACE_MS = 8_000;
const config = loadConfig();
const dataDir = config.dev.dataDir;
const say = (msg: string) => process.stdout.write(`[cil-flow] ${msg}\n`);
const cleanups: { name: string; stop: () => Promise<void> }[] = [];
const children = new Map<string, ChildProcess>();
let stopping: Promise<void> | undefined;

function stopAll(exitCode: number, why: string): Promise<void> {
  stopping ??= (async () => {
    say(`stopping (${why})…`);
    const started = Date.now();
    await Promise.all([...children.entries()].map(([name, child]) => stopChild(name, child)));
    if (process.env.CIL_VERBOSE) say(`children stopped in ${Date.now() - started} ms`);
    for (const { name, stop } of cleanups.reverse()) {
      const t = Date.now();
      await stop().catch((err: Error) => say(`${name} did not stop cleanly: ${err.message}`));
      if (process.env.CIL_VERBOSE) say(`${name} stopped in ${Date.now() - t} ms`);
    }
    say(`stopped in ${Date.now() - started} ms`);
    process.exit(exitCode);
  })();
  return stopping;
}

function stopChild(name: string, child: ChildProcess): Promise<void> {
  return stopProcess(child, 'SIGTERM', STOP_GRACE_MS, () => say(`${name} did not stop within ${STOP_GRACE_MS} ms; killing it`));
}

process.on('SIGINT', () => void stopAll(0, 'SIGINT'));
process.on('SIGTERM', () => void stopAll(0, 'SIGTERM'));

function startChild(name: 'api' | 'worker', env: NodeJS.ProcessEnv): ChildProcess {
  const entry = join(repoRoot, 'dist', 'services', 'apps', name, 'main.js');
  // DEV_WORKER_NODE_OPTIONS: Node options for the worker alone (the benchmark's --worker-cpu-prof).
  const workerOptions = name === 'worker' ? process.env.DEV_WORKER_NODE_OPTIONS : undefined;
  const nodeOptions = workerOptions ? { NODE_OPTIONS: [process.env.NODE_OPTIONS, workerOptions].filter(Boolean).join(' ') } : {};
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    env: { ...process.env, ...env, ...nodeOptions, CIL_PROCESS: name },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.set(name, child);
  child.once('exit', (code, signal) => {
    if (!stopping) {
      say(`the ${name} exited unexpectedly (code ${code}, signal ${signal}); stopping the rest`);
      void stopAll(1, `${name} exited`);
    }
  });
  return child;
}

/** Whether something listens on `port` already (on the loopback interface, where we listen). */
function inUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE'));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

/** The ports this start would listen on, each with the setting that moves it. */
function portsToListenOn(): [setting: string, port: number][] {
  const ports: [string, number][] = [['PORT', config.port]];
  if (!config.database.url) ports.push(['DEV_POSTGRES_PORT', config.dev.postgresPort]);
  if (!config.temporal.address)
    ports.push(
      ['DEV_TEMPORAL_PORT', config.dev.temporalPort],
      ['DEV_TEMPORAL_UI_PORT', config.dev.temporalUiPort],
      ['DEV_TEMPORAL_HTTP_PORT', config.dev.temporalHttpPort],
      ['DEV_TEMPORAL_METRICS_PORT', config.dev.temporalMetricsPort],
    );
  if (!config.mail.smtpUrl) ports.push(['DEV_SMTP_PORT', config.dev.smtpPort], ['DEV_MAILBOX_PORT', config.dev.mailboxPort]);
  return ports;
}

async function main(): Promise<void> {
  const started = Date.now();
  const taken: string[] = [];
  for (const [setting, port] of portsToListenOn()) if (await inUse(port)) taken.push(`port ${port} is in use (${setting} moves it)`);
  if (taken.length) throw new Error(`${taken.join('; ')}; is another npm start running?`);
  say(`starting; embedded data lives in ${dataDir}`);

  let databaseUrl = config.database.url;
  if (!databaseUrl) {
    const pg = new EmbeddedPostgresServer(join(dataDir, 'postgres'), config.dev.postgresPort, (l) => process.env.CIL_VERBOSE && say(`postgres: ${l}`));
    cleanups.push({ name: 'PostgreSQL', stop: () => pg.stop() });
    databaseUrl = await pg.start();
    say(`PostgreSQL (embedded) on 127.0.0.1:${config.dev.postgresPort}`);
  } else {
    say(`PostgreSQL from DATABASE_URL: ${redactUrl(databaseUrl)}`);
  }

  let temporalAddress = config.temporal.address;
  let temporalUi: string | undefined;
  if (!temporalAddress) {
    const temporal = new TemporalDevServer({
      dbFile: join(dataDir, 'temporal', 'temporal.db'),
      port: config.dev.temporalPort,
      uiPort: config.dev.temporalUiPort,
      httpPort: config.dev.temporalHttpPort,
      metricsPort: config.dev.temporalMetricsPort,
      namespace: config.temporal.namespace,
      log: (l) => !stopping && say(`temporal: ${l}`),
    });
    cleanups.push({ name: 'Temporal dev server', stop: () => temporal.stop() });
    const { address, source } = await temporal.start();
    temporalAddress = address;
    temporalUi = `http://127.0.0.1:${config.dev.temporalUiPort}`;
    say(`Temporal dev server on ${address} (CLI from ${source})`);
  } else {
    say(`Temporal from TEMPORAL_ADDRESS: ${temporalAddress} (namespace ${config.temporal.namespace})`);
  }

  let smtpUrl = config.mail.smtpUrl;
  let mailbox: string | undefined;
  if (!smtpUrl) {
    const mail = new DevMailServer(join(dataDir, 'mail'));
    cleanups.push({ name: 'SMTP server', stop: () => mail.stop() });
    await mail.start(config.dev.smtpPort, config.dev.mailboxPort);
    smtpUrl = `smtp://127.0.0.1:${config.dev.smtpPort}`;
    mailbox = `http://127.0.0.1:${config.dev.mailboxPort}`;
    say(`SMTP server (in-process) on 127.0.0.1:${config.dev.smtpPort}`);
  } else {
    say(`SMTP from SMTP_URL`);
  }

  const ran = await runMigrations(databaseUrl, config.database.connectTimeoutMs);
  say(ran.length ? `applied ${ran.length} migration(s)` : 'database schema is up to date');
  const db = await connectWithin(createDataSource(databaseUrl, 2), config.database.connectTimeoutMs);
  try {
    const seeded = await seedDemo(db);
    say(`demo organisation seeded: ${seeded.programmes} programmes, ${seeded.people} people`);
  } finally {
    await db.destroy();
  }

  const env = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, SMTP_URL: smtpUrl };
  startChild('worker', env);
  startChild('api', env);
  const api = config.publicUrl;
  await waitForApiReady(`http://127.0.0.1:${config.port}`, 90_000, () => stopping !== undefined);
  if (stopping) return;

  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const lines = [
    ['API', api],
    ['API docs (OpenAPI)', `${api}/docs`],
    ['Sign in (dev)', `${api}/auth/dev`],
    ['Temporal UI', temporalUi ?? '(external Temporal)'],
    ['Dev mailbox', mailbox ?? '(external SMTP)'],
  ];
  process.stdout.write(`\n${lines.map(([k, v]) => `  ${k.padEnd(20)} ${v}`).join('\n')}\n\n  Ctrl-C stops everything.\n\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    say(`failed to start: ${err instanceof Error ? err.message : String(err)}`);
    void stopAll(1, 'start failed');
  });
}
