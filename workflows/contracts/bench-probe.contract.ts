import { defineSignal, defineUpdate } from '@temporalio/workflow';

/**
 * The benchmark's probe of the engine's floor: what a Workflow Update costs on this stack with no
 * case behind it, once with an empty handler and once with one local activity writing one row.
 */

/** Every probe row belongs to this case id, which no case has: a probe never writes into a real case's timeline. */
export const BENCH_PROBE_CASE_ID = '00000000-0000-0000-0000-000000000000';
/** The kind of the timeline row a probe writes. */
export const BENCH_PROBE_EVENT_KIND = 'bench.probe';

export interface BenchProbeActivities {
  /** Inserts one timeline row under BENCH_PROBE_CASE_ID; a retry with the same key adds none. */
  recordProbe(input: { key: string }): Promise<void>;
}

/** An update whose handler does nothing: the floor of an update. */
export const probeEmptyUpdate = defineUpdate<void>('probeEmpty');
/** An update whose handler runs one local activity (one insert) before it answers. */
export const probeRecordUpdate = defineUpdate<void>('probeRecord');
/** The probe is done: the workflow finishes once its handlers have. */
export const finishProbeSignal = defineSignal('finishProbe');
