import { describe, expect, it } from '@jest/globals';
import { countsBetween, parseMetrics } from './worker-metrics.js';

const exposition = (wft: number, la: number) => `# HELP temporal_workflow_task_execution_latency Histogram of workflow task execution latencies
temporal_workflow_task_execution_latency_bucket{namespace="default",workflow_type="certificateWorkflow",le="1"} 3
temporal_workflow_task_execution_latency_sum{namespace="default",workflow_type="certificateWorkflow"} 1234
temporal_workflow_task_execution_latency_count{namespace="default",workflow_type="certificateWorkflow"} ${wft}
temporal_workflow_task_execution_latency_count{namespace="default",workflow_type="rolloutWorkflow"} 2
temporal_local_activity_total{activity_type="openTask",workflow_type="certificateWorkflow"} ${la}
temporal_local_activity_total{activity_type="closeTask",workflow_type="certificateWorkflow"} 1
temporal_activity_task_received{activity_type="issueDiploma",eager="true"} 4
temporal_request{namespace="default",operation="RespondQueryTaskCompleted",service_name="temporal-core-sdk"} 7
temporal_request{namespace="default",operation="RespondWorkflowTaskCompleted",service_name="temporal-core-sdk"} 90
temporal_request_latency_count{namespace="default",operation="RespondQueryTaskCompleted",service_name="temporal-core-sdk"} 7
temporal_sticky_cache_hit{workflow_type="certificateWorkflow"} 80
temporal_sticky_cache_miss{workflow_type="certificateWorkflow"} 1
temporal_sticky_cache_total_forced_eviction{task_queue="cil-flow"} 0
`;

describe('the worker metrics', () => {
  it('add up each count over its labels, histogram counts only', () => {
    expect(parseMetrics(exposition(10, 5))).toEqual({ workflowTasks: 12, localActivities: 6, activities: 4, queries: 7, stickyCacheMisses: 1, cacheEvictions: 0 });
  });

  it('count a series that has not appeared yet as 0, and give what a phase moved', () => {
    expect(parseMetrics('')).toEqual({ workflowTasks: 0, localActivities: 0, activities: 0, queries: 0, stickyCacheMisses: 0, cacheEvictions: 0 });
    expect(countsBetween(parseMetrics(exposition(10, 5)), parseMetrics(exposition(25, 9)))).toMatchObject({ workflowTasks: 15, localActivities: 4, queries: 0 });
  });
});
