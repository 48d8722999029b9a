import { appendFileSync, chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, repoRoot, type AppConfig } from '../../services/platform/config/config.schema.js';
import { connectWithin, createDataSource, redactUrl } from '../../services/platform/db/data-source.js';
import { runMigrations } from '../../services/platform/db/migrate.js';
import { seedDemo } from '../../services/features/organisation/seed.js';
import { embeddedDatabaseUrl, EmbeddedPostgresServer } from './embedded-postgres.js';
import { DevMailServer, type MailServerOptions } from './mail-server.js';
import { inUse, type DevPorts } from './ports.js';
import { waitForApiReady } from './ready.js';
import { SupervisedProcess, tailOf } from './supervised-process.js';
import { TemporalDevServer } from './temporal-dev-server.js';

const READY_TIMEOUT_MS = 90_000;

export type ProcessName = 'worker' | 'api';

export interface StackOptions {
  /**
   * The settings (`process.env` for `npm start`). What DATABASE_URL, TEMPORAL_ADDRESS and SMTP_URL
   * name is used; what they do not name is started here, on the DEV_*_PORT ports, with its data
   * under DATA_DIR. The worker and the API run with these settings and the services' addresses.
   */
  env: NodeJS.ProcessEnv;
  /** The settings read from `env` (read here unless given). */
  config?: AppConfig;
  /** Lines about the start, the stop and the processes. */
  say: (msg: string) => void;
  /**
   * A folder for each piece's output (worker.log, api.log, temporal.log, postgres.log), which
   * tails() reads. Without one, the worker and the API write to this process's stdout and stderr,
   * Temporal's lines go to `say`, and PostgreSQL's too with CIL_VERBOSE.
   */
  logDir?: string;
  /** Seconds into the run, for the log files' lines (since the stack was made unless told). */
  clock?: () => number;
  /** How long the API may take to answer /ready once started (90 s unless told). */
  readyTimeoutMs?: number;
  mail?: MailServerOptions;
  /**
   * Called when the worker or the API exits unexpectedly, instead of restarting it (which, with
   * back-off, is what happens without it).
   */
  onUnexpectedExit?: (name: ProcessName, code: number | null, signal: NodeJS.Signals | null) => void;
}

/** A piece start() has begun to start, and how to stop it. */
interface Piece {
  name: string;
  stop: () => Promise<void>;
}

/**
 * The whole system on one machine, as pieces that can be stopped and started on their own:
 * PostgreSQL (embedded), the Temporal dev server (file-backed) and the in-process mail server
 * (SMTP and its mailbox), each unless the settings name one to use, then the migrations and the
 * demo seed, then the worker and the API as supervised child processes. `start()` resolves once
 * the API answers /ready; `stop()` stops the processes, then the pieces in the reverse order.
 */
export class Stack {
  readonly config: AppConfig;
  readonly dataDir: string;
  readonly apiUrl: string;
  readonly databaseUrl: string;
  readonly temporalAddress: string;
  readonly smtpUrl: string;
  /** The Temporal Web UI and the dev mailbox, when this stack runs them. */
  readonly temporalUiUrl?: string;
  readonly mailboxUrl?: string;
  readonly worker: SupervisedProcess;
  readonly api: SupervisedProcess;
  private readonly ownPostgres?: EmbeddedPostgresServer;
  private readonly ownTemporal?: TemporalDevServer;
  private readonly ownMail?: DevMailServer;
  /** What start() has begun to start, in order. */
  private readonly begun: Piece[] = [];
  private stopped?: Promise<void>;
  private readonly say: (msg: string) => void;
  private readonly verbose: boolean;

