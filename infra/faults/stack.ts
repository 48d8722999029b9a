import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, repoRoot, type AppConfig } from '../../services/platform/config/config.schema.js';
import { connectWithin, createDataSource } from '../../services/platform/db/data-source.js';
import { runMigrations } from '../../services/platform/db/migrate.js';
import { seedDemo } from '../../services/features/organisation/seed.js';
import { defaultWorkflowBundlePath } from '../../services/platform/temporal/workflow-source.js';
import { EmbeddedPostgresServer } from '../dev/embedded-postgres.js';
import type { DevPorts } from '../dev/spawn-launcher.js';
import { TemporalDevServer } from '../dev/temporal-dev-server.js';
import { DevMailServer } from '../kit/mail-server.js';
import { waitForApiReady } from '../kit/wait.js';
import { SupervisedProcess, tailOf } from './supervised-process.js';

const READY_TIMEOUT_MS = 120_000;
/** The cap of the mail dispatcher's retry back-off: the SMTP outage should not leave mail waiting long. */
const MAIL_RETRY_MAX_SECONDS = '2';
/** How long live SMTP connections may stay once the server stops accepting: a refusal should bite at once. */
const SMTP_CLOSE_TIMEOUT_MS = 100;

/**
 * The whole system as separate pieces the harness can stop and start on their own: PostgreSQL
 * (embedded, in-process), the Temporal dev server (file-backed), the in-process mail server (SMTP
 * and its mailbox), and the worker and the API as supervised child processes. Everything lives in `dataDir`.
 */
export class Stack {
  readonly postgres: EmbeddedPostgresServer;
  readonly temporal: TemporalDevServer;
  readonly mail: DevMailServer;
  readonly smtpPort: number;
  readonly mailboxPort: number;
  readonly worker: SupervisedProcess;
  readonly api: SupervisedProcess;
  readonly config: AppConfig;
  readonly apiUrl: string;
  private readonly postgresDir: string;

