import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Stack } from '../stack/stack.js';

export type FaultKind = 'worker-kill' | 'temporal-restart' | 'smtp-refusal' | 'postgres-restart' | 'postgres-cut';

/** One fault of the plan: what, at which share of the run's steps, and for how long (ms). */
export interface PlannedFault {
  kind: FaultKind;
  at: number;
  ms: number;
}

export interface InjectedFault extends PlannedFault {
  /** Seconds since the run started. */
  startedAt: number;
  /** How long until the piece was back (ms). */
  tookMs: number;
  progress: number;
  inFlight: number;
  what: string;
  error?: string;
}

/** mulberry32: a small seeded generator, so one seed always gives the same plan. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const FIRST_AT = 0.04;
const LAST_AT = 0.72;

/**
 * The faults of one run, in a seeded random order, each given its own slice of the run (by share
 * of steps done) between FIRST_AT and LAST_AT, so they spread out and never overlap: three kills
 * of the worker, one Temporal restart, one SMTP refusal, one PostgreSQL restart and one cut of
 * every PostgreSQL connection.
 */
export function planFaults(seed: number): PlannedFault[] {
  const random = seededRandom(seed);
  const between = (min: number, max: number) => Math.round(min + random() * (max - min));
  const faults: Omit<PlannedFault, 'at'>[] = [
    { kind: 'worker-kill', ms: between(1_000, 3_000) },
    { kind: 'worker-kill', ms: between(1_000, 3_000) },
    { kind: 'worker-kill', ms: between(1_000, 3_000) },
    { kind: 'temporal-restart', ms: between(3_000, 5_000) },
    { kind: 'smtp-refusal', ms: between(7_500, 8_500) },
    { kind: 'postgres-restart', ms: 2_000 },
    { kind: 'postgres-cut', ms: 0 },
  ];
  for (let i = faults.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [faults[i], faults[j]] = [faults[j], faults[i]];
  }
  const slice = (LAST_AT - FIRST_AT) / faults.length;
  return faults.map((f, i) => ({ ...f, at: Math.round((FIRST_AT + slice * (i + 0.2 + 0.6 * random())) * 1000) / 1000 }));
}

/** A pause after each fault, so the next one does not land on the recovery from the last. */
const GAP_MS = 2_000;

export interface RunProgress {
  /** Share of the run's steps done, 0–1. */
  fraction: number;
  inFlight: number;
  finished: boolean;
}

/** Injects the planned faults one after another as the run reaches each one's share of steps. */
export class FaultInjector {
  readonly injected: InjectedFault[] = [];

  constructor(
    readonly plan: readonly PlannedFault[],
    private readonly stack: Stack,
    private readonly progress: () => RunProgress,
    private readonly elapsedSeconds: () => number,
    private readonly say: (msg: string) => void,
  ) {}

  async run(): Promise<void> {
    for (const fault of this.plan) {
      for (;;) {
        const now = this.progress();
        if (now.finished) return;
        if (now.fraction >= fault.at && now.inFlight > 0) break;
        await sleep(100);
      }
      await this.inject(fault);
      await sleep(GAP_MS);
    }
  }

  private async inject(fault: PlannedFault): Promise<void> {
    const { fraction, inFlight } = this.progress();
    const startedAt = this.elapsedSeconds();
    const t0 = Date.now();
    let what = fault.kind as string;
    let error: string | undefined;
    try {
      what = await this.apply(fault);
    } catch (err) {
      error = (err as Error).message;
    }
    const injected: InjectedFault = { ...fault, startedAt, tookMs: Date.now() - t0, progress: fraction, inFlight, what, error };
    this.injected.push(injected);
    this.say(`fault at +${startedAt.toFixed(1)} s (${Math.round(fraction * 100)}% of steps, ${inFlight} journeys in flight): ${describeFault(injected)}`);
  }

  private async apply({ kind, ms }: PlannedFault): Promise<string> {
    const { stack } = this;
    switch (kind) {
      case 'worker-kill': {
        const pid = await stack.worker.kill9(ms);
        return `worker killed with SIGKILL (pid ${pid ?? 'none: it was not running'}), restarted ${(ms / 1000).toFixed(1)} s later`;
      }
      case 'temporal-restart':
        await stack.temporal.stop();
        await sleep(ms);
        await stack.temporal.start();
        return `Temporal dev server stopped, started again after ${(ms / 1000).toFixed(1)} s down`;
      case 'smtp-refusal':
        await stack.mail.refuseSmtp();
        await sleep(ms);
        await stack.mail.reopenSmtp();
        return `SMTP refused connections for ${(ms / 1000).toFixed(1)} s`;
      case 'postgres-restart':
        await stack.postgres.stop();
        await sleep(ms);
        await stack.postgres.start();
        return `PostgreSQL stopped, started again after ${(ms / 1000).toFixed(1)} s down`;
      case 'postgres-cut': {
        const client = new pg.Client({ connectionString: stack.databaseUrl });
        client.on('error', () => undefined);
        await client.connect();
        try {
          const cut = await client.query<{ n: number }>('SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
          return `every PostgreSQL connection cut (pg_terminate_backend: ${cut.rows[0].n} backends)`;
        } finally {
          await client.end();
        }
      }
    }
  }
}

export function describeFault(f: InjectedFault): string {
  return `${f.what}; back after ${(f.tookMs / 1000).toFixed(1)} s${f.error ? `; FAILED: ${f.error}` : ''}`;
}
