import { performance } from 'node:perf_hooks';
import { STEP_KINDS, type Recorder, type StepKind } from './journeys.js';

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function summarise(values: number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted.at(-1) ?? 0) };
}

/** Distinct error messages (first line, shortened) and how often each came. */
export class ErrorTally {
  private readonly seen = new Map<string, number>();

  add(err: unknown): void {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 300);
    this.seen.set(message, (this.seen.get(message) ?? 0) + 1);
  }

  list(): string[] {
    return [...this.seen.entries()].map(([message, times]) => (times > 1 ? `${message} (×${times})` : message));
  }
}

export interface PhaseResult {
  journeys: number;
  completed: number;
  failed: number;
  seconds: number;
  journeysPerSec: number;
  stepsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  journey: LatencySummary;
  steps: Record<StepKind, LatencySummary>;
  errors: string[];
}

/**
 * Runs `count` journeys with at most `concurrency` at once, printing a progress line every second,
 * and answers throughput and latencies. A failed journey is counted and the run goes on.
 */
export async function runPhase(label: string, count: number, concurrency: number, journey: (index: number, recorder: Recorder) => Promise<void>, print: (line: string) => void): Promise<PhaseResult> {
  const byKind = new Map<StepKind, number[]>(STEP_KINDS.map((k) => [k, []]));
  const all: number[] = [];
  const journeyMs: number[] = [];
  const errors = new ErrorTally();
  let completed = 0;
  let failed = 0;
  let inFlight = 0;
  let next = 0;
  const recorder: Recorder = {
    step(kind, ms) {
      byKind.get(kind)!.push(ms);
      all.push(ms);
    },
  };
  const started = performance.now();
  let lastSteps = 0;
  let lastAt = started;
  const progress = setInterval(() => {
    const now = performance.now();
    const rateNow = ((all.length - lastSteps) * 1000) / (now - lastAt);
    lastSteps = all.length;
    lastAt = now;
    const elapsed = (now - started) / 1000;
    print(
      `  ${label.padEnd(9)} ${String(completed + failed).padStart(String(count).length)}/${count} journeys · ${all.length} steps · ${rateNow.toFixed(1)} steps/s now, ${(all.length / elapsed).toFixed(1)} average · ${inFlight} in flight${failed ? ` · ${failed} failed` : ''} · ${elapsed.toFixed(0)} s`,
    );
  }, 1_000);
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, count) }, async () => {
        while (next < count) {
          const index = next++;
          inFlight++;
          const t0 = performance.now();
          try {
            await journey(index, recorder);
            completed++;
            journeyMs.push(performance.now() - t0);
          } catch (err) {
            failed++;
            errors.add(err);
          } finally {
            inFlight--;
          }
        }
      }),
    );
  } finally {
    clearInterval(progress);
  }
  const seconds = (performance.now() - started) / 1000;
  const total = summarise(all);
  return {
    journeys: count,
    completed,
    failed,
    seconds: Math.round(seconds * 100) / 100,
    journeysPerSec: Math.round((completed / seconds) * 100) / 100,
    stepsPerSec: Math.round((all.length / seconds) * 10) / 10,
    p50Ms: total.p50Ms,
    p95Ms: total.p95Ms,
    p99Ms: total.p99Ms,
    journey: summarise(journeyMs),
    steps: Object.fromEntries(STEP_KINDS.map((k) => [k, summarise(byKind.get(k)!)])) as Record<StepKind, LatencySummary>,
    errors: errors.list(),
  };
}