  constructor(private readonly options: StackOptions) {
    const { env, say, logDir } = options;
    this.say = say;
    this.verbose = !!env.CIL_VERBOSE;
    const config = (this.config = options.config ?? parseConfig(env));
    const { dev } = config;
    this.dataDir = dev.dataDir;
    this.apiUrl = `http://127.0.0.1:${config.port}`;
    const made = Date.now();
    const clock = options.clock ?? (() => (Date.now() - made) / 1000);
    const since = () => `+${clock().toFixed(1)} s`;
    const logTo = (file: string, orElse: (line: string) => void) => (logDir ? (line: string) => appendFileSync(join(logDir, file), `${line}\n`) : orElse);

    if (!config.database.url) this.ownPostgres = new EmbeddedPostgresServer(join(this.dataDir, 'postgres'), dev.postgresPort, logTo('postgres.log', (l) => this.verbose && say(`postgres: ${l}`)));
    this.databaseUrl = config.database.url ?? embeddedDatabaseUrl(dev.postgresPort);

    if (!config.temporal.address) {
      this.ownTemporal = new TemporalDevServer({
        dbFile: join(this.dataDir, 'temporal', 'temporal.db'),
        port: dev.temporalPort,
        uiPort: dev.temporalUiPort,
        httpPort: dev.temporalHttpPort,
        metricsPort: dev.temporalMetricsPort,
        namespace: config.temporal.namespace,
        log: logTo('temporal.log', (l) => !this.stopped && say(`temporal: ${l}`)),
      });
      this.temporalUiUrl = `http://127.0.0.1:${dev.temporalUiPort}`;
    }
    this.temporalAddress = config.temporal.address ?? this.ownTemporal!.address;

    if (!config.mail.smtpUrl) {
      this.ownMail = new DevMailServer(join(this.dataDir, 'mail'), options.mail);
      this.mailboxUrl = `http://127.0.0.1:${dev.mailboxPort}`;
    }
    this.smtpUrl = config.mail.smtpUrl ?? `smtp://127.0.0.1:${dev.smtpPort}`;

    const supervised = (name: ProcessName) =>
      new SupervisedProcess(name, ['--enable-source-maps', join(repoRoot, 'dist', 'services', 'apps', name, 'main.js')], {
        env: () => this.processEnv(name),
        logFile: logDir && join(logDir, `${name}.log`),
        since,
        say,
        onUnexpectedExit: options.onUnexpectedExit && ((code, signal) => options.onUnexpectedExit!(name, code, signal)),
      });
    this.worker = supervised('worker');
    this.api = supervised('api');
  }

  /** The embedded PostgreSQL (throws when DATABASE_URL names the database to use). */
  get postgres(): EmbeddedPostgresServer {
    return this.own(this.ownPostgres, 'PostgreSQL', 'DATABASE_URL');
  }

  /** The Temporal dev server (throws when TEMPORAL_ADDRESS names the Temporal to use). */
  get temporal(): TemporalDevServer {
    return this.own(this.ownTemporal, 'Temporal', 'TEMPORAL_ADDRESS');
  }

  /** The in-process mail server (throws when SMTP_URL names the server to use). */
  get mail(): DevMailServer {
    return this.own(this.ownMail, 'an SMTP server', 'SMTP_URL');
  }

  /** Whether stop() has been called. */
  get stopping(): boolean {
    return this.stopped !== undefined;
  }

  private own<T>(piece: T | undefined, what: string, setting: string): T {
    if (!piece) throw new Error(`this stack does not run ${what} of its own: ${setting} names one`);
    return piece;
  }

  /** The settings of the worker or the API: the stack's, the services' addresses, and DEV_WORKER_NODE_OPTIONS for the worker alone. */
  private processEnv(name: ProcessName): NodeJS.ProcessEnv {
    const { env } = this.options;
    // DEV_WORKER_NODE_OPTIONS: Node options for the worker alone (the benchmark's --worker-cpu-prof).
    const workerOptions = name === 'worker' ? env.DEV_WORKER_NODE_OPTIONS : undefined;
    const nodeOptions = workerOptions ? { NODE_OPTIONS: [env.NODE_OPTIONS, workerOptions].filter(Boolean).join(' ') } : {};
    return { ...env, DATABASE_URL: this.databaseUrl, TEMPORAL_ADDRESS: this.temporalAddress, SMTP_URL: this.smtpUrl, ...nodeOptions, CIL_PROCESS: name };
  }

  /** The ports this stack listens on, each with the setting that moves it. */
  private ports(): [setting: string, port: number][] {
    const { dev } = this.config;
    const ports: [string, number][] = [['PORT', this.config.port]];
    if (this.ownPostgres) ports.push(['DEV_POSTGRES_PORT', dev.postgresPort]);
    if (this.ownTemporal)
      ports.push(
        ['DEV_TEMPORAL_PORT', dev.temporalPort],
        ['DEV_TEMPORAL_UI_PORT', dev.temporalUiPort],
        ['DEV_TEMPORAL_HTTP_PORT', dev.temporalHttpPort],
        ['DEV_TEMPORAL_METRICS_PORT', dev.temporalMetricsPort],
      );
    if (this.ownMail) ports.push(['DEV_SMTP_PORT', dev.smtpPort], ['DEV_MAILBOX_PORT', dev.mailboxPort]);
    return ports;
  }

  private async startPiece<T>(name: string, piece: { stop(): Promise<void> }, start: () => Promise<T>): Promise<T> {
    this.begun.push({ name, stop: () => piece.stop() });
    return start();
  }