  constructor(
    readonly dataDir: string,
    ports: DevPorts,
    /** Seconds into the run, for the logs. */
    clock: () => number,
    say: (msg: string) => void,
  ) {
    const since = () => `+${clock().toFixed(1)} s`;
    this.postgresDir = join(dataDir, 'postgres');
    const log = (file: string) => (line: string) => appendFileSync(join(dataDir, file), `${line}\n`);
    this.postgres = new EmbeddedPostgresServer(this.postgresDir, ports.DEV_POSTGRES_PORT, log('postgres.log'));
    this.mail = new DevMailServer(join(dataDir, 'mail'), { closeTimeoutMs: SMTP_CLOSE_TIMEOUT_MS });
    this.smtpPort = ports.DEV_SMTP_PORT;
    this.mailboxPort = ports.DEV_MAILBOX_PORT;
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'PUBLIC_URL', 'EVENT_SOURCES', 'PAYLOAD_ENCRYPTION_KEYS', 'PAYLOAD_ENCRYPTION_KEY_ID'] as const) delete env[key];
    Object.assign(env, {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      PORT: String(ports.PORT),
      PUBLIC_URL: `http://127.0.0.1:${ports.PORT}`,
      DATABASE_URL: this.postgres.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${ports.DEV_TEMPORAL_PORT}`,
      SMTP_URL: `smtp://127.0.0.1:${this.smtpPort}`,
      MAIL_RETRY_MAX_SECONDS,
      // A hundred journeys from one address: far above what the rate limits allow a person.
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000000',
      // The prebuilt bundle: a restarted worker polls again in a second or two instead of bundling anew.
      ...(existsSync(defaultWorkflowBundlePath) ? { TEMPORAL_WORKFLOW_BUNDLE: defaultWorkflowBundlePath } : {}),
    });
    this.config = parseConfig(env);
    this.apiUrl = `http://127.0.0.1:${ports.PORT}`;
    this.temporal = new TemporalDevServer({
      dbFile: join(dataDir, 'temporal', 'temporal.db'),
      port: ports.DEV_TEMPORAL_PORT,
      uiPort: ports.DEV_TEMPORAL_UI_PORT,
      httpPort: ports.DEV_TEMPORAL_HTTP_PORT,
      metricsPort: ports.DEV_TEMPORAL_METRICS_PORT,
      namespace: this.config.temporal.namespace,
      log: log('temporal.log'),
    });
    const entry = (name: string) => ['--enable-source-maps', join(repoRoot, 'dist', 'services', 'apps', name, 'main.js')];
    this.worker = new SupervisedProcess('worker', entry('worker'), { ...env, CIL_PROCESS: 'worker' }, join(dataDir, 'worker.log'), since, say);
    this.api = new SupervisedProcess('API', entry('api'), { ...env, CIL_PROCESS: 'api' }, join(dataDir, 'api.log'), since, say);
  }

  get databaseUrl(): string {
    return this.postgres.url;
  }

  get temporalAddress(): string {
    return this.temporal.address;
  }

  /** Starts every piece, migrates and seeds, and resolves once the API answers /ready. */
  async start(say: (msg: string) => void): Promise<void> {
    await this.postgres.start();
    say(`PostgreSQL (embedded) on ${new URL(this.databaseUrl).host}`);
    const { source } = await this.temporal.start();
    say(`Temporal dev server on ${this.temporalAddress} (CLI from ${source})`);
    await this.mail.start(this.smtpPort, this.mailboxPort);
    say(`SMTP server (in-process) on 127.0.0.1:${this.smtpPort}, its mailbox on http://127.0.0.1:${this.mailboxPort}`);
    const ran = await runMigrations(this.databaseUrl, this.config.database.connectTimeoutMs);
    const db = await connectWithin(createDataSource(this.databaseUrl, 2), this.config.database.connectTimeoutMs);
    try {
      const seeded = await seedDemo(db);
      say(`${ran.length} migration(s) applied; demo organisation seeded (${seeded.programmes} programmes, ${seeded.people} people)`);
    } finally {
      await db.destroy();
    }
    this.worker.start();
    this.api.start();
    await this.waitReady(READY_TIMEOUT_MS);
  }

  waitReady(timeoutMs: number): Promise<void> {
    return waitForApiReady(this.apiUrl, timeoutMs);
  }

  /** Stops everything in order: the API and the worker, then SMTP, Temporal and PostgreSQL. */
  async stop(say: (msg: string) => void): Promise<void> {
    const step = (name: string, fn: () => Promise<void>) => fn().catch((err: Error) => say(`${name} did not stop cleanly: ${err.message}`));
    await Promise.all([step('the API', () => this.api.stop()), step('the worker', () => this.worker.stop())]);
    await step('SMTP', () => this.mail.stop());
    await step('Temporal', () => this.temporal.stop());
    await step('PostgreSQL', () => this.postgres.stop());
  }

  /** For an exit in a hurry: kills whatever of ours still runs, without waiting. */
  killNow(): void {
    this.api.killNow();
    this.worker.killNow();
    killIfStill(this.temporal.pid, /temporal/, 'SIGKILL');
    // The postmaster's pid is the first line of postmaster.pid; SIGQUIT is PostgreSQL's immediate shutdown.
    try {
      killIfStill(Number(readFileSync(join(this.postgresDir, 'postmaster.pid'), 'utf8').split('\n')[0]), /postgres/, 'SIGQUIT');
    } catch {
      // not running
    }
  }

  /** The last lines each process wrote, for a failed run. */
  tails(lines = 30): string {
    return [this.worker.logFile, this.api.logFile, join(this.dataDir, 'temporal.log'), join(this.dataDir, 'postgres.log')].map((file) => `--- ${file} (last ${lines} lines) ---\n${tailOf(file, lines)}`).join('\n');
  }
}

/** Signals `pid` only if it still is the process we started (its command line matches), never a reused pid. */
function killIfStill(pid: number | undefined, command: RegExp, signal: NodeJS.Signals): void {
  try {
    if (pid && command.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) process.kill(pid, signal);
  } catch {
    // already gone
  }
}
