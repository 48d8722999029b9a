/**
 * The worker's own counts of what a phase made it do, read from the Temporal SDK's Prometheus
 * endpoint (TEMPORAL_WORKER_METRICS_ADDRESS) before and after the phase.
 */
export interface WorkerCounts {
  /** Workflow tasks the worker completed (each is one or more activations). */
  workflowTasks: number;
  localActivities: number;
  /** Regular activity tasks the worker received. */
  activities: number;
  /** Queries answered in query tasks. */
  queries: number;
  /** Workflow tasks for a workflow the worker did not have cached: each replays the history from the start. */
  stickyCacheMisses: number;
  /** Workflows dropped from the worker's cache to make room (maxCachedWorkflows). */
  cacheEvictions: number;
}

/** Which series each count adds up (over all their labels). */
const SERIES: Record<keyof WorkerCounts, RegExp> = {
  workflowTasks: /^temporal_workflow_task_execution_latency_count\b/,
  localActivities: /^temporal_local_activity_total\b/,
  activities: /^temporal_activity_task_received\b/,
  queries: /^temporal_request\{(?=[^}]*operation="RespondQueryTaskCompleted")/,
  stickyCacheMisses: /^temporal_sticky_cache_miss\b/,
  cacheEvictions: /^temporal_sticky_cache_total_forced_eviction\b/,
};

export type MetricsSnapshot = Record<keyof WorkerCounts, number>;

/** The counts in a Prometheus text exposition (a series that has not appeared yet counts 0). */
export function parseMetrics(text: string): MetricsSnapshot {
  const totals = Object.fromEntries(Object.keys(SERIES).map((k) => [k, 0])) as MetricsSnapshot;
  for (const line of text.split('\n')) {
    if (!line.startsWith('temporal_')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (!Number.isFinite(value)) continue;
    for (const [key, re] of Object.entries(SERIES) as [keyof WorkerCounts, RegExp][]) if (re.test(line)) totals[key] += value;
  }
  return totals;
}

/** The worker's counts now; null when its endpoint does not answer. */
export async function readWorkerMetrics(url: string | undefined): Promise<MetricsSnapshot | null> {
  if (!url) return null;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return res.ok ? parseMetrics(await res.text()) : null;
  } catch {
    return null;
  }
}

export function countsBetween(before: MetricsSnapshot, after: MetricsSnapshot): WorkerCounts {
  return Object.fromEntries(Object.keys(SERIES).map((k) => [k, after[k as keyof WorkerCounts] - before[k as keyof WorkerCounts]])) as unknown as WorkerCounts;
}
