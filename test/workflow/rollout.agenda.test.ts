import { jest } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { reviewMeetingScheduledSignal } from '../../workflows/contracts/rollout.contract.js';
import { rolloutWorkflow } from '../../workflows/rollout/rollout.workflow.js';
import { timeSkippingTestEnv } from '../support/temporal.js';
import { participants, recordingActivities, rolloutInput, rolloutWorker } from './rollout-harness.js';

jest.setTimeout(120_000);

const DAY = 86_400_000;

describe('review meeting agendas', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('go to the local group ahead of each meeting, follow a moved meeting, and go once', async () => {
    const { calls, activities } = recordingActivities();
    const worker = await rolloutWorker(env, 'rollout-agenda', activities);
    await worker.runUntil(async () => {
      const input = rolloutInput('case-agenda');
      const handle = await env.client.workflow.start(rolloutWorkflow, {
        taskQueue: 'rollout-agenda',
        workflowId: 'rollout.agenda',
        args: [input, { stage: 'open', round: 1, initiative: input.initiative, participants, tasks: [] }],
      });
      const start = (await handle.describe()).startTime.getTime();
      const at = (days: number) => new Date(start + days * DAY).toISOString();
      await handle.signal(reviewMeetingScheduledSignal, { meetingId: 'm1', agendaAt: at(3) });
      await handle.signal(reviewMeetingScheduledSignal, { meetingId: 'm2', agendaAt: at(10) });
      await handle.signal(reviewMeetingScheduledSignal, { meetingId: 'm1', agendaAt: at(3) }); // the same again
      await env.sleep(4 * DAY);
      expect(calls.agendas).toEqual(['m1']);
      // m2 is moved later: its first time passes without an agenda.
      await handle.signal(reviewMeetingScheduledSignal, { meetingId: 'm2', agendaAt: at(20) });
      await env.sleep(7 * DAY);
      expect(calls.agendas).toEqual(['m1']);
      await env.sleep(10 * DAY);
      expect(calls.agendas).toEqual(['m1', 'm2']);
      await env.sleep(30 * DAY);
      expect(calls.agendas).toEqual(['m1', 'm2']);
    });
  });
});
