import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { DEFAULT_TASK_QUEUE } from '../../workflows/contracts/temporal.js';
import type { systemProbeWorkflow } from '../../workflows/system/system-probe.workflow.js';
import { runMigrations } from '../../services/platform/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { allMail, waitForMail } from '../support/mailbox.js';
import { systemCodec } from '../support/temporal.js';
import { alive, descendantsOf, freePort, repoRoot, startSystem } from '../support/system.js';

jest.setTimeout(240_000);

/** Runs one of our processes to its end; answers exit code, stderr and how long it ran. */
function run(entry: 'api' | 'worker', env: Record<string, string>): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'services', 'apps', entry, 'main.js')], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.on('data', (c: Buffer) => (stderr += c.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr, ms: Date.now() - started });
    }),
  );
}

const commandOf = (pid: number) => {
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

describe('failing to start is loud and bounded', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await runMigrations(database.url, 20_000);
  });
  afterAll(async () => {
    await database?.close();
  });

  it.each(['api', 'worker'] as const)('the %s stops with a message naming a bad setting', async (entry) => {
    const { code, stderr } = await run(entry, { PORT: 'abc' });
    expect(code).toBe(78);
    expect(stderr).toMatch(/PORT: /);
  });

  it.each(['api', 'worker'] as const)('the %s exits non-zero when PostgreSQL cannot be reached in time', async (entry) => {
    const port = await freePort();
    const { code, stderr, ms } = await run(entry, {
      DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${port}/nowhere`,
      DB_CONNECT_TIMEOUT_MS: '1500',
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      TEMPORAL_CONNECT_TIMEOUT_MS: '1500',
      SMTP_URL: 'smtp://127.0.0.1:2',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/Could not reach PostgreSQL at .* within 1500 ms \(DATABASE_URL/);
    expect(stderr).not.toContain('secret');
    expect(ms).toBeLessThan(30_000);
  });

  it.each(['api', 'worker'] as const)('the %s exits non-zero when Temporal cannot be reached in time', async (entry) => {
    const { code, stderr, ms } = await run(entry, {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      TEMPORAL_CONNECT_TIMEOUT_MS: '1500',
      SMTP_URL: 'smtp://127.0.0.1:2',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/Could not reach Temporal at 127\.0\.0\.1:\d+ within 1500 ms \(TEMPORAL_ADDRESS/);
    expect(ms).toBeLessThan(30_000);
  });
});

describe('a second start, and external services', () => {
  it('finds what the first start left, and uses given services without starting its own', async () => {
    const first = await startSystem();
    const personIds = (await (await fetch(`${first.apiUrl}/auth/dev`)).text()).match(/name="personId" value="[0-9a-f-]{36}"/g);
    let connection = await Connection.connect({ address: first.temporalAddress });
    const workflowId = `persist-${Date.now()}`;
    const result = await new Client({ connection, dataConverter: { payloadCodecs: [systemCodec()] } }).workflow.execute<typeof systemProbeWorkflow>('systemProbeWorkflow', {
      taskQueue: DEFAULT_TASK_QUEUE,
      workflowId,
      args: [{ to: 'persist@example.org' }],
    });
    await waitForMail(first.mailboxUrl, (m) => m.messageId === result.messageId);
    await connection.close();
    expect((await first.stop()).code).toBe(0);

    const again = await startSystem({ dataDir: first.dataDir });
    try {
      expect(again.output()).toContain('database schema is up to date');
      expect((await (await fetch(`${again.apiUrl}/auth/dev`)).text()).match(/name="personId" value="[0-9a-f-]{36}"/g)).toEqual(personIds);
      connection = await Connection.connect({ address: again.temporalAddress });
      const described = await new Client({ connection }).workflow.getHandle(workflowId).describe();
      expect(described.status.name).toBe('COMPLETED');
      await connection.close();
      expect((await allMail(again.mailboxUrl)).map((m) => m.envelopeTo[0])).toContain('persist@example.org');

      const external = await startSystem({
        env: {
          DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${again.ports.DEV_POSTGRES_PORT}/cil_flow`,
          TEMPORAL_ADDRESS: again.temporalAddress,
          SMTP_URL: `smtp://127.0.0.1:${again.ports.DEV_SMTP_PORT}`,
        },
      });
      try {
        expect(external.output()).toContain('PostgreSQL from DATABASE_URL');
        expect(external.output()).toContain(`Temporal from TEMPORAL_ADDRESS: ${again.temporalAddress}`);
        expect(external.output()).toContain('SMTP from SMTP_URL');
        const commands = descendantsOf(external.process.pid!).map(commandOf);
        expect(commands.filter((c) => /postgres|temporal server/.test(c))).toEqual([]);
        expect(commands.filter((c) => /dist\/services\/apps\/(api|worker)\/main\.js/.test(c))).toHaveLength(2);
        const ready = await fetch(`${external.apiUrl}/ready`);
        expect(ready.status).toBe(200);
      } finally {
        await external.stop();
      }
    } finally {
      await again.stop();
    }
  });
});

describe('start and stop as a person at a terminal sees them', () => {
  it('prints the PUBLIC_URL it was given, and Ctrl-C (SIGINT to the whole process group) ends the launcher with its children', async () => {
    const publicUrl = 'http://cil.example.test:8443';
    const system = await startSystem({ env: { PUBLIC_URL: publicUrl }, ownProcessGroup: true });
    const launcher = system.process.pid!;
    let descendants: number[];
    try {
      // The banner follows the "ready" line.
      for (const deadline = Date.now() + 10_000; !system.output().includes('Ctrl-C stops everything') && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
      expect(system.output()).toMatch(new RegExp(`API +${publicUrl.replace(/[.:/]/g, '\\$&')}\\n`));
      expect(system.output()).toContain(`${publicUrl}/auth/dev`);
      descendants = descendantsOf(launcher);
      expect(descendants.length).toBeGreaterThanOrEqual(4); // API, worker, Temporal, PostgreSQL
    } finally {
      const { code } = await system.stop('SIGINT');
      expect(code).toBe(0);
    }
    // The launcher finished its own stop (it used to wait for a PostgreSQL that was gone already).
    expect(system.output()).toMatch(/\] stopped in \d+ ms/);
    expect(descendants.filter(alive)).toEqual([]);
  });

  it('names the port in use and the setting that moves it, in one line', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', () => resolve()));
    try {
      const failed = await startSystem({ env: { DEV_SMTP_PORT: String(port) }, readyTimeoutMs: 60_000 }).then(
        async (s) => {
          await s.stop();
          return undefined;
        },
        (err: Error) => err.message,
      );
      expect(failed).toMatch(new RegExp(`failed to start: port ${port} is in use \\(DEV_SMTP_PORT moves it\\)`));
      expect(failed).not.toMatch(/TypeError|\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  (root ? it : it.skip)('as root, says in one line that the postgres user cannot reach the data folder, and how to fix it', async () => {
    const closed = mkdtempSync(join(tmpdir(), 'cil-flow-closed-'));
    chmodSync(closed, 0o700);
    const dataDir = join(closed, 'data');
    const failed = await startSystem({ env: { DATA_DIR: dataDir }, readyTimeoutMs: 60_000 }).then(
      async (s) => {
        await s.stop();
        return undefined;
      },
      (err: Error) => err.message,
    );
    expect(failed).toContain(`cannot enter ${closed} (mode 0700) on the way to the data folder: set DATA_DIR to a folder it can reach`);
    expect(failed).not.toMatch(/EACCES|\n\s+at /);
  });
});
