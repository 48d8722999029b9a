import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '../../workflows/contracts/temporal.js';
import { connectTemporalWithin } from '../../services/platform/temporal/temporal-connect.js';
import { resolveTool, TEMPORAL_CLI } from '../tools/temporal-tools.js';
import { stopProcess } from './supervised-process.js';

export interface DevServerOptions {
  dbFile: string;
  port: number;
  uiPort: number;
  /** The HTTP API and `/metrics` ports; the CLI picks random ones when not given. */
  httpPort?: number;
  metricsPort?: number;
  namespace: string;
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

/** `--search-attribute` flags for every attribute the workflows use. */
export function searchAttributeFlags(): string[] {
  return Object.values(SEARCH_ATTRIBUTES).flatMap((a) => ['--search-attribute', `${a.name}=${a.type}`]);
}

/**
 * The Temporal CLI dev server, file-backed: the full server and its Web UI in one process. Uses the
 * CLI found by resolveTool; when none is found, the SDK downloads one and runs it.
 */
export class TemporalDevServer {
  private child?: ChildProcess;
  private sdkServer?: { teardown(): Promise<void> };

  constructor(private readonly options: DevServerOptions) {}

  get address(): string {
    return `127.0.0.1:${this.options.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<{ address: string; source: string }> {
    const { dbFile, port, uiPort, httpPort, metricsPort, namespace, log = () => {} } = this.options;
    mkdirSync(dirname(dbFile), { recursive: true });
    const tool = resolveTool(TEMPORAL_CLI);
    if (!tool.path) {
      log('no Temporal CLI found (TEMPORAL_CLI_PATH, PATH, .tools/bin); letting the Temporal SDK download one');
      const { TestWorkflowEnvironment } = await import('@temporalio/testing');
      const env = await TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'cached-download' },
          ip: '127.0.0.1',
          port,
          ui: true,
          uiPort,
          dbFilename: dbFile,
          namespace,
          searchAttributes: Object.values(SEARCH_ATTRIBUTES).map((a) => defineSearchAttributeKey(a.name, SearchAttributeType.KEYWORD)),
        },
      });
      this.sdkServer = env;
      return { address: this.address, source: tool.source };
    }
    this.child = spawn(
      tool.path,
      [
        'server', 'start-dev',
        '--ip', '127.0.0.1',
        '--port', String(port),
        '--ui-port', String(uiPort),
        ...(httpPort ? ['--http-port', String(httpPort)] : []),
        ...(metricsPort ? ['--metrics-port', String(metricsPort)] : []),
        '--db-filename', dbFile,
        '--namespace', namespace,
        '--log-level', 'warn',
        ...searchAttributeFlags(),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<never>((_, reject) => {
      this.child!.once('exit', (code, signal) => reject(new Error(`the Temporal dev server exited early (code ${code}, signal ${signal}); is port ${port} or ${uiPort} taken?`)));
      this.child!.once('error', reject);
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.on('data', (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach(log));
    }
    const connection = await Promise.race([
      connectTemporalWithin(async () => {
        const c = await Connection.connect({ address: this.address, connectTimeout: 1_000 });
        try {
          await c.workflowService.describeNamespace({ namespace });
          return c;
        } catch (err) {
          await c.close();
          throw err;
        }
      }, this.address, this.options.startTimeoutMs ?? 60_000),
      exited,
    ]);
    await connection.close();
    exited.catch(() => undefined);
    return { address: this.address, source: `${tool.source}: ${tool.path}` };
  }

  /** Stops the server: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.sdkServer) return this.sdkServer.teardown();
    await stopProcess(this.child, 'SIGTERM', graceMs);
  }
}
