import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { Public } from '../../features/auth/auth.decorators.js';

const CHECK_TIMEOUT_MS = 2_000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function check(fn: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await within(fn(), CHECK_TIMEOUT_MS);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly temporal: Connection,
  ) {}

  /** The process is up. */
  @Get('health')
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  health() {
    return { status: 'ok' };
  }

  /** The database and Temporal answer; 503 otherwise. */
  @Get('ready')
  @HttpCode(200)
  @ApiOkResponse({ schema: { example: { status: 'ready', checks: { database: { ok: true }, temporal: { ok: true } } } } })
  @ApiServiceUnavailableResponse()
  async ready() {
    const [database, temporal] = await Promise.all([
      check(() => this.db.query('SELECT 1')),
      check(() => this.temporal.workflowService.describeNamespace({ namespace: this.config.temporal.namespace })),
    ]);
    const body = { status: database.ok && temporal.ok ? 'ready' : 'not ready', checks: { database, temporal } };
    if (!database.ok || !temporal.ok) throw new ServiceUnavailableException(body);
    return body;
  }
}
