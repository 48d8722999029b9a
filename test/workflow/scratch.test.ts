import { jest } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { decideTaskUpdate, withdrawUpdate } from '../../workflows/rollout/rollout.messages.js';
import { rolloutWorkflow } from '../../workflows/rollout/rollout.workflow.js';
import { stateKey } from '../../workflows/shared/temporal.constants.js';
import { timeSkippingTestEnv } from '../support/temporal.js';
import { acceptedUpdateIds, approve, openTaskOf, participants, recordingActivities, refusalOf, rolloutInput, rolloutWorker, INITIATOR } from './rollout-harness.js';

jest.setTimeout(60_000);

describe('scratch', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await timeSkippingTestEnv(); });
  afterAll(async () => { await env?.teardown(); });

  it('explores', async () => {
    const { calls, activities } = recordingActivities();
    const worker = await rolloutWorker(env, 'scratch', activities);
    const handle = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(rolloutWorkflow, { taskQueue: 'scratch', workflowId: 'scratch-1', args: [rolloutInput()] });
      const leader = await openTaskOf(handle, 'anchoring_programme_leader');
      await openTaskOf(handle, 'anchoring_section_head');
      await new Promise((r) => setTimeout(r, 1500));
      console.log('mails after 1.5s', calls.mails.map((m) => m.key));
      const r = await refusalOf(handle.executeUpdate(decideTaskUpdate, { updateId: 'u-bad', args: [{ taskId: leader, actorId: 'nobody', decision: approve }] }));
      console.log('refusal', r);
      await handle.executeUpdate(decideTaskUpdate, { updateId: 'u-good', args: [{ taskId: leader, actorId: participants.programmeLeaderId, decision: approve }] });
      console.log('accepted', await acceptedUpdateIds(handle));
      const d = await handle.describe();
      console.log('sa', d.typedSearchAttributes.get(stateKey), d.searchAttributes);
      return handle;
    });
    // worker down: two concurrent updates
    const p1 = handle.executeUpdate(withdrawUpdate, { updateId: 'w1', args: [{ actorId: INITIATOR }] });
    const sec = `scratch-1:r1:section-head`;
    const p2 = handle.executeUpdate(decideTaskUpdate, { updateId: 'd2', args: [{ taskId: sec, actorId: participants.sectionHeadId, decision: approve }] });
    await new Promise((r) => setTimeout(r, 500));
    const worker2 = await rolloutWorker(env, 'scratch', activities);
    await worker2.runUntil(async () => {
      const rs = await Promise.race([Promise.allSettled([p1, p2]), new Promise((r) => setTimeout(() => r('timeout'), 5000))]);
      console.log('results', JSON.stringify(rs));
      console.log('accepted', await acceptedUpdateIds(handle));
      const h = await handle.fetchHistory();
      console.log(h.events?.map((e) => `${e.eventId} ${e.eventType}`).join('\n'));
    });
  });
});