  /**
   * Starts every piece the settings do not name, migrates and seeds, starts the worker and the API,
   * and resolves once the API answers /ready (or at once when stop() is called meanwhile).
   */
  async start(): Promise<void> {
    const { config, say } = this;
    const taken: string[] = [];
    for (const [setting, port] of this.ports()) if (await inUse(port)) taken.push(`port ${port} is in use (${setting} moves it)`);
    if (taken.length) throw new Error(`${taken.join('; ')}; is another npm start running?`);
    say(`starting; embedded data lives in ${this.dataDir}`);

    const pg = this.ownPostgres;
    if (pg) {
      await this.startPiece('PostgreSQL', pg, () => pg.start());
      say(`PostgreSQL (embedded) on 127.0.0.1:${config.dev.postgresPort}`);
    } else {
      say(`PostgreSQL from DATABASE_URL: ${redactUrl(this.databaseUrl)}`);
    }

    const temporal = this.ownTemporal;
    if (temporal) {
      const { address, source } = await this.startPiece('Temporal dev server', temporal, () => temporal.start());
      say(`Temporal dev server on ${address} (CLI from ${source})`);
    } else {
      say(`Temporal from TEMPORAL_ADDRESS: ${this.temporalAddress} (namespace ${config.temporal.namespace})`);
    }

    const mail = this.ownMail;
    if (mail) {
      await this.startPiece('SMTP server', mail, () => mail.start(config.dev.smtpPort, config.dev.mailboxPort));
      say(`SMTP server (in-process) on 127.0.0.1:${config.dev.smtpPort}`);
    } else {
      say(`SMTP from SMTP_URL`);
    }

    const ran = await runMigrations(this.databaseUrl, config.database.connectTimeoutMs);
    say(ran.length ? `applied ${ran.length} migration(s)` : 'database schema is up to date');
    const db = await connectWithin(createDataSource(this.databaseUrl, 2), config.database.connectTimeoutMs);
    try {
      const seeded = await seedDemo(db);
      say(`demo organisation seeded: ${seeded.programmes} programmes, ${seeded.people} people`);
    } finally {
      await db.destroy();
    }

    this.worker.start();
    this.api.start();
    await this.waitReady(this.options.readyTimeoutMs ?? READY_TIMEOUT_MS);
  }

  /** Resolves once the API answers /ready (or stop() is called); throws past `timeoutMs`. */
  waitReady(timeoutMs: number): Promise<void> {
    return waitForApiReady(this.apiUrl, timeoutMs, () => this.stopping);
  }

  /**
   * Stops everything it started, in order: the API and the worker (SIGTERM, SIGKILL after a
   * grace), then SMTP, Temporal and PostgreSQL. Once: a second call answers the first's promise.
   */
  stop(): Promise<void> {
    return (this.stopped ??= (async () => {
      const { say } = this;
      const started = Date.now();
      await Promise.all([this.api, this.worker].map((p) => p.stop().catch((err: Error) => say(`the ${p.name} did not stop cleanly: ${err.message}`))));
      if (this.verbose) say(`children stopped in ${Date.now() - started} ms`);
      for (const { name, stop } of [...this.begun].reverse()) {
        const t = Date.now();
        await stop().catch((err: Error) => say(`${name} did not stop cleanly: ${err.message}`));
        if (this.verbose) say(`${name} stopped in ${Date.now() - t} ms`);
      }
    })());
  }

  /** For an exit in a hurry: kills whatever of ours still runs, without waiting. */
  killNow(): void {
    this.api.killNow();
    this.worker.killNow();
    if (this.ownTemporal) killIfStill(this.ownTemporal.pid, /temporal/, 'SIGKILL');
    // The postmaster's pid is the first line of postmaster.pid; SIGQUIT is PostgreSQL's immediate shutdown.
    if (this.ownPostgres) {
      try {
        killIfStill(Number(readFileSync(join(this.dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]), /postgres/, 'SIGQUIT');
      } catch {
        // not running
      }
    }
  }

  /** The last lines each piece wrote to its log file ('' without a logDir), for a failed run. */
  tails(lines = 30): string {
    const { logDir } = this.options;
    if (!logDir) return '';
    return ['worker.log', 'api.log', 'temporal.log', 'postgres.log']
      .map((name) => join(logDir, name))
      .map((file) => `--- ${file} (last ${lines} lines) ---\n${tailOf(file, lines)}`)
      .join('\n');
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

/** A new, empty data folder in the system's temporary folder, open for PostgreSQL to reach. */
export function newDataDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as `postgres`, which must reach its folder
  return dir;
}

/**
 * The settings of an embedded stack of its own: `base` without the settings that name services
 * elsewhere (so the stack starts its own) nor PUBLIC_URL, with `dataDir`, the `ports`, and no rate
 * limits (a harness sends far more a minute from one address than a person does).
 */
export function embeddedStackEnv(base: NodeJS.ProcessEnv, dataDir: string, ports: DevPorts): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'PUBLIC_URL'] as const) delete env[key];
  return {
    ...env,
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000000',
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  };
}
