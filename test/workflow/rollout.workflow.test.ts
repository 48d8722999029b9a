import { jest } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { publishCatalogueUpdate, rolloutViewQuery } from '../../workflows/rollout/rollout.messages.js';
import { rolloutWorkflow } from '../../workflows/rollout/rollout.workflow.js';
import { timeSkippingTestEnv } from '../support/temporal.js';
import { approve, decide, openTaskOf, participants, recordingActivities, rolloutInput, rolloutWorker } from './rollout-harness.js';

jest.setTimeout(120_000);

describe('rolloutWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('goes from initiative to an open programme when everyone approves', async () => {
    const { calls, activities } = recordingActivities();
    const worker = await rolloutWorker(env, 'rollout-happy', activities);
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(rolloutWorkflow, { taskQueue: 'rollout-happy', workflowId: 'rollout-case-1', args: [rolloutInput()] });
      await decide(handle, 'anchoring_programme_leader', participants.programmeLeaderId, approve);
      await decide(handle, 'anchoring_section_head', participants.sectionHeadId, approve);
      await decide(handle, 'final_approval', participants.headOfDepartmentId, { outcome: 'approve' });
      await decide(handle, 'register_local_group', participants.facultyRepresentativeId, {
        outcome: 'register',
        members: [
          { personId: 'm1', seat: 'administrative_resource' },
          { personId: 'm2', seat: 'academic_coordinator' },
          { personId: 'm3', seat: 'academic_staff' },
          { personId: 'm4', seat: 'student' },
        ],
      });
      for (let i = 0; i < 100 && (await handle.query(rolloutViewQuery)).stage !== 'development'; i++) await new Promise((r) => setTimeout(r, 50));
      const view = await handle.executeUpdate(publishCatalogueUpdate, { args: [{ actorId: 'm1', homeActivities: 1, abroadActivities: 1 }] });
      expect(view.stage).toBe('open');
    });
    expect(calls.stages).toEqual(['anchoring', 'final_approval', 'local_group', 'development', 'open']);
    expect(calls.tasks.map((t) => t.type)).toEqual(['anchoring_programme_leader', 'anchoring_section_head', 'final_approval', 'register_local_group']);
    expect(calls.mails.map((m) => m.kind)).toEqual(expect.arrayContaining(['initiative_submitted', 'task_assigned', 'rollout_approved', 'local_group_membership', 'programme_opened']));
    expect(calls.opened).toEqual(['prog-1']);
    void openTaskOf;
    void WorkflowUpdateFailedError;
  });
});
