import { performance } from 'node:perf_hooks';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { finishProbeSignal, probeEmptyUpdate, probeRecordUpdate } from '../../workflows/contracts/bench-probe.contract.js';
import { benchProbeWorkflowId } from '../../workflows/contracts/ids.js';
import type { benchProbeWorkflow } from '../../workflows/system/bench-probe.workflow.js';
import { ErrorTally, summarise } from '../kit/runner.js';

/** The engine's floor, measured two ways: an update with an empty handler, and one whose handler runs one local activity (one insert). */
export const FLOOR_KINDS = ['emptyUpdate', 'oneLocalActivity'] as const;
export type FloorKind = (typeof FLOOR_KINDS)[number];

const UPDATE = { emptyUpdate: probeEmptyUpdate, oneLocalActivity: probeRecordUpdate } as const;
/** The floor phase's part of a probe's workflow id. */
export const FLOOR_PHASE = { emptyUpdate: 'empty', oneLocalActivity: 'record' } as const satisfies Record<FloorKind, string>;
/** Updates one probe workflow takes before its lane goes on with a fresh one: keeps each history short. */
const UPDATES_PER_PROBE = 200;

export interface FloorResult {
  updates: number;
  completed: number;
  failed: number;
  /** Probe workflows the phase used (one per lane, and a fresh one every UPDATES_PER_PROBE updates). */
  probes: number;
  seconds: number;
  updatesPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: string[];
}

export interface FloorRun {
  client: Client;
  taskQueue: string;
  run: string;
  /** Updates in the phase. */
  count: number;
  /** Updates in flight at once, each lane on its own probe workflow. */
  concurrency: number;
  print: (line: string) => void;
}

/**
 * Sends `count` updates of one kind to probe workflows (benchProbeWorkflow), `concurrency` lanes at
 * once, each lane one update at a time to its own probe, and answers their latencies: from the
 * update's request until its response, as the baseline's update steps. A probe is started, and
 * answers one untimed empty update, before its lane's first timed one, so its first workflow task
 * is not counted; at the end each probe is told to finish.
 */
export async function runFloor(kind: FloorKind, { client, taskQueue, run, count, concurrency, print }: FloorRun): Promise<FloorResult> {
  const latencies: number[] = [];
  const errors = new ErrorTally();
  const update = UPDATE[kind];
  let failed = 0;
  let probes = 0;
  let next = 0;
  const started = performance.now();
  const progress = setInterval(() => {
    const elapsed = (performance.now() - started) / 1000;
    print(`  floor ${kind.padEnd(16)} ${String(latencies.length + failed).padStart(String(count).length)}/${count} updates · ${(latencies.length / elapsed).toFixed(1)}/s${failed ? ` · ${failed} failed` : ''} · ${elapsed.toFixed(0)} s`);
  }, 1_000);

  const finish = (handle: WorkflowHandle<typeof benchProbeWorkflow>) => handle.signal(finishProbeSignal).catch((err: unknown) => errors.add(err));
  const lane = async (laneNo: number) => {
    let handle: WorkflowHandle<typeof benchProbeWorkflow> | undefined;
    let served = 0;
    let probeNo = 0;
    try {
      while (next < count) {
        next++;
        try {
          if (!handle || served >= UPDATES_PER_PROBE) {
            if (handle) await finish(handle);
            handle = undefined;
            const fresh = await client.workflow.start<typeof benchProbeWorkflow>('benchProbeWorkflow', { taskQueue, workflowId: benchProbeWorkflowId(run, FLOOR_PHASE[kind], laneNo, probeNo++) });
            probes++;
            await fresh.executeUpdate(probeEmptyUpdate);
            handle = fresh;
            served = 0;
          }
          served++;
          const t0 = performance.now();
          await handle.executeUpdate(update);
          latencies.push(performance.now() - t0);
        } catch (err) {
          failed++;
          errors.add(err);
        }
      }
    } finally {
      if (handle) await finish(handle);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, (_, i) => lane(i)));
  } finally {
    clearInterval(progress);
  }
  const seconds = (performance.now() - started) / 1000;
  const { p50Ms, p95Ms, p99Ms, maxMs } = summarise(latencies);
  return {
    updates: count,
    completed: latencies.length,
    failed,
    probes,
    seconds: Math.round(seconds * 100) / 100,
    updatesPerSec: Math.round((latencies.length / seconds) * 10) / 10,
    p50Ms,
    p95Ms,
    p99Ms,
    maxMs,
    errors: errors.list(),
  };
}
