import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { jest } from '@jest/globals';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { finishProbeSignal, probeEmptyUpdate, probeRecordUpdate } from '../../workflows/contracts/bench-probe.contract.js';
import { benchProbeWorkflow } from '../../workflows/system/bench-probe.workflow.js';
import { localTestEnv } from '../support/temporal.js';
import { HISTORIES_DIR, workflowsPath } from './workflow-paths.js';

jest.setTimeout(120_000);

describe('benchProbeWorkflow on a real Temporal dev server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await localTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('answers an empty update without an activity, a record update after one local activity with its own key, and ends when told', async () => {
    const recorded: string[] = [];
    let attempts = 0;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'bench-probe-test',
      workflowsPath,
      activities: {
        recordProbe: ({ key }: { key: string }) => {
          attempts++;
          if (attempts === 1) throw new Error('the database went away');
          recorded.push(key);
          return Promise.resolve();
        },
      },
    });
    const workflowId = 'bench-probe';
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(benchProbeWorkflow, { taskQueue: 'bench-probe-test', workflowId });
      await handle.executeUpdate(probeEmptyUpdate);
      expect(attempts).toBe(0);
      await handle.executeUpdate(probeRecordUpdate);
      expect(recorded).toEqual([`${workflowId}/1`]);
      await Promise.all([handle.executeUpdate(probeRecordUpdate), handle.executeUpdate(probeRecordUpdate), handle.executeUpdate(probeEmptyUpdate)]);
      await handle.signal(finishProbeSignal);
      return handle.result();
    });
    expect(result).toEqual({ recorded: 3 });
    expect([...recorded].sort()).toEqual([`${workflowId}/1`, `${workflowId}/2`, `${workflowId}/3`]);
    // The first record update's activity failed once and was retried within the same update.
    expect(attempts).toBe(4);
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    expect(events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes)).toHaveLength(5);
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(0);
    if (process.env.RECORD_HISTORIES === '1') writeFileSync(join(HISTORIES_DIR, `${workflowId}.json`), historyToJSON(history));
  });
});
