import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG } from '../config/config.module.js';
import { requireDatabaseUrl, type AppConfig } from '../config/config.schema.js';

const RECONNECT_MS = 1_000;

export interface Subscription {
  /** Each NOTIFY on the channel, with its payload. */
  notify(payload: string): void;
  /**
   * The listening connection came (true) or went (false). Notifications sent while it was away are
   * lost, so a subscriber that caches must forget what it holds when this says false.
   */
  connection?(listening: boolean): void;
}

/**
 * One PostgreSQL connection that LISTENs for the process (the mail outbox's wake-up, the principal
 * cache's invalidations), reconnecting after a database restart. It connects on the first
 * subscription, so a process that subscribes to nothing holds no connection.
 */
@Injectable()
export class PgListener implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PgListener.name);
  private readonly subscriptions = new Map<string, Set<Subscription>>();
  private client?: pg.Client;
  private running?: Promise<void>;
  private stopping = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Whether notifications are being received right now. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** `channel` must be a plain identifier (it is written into LISTEN). */
  subscribe(channel: string, subscription: Subscription): void {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
    const known = this.subscriptions.get(channel);
    if (known) known.add(subscription);
    else {
      this.subscriptions.set(channel, new Set([subscription]));
      void this.client?.query(`LISTEN ${channel}`).catch(() => this.client?.end().catch(() => undefined));
    }
    if (this.client) subscription.connection?.(true);
    this.running ??= this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.client?.end().catch(() => undefined);
    await this.running;
  }

  private tell(listening: boolean): void {
    for (const set of this.subscriptions.values()) for (const s of set) s.connection?.(listening);
  }

  private async run(): Promise<void> {
    let warned = false;
    while (!this.stopping) {
      const client = new pg.Client({ connectionString: requireDatabaseUrl(this.config) });
      client.on('error', () => undefined); // the 'end' that follows is what counts
      const ended = new Promise<void>((resolve) => client.once('end', resolve));
      try {
        await client.connect();
        client.on('notification', (n) => {
          for (const s of this.subscriptions.get(n.channel) ?? []) s.notify(n.payload ?? '');
        });
        for (const channel of this.subscriptions.keys()) await client.query(`LISTEN ${channel}`);
        this.client = client;
        warned = false;
        this.tell(true);
        await ended;
      } catch (err) {
        if (!warned) this.logger.warn({ msg: 'cannot listen for database notifications; retrying', err: (err as Error).message });
        warned = true;
        await client.end().catch(() => undefined);
      }
      if (this.client === client) {
        this.client = undefined;
        this.tell(false);
      }
      if (!this.stopping) await sleep(RECONNECT_MS);
    }
  }
}
