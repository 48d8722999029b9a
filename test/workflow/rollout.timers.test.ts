import { expect, jest } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { reassignTaskUpdate } from '../../workflows/contracts/rollout.contract.js';
import { decideTaskUpdate } from '../../workflows/contracts/tasks.contract.js';
import { timeSkippingTestEnv } from '../support/temporal.js';
import {
  approve,
  DAY,
  decide,
  localGroup,
  mailsOf,
  openTaskOf,
  participants,
  quiescent,
  recipient,
  recordHistory,
  refusalOf,
  toLocalGroup,
  untilStage,
  view,
  waitFor,
  withRollout,
  type RolloutCalls,
} from './rollout-harness.js';

jest.setTimeout(60_000);

const { programmeLeaderId, sectionHeadId, facultyRepresentativeId } = participants;
/** What the task activity would compute from the working-day settings; only the durations matter here. */
const timing = { remindAfterMs: 5 * DAY, escalateAfterMs: 10 * DAY };
const keysOf = (calls: RolloutCalls, kind: 'task_reminder' | 'task_escalated') => mailsOf(calls, kind).map((m) => m.key);

describe('rolloutWorkflow reminders, escalation and reassignment', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('reminds an open task’s assignee after N days and escalates after M, without waiting for them', async () => {
    const started = Date.now();
    await withRollout(
      env,
      'reminded-and-escalated',
      async (handle, calls) => {
        const leader = await openTaskOf(handle, 'anchoring_programme_leader');
        const section = await openTaskOf(handle, 'anchoring_section_head');
        await quiescent(handle);
        await env.sleep('4 days');
        await quiescent(handle);
        expect(mailsOf(calls, 'task_reminder')).toEqual([]);

        await env.sleep('2 days');
        await waitFor('two reminders', () => mailsOf(calls, 'task_reminder').length === 2);
        await quiescent(handle);
        const reminders = mailsOf(calls, 'task_reminder');
        expect(reminders.map((m) => [m.key, m.to.map(recipient), m.taskId])).toEqual([
          [`${leader}:a1:reminder`, [programmeLeaderId], leader],
          [`${section}:a1:reminder`, [sectionHeadId], section],
        ]);
        expect(mailsOf(calls, 'task_escalated')).toEqual([]);

        await env.sleep('5 days');
        await waitFor('two escalations', () => mailsOf(calls, 'task_escalated').length === 2);
        await quiescent(handle);
        const escalations = mailsOf(calls, 'task_escalated');
        expect(escalations.map((m) => [m.key, m.to.map(recipient), m.cc?.map(recipient)])).toEqual([
          [`${leader}:a1:escalation`, [programmeLeaderId], [facultyRepresentativeId, 'central-mailbox']],
          [`${section}:a1:escalation`, [sectionHeadId], [facultyRepresentativeId, 'central-mailbox']],
        ]);

        // Nothing more after the escalation, however long the task stays open.
        await env.sleep('30 days');
        await quiescent(handle);
        expect(mailsOf(calls, 'task_reminder')).toHaveLength(2);
        expect(mailsOf(calls, 'task_escalated')).toHaveLength(2);
        expect((await view(handle)).tasks.map((t) => t.status)).toEqual(['open', 'open']);
        await recordHistory(handle);
      },
      { timing },
    );
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('sends no reminder for a task decided before it was due', async () => {
    await withRollout(
      env,
      'decided-in-time',
      async (handle, calls) => {
        const leader = await openTaskOf(handle, 'anchoring_programme_leader');
        const section = await openTaskOf(handle, 'anchoring_section_head');
        await quiescent(handle);
        await env.sleep('2 days');
        await decide(handle, 'anchoring_programme_leader', programmeLeaderId, approve);
        await quiescent(handle);
        await env.sleep('11 days');
        await waitFor('the section head’s escalation', () => mailsOf(calls, 'task_escalated').length === 1);
        await quiescent(handle);
        expect(keysOf(calls, 'task_reminder')).toEqual([`${section}:a1:reminder`]);
        expect(keysOf(calls, 'task_escalated')).toEqual([`${section}:a1:escalation`]);
        expect(calls.mails.filter((m) => m.taskId === leader).map((m) => m.kind)).toEqual(['task_assigned']);
      },
      { timing },
    );
  });

  it('reminds the faculty representative weekly until the local group is registered', async () => {
    await withRollout(
      env,
      'weekly',
      async (handle, calls) => {
        const registration = await toLocalGroup(handle);
        await quiescent(handle);
        // Every anchoring and final-approval reminder was cancelled when its task was decided.
        await env.sleep('8 days');
        await waitFor('the first weekly reminder', () => mailsOf(calls, 'task_reminder').length === 1);
        await env.sleep('7 days');
        await waitFor('the second weekly reminder', () => mailsOf(calls, 'task_reminder').length === 2);
        await quiescent(handle);
        const reminders = mailsOf(calls, 'task_reminder');
        expect(reminders.map((m) => [m.key, m.to.map(recipient), m.taskId])).toEqual([
          [`${registration}:a1:weekly-reminder-1`, [facultyRepresentativeId], registration],
          [`${registration}:a1:weekly-reminder-2`, [facultyRepresentativeId], registration],
        ]);
        // Weekly reminders replace the remind/escalate pair.
        expect(mailsOf(calls, 'task_escalated')).toEqual([]);

        await decide(handle, 'register_local_group', facultyRepresentativeId, localGroup);
        await untilStage(handle, 'development');
        await quiescent(handle);
        await env.sleep('21 days');
        await quiescent(handle);
        expect(mailsOf(calls, 'task_reminder')).toHaveLength(2);
      },
      { timing },
    );
  });

  it('hands a task to someone else: e-mails both, moves the right to decide, and restarts the reminders', async () => {
    await withRollout(
      env,
      'reassigned',
      async (handle, calls) => {
        const leader = await openTaskOf(handle, 'anchoring_programme_leader');
        const section = await openTaskOf(handle, 'anchoring_section_head');
        await quiescent(handle);
        await env.sleep('3 days');

        // Refused reassignments change nothing.
        const reassign = (taskId: string, assigneeId: string) => handle.executeUpdate(reassignTaskUpdate, { args: [{ taskId, actorId: 'p-admin', assigneeId }] });
        expect(await refusalOf(reassign(leader, programmeLeaderId))).toMatchObject({ kind: 'invalid', field: 'assigneeId' });
        expect(await refusalOf(reassign(`${handle.workflowId}:nonsense`, 'p-deputy'))).toMatchObject({ kind: 'not_found' });

        const moved = await reassign(leader, 'p-deputy');
        expect(moved).toMatchObject({ taskId: leader, assigneeId: 'p-deputy', assignment: 2, status: 'open' });
        expect(calls.reassigned).toEqual([{ taskId: leader, assigneeId: 'p-deputy' }]);
        expect(calls.mails.filter((m) => m.taskId === leader).map((m) => [m.kind, m.key, m.to.map(recipient)])).toEqual([
          ['task_assigned', `${leader}:a1:assigned`, [programmeLeaderId]],
          ['task_reassigned_away', `${leader}:a2:away`, [programmeLeaderId]],
          ['task_assigned', `${leader}:a2:assigned`, ['p-deputy']],
        ]);
        expect(calls.events).toContain('task.reassigned');

        // Day 6: the section head's reminder (due day 5) went out; the old assignee's was cancelled.
        await env.sleep('3 days');
        await waitFor('the section head’s reminder', () => mailsOf(calls, 'task_reminder').length === 1);
        await quiescent(handle);
        expect(keysOf(calls, 'task_reminder')).toEqual([`${section}:a1:reminder`]);

        // Day 9: five days after the reassignment, the new assignee is reminded.
        await env.sleep('3 days');
        await waitFor('the new assignee’s reminder', () => mailsOf(calls, 'task_reminder').length === 2);
        await quiescent(handle);
        expect(mailsOf(calls, 'task_reminder').map((m) => [m.key, m.to.map(recipient)])).toEqual([
          [`${section}:a1:reminder`, [sectionHeadId]],
          [`${leader}:a2:reminder`, ['p-deputy']],
        ]);

        const byOld = await refusalOf(handle.executeUpdate(decideTaskUpdate, { args: [{ taskId: leader, actorId: programmeLeaderId, decision: approve }] }));
        expect(byOld).toEqual({ kind: 'forbidden', message: 'only the person the task is assigned to can decide it' });
        expect(await handle.executeUpdate(decideTaskUpdate, { args: [{ taskId: leader, actorId: 'p-deputy', decision: approve }] })).toEqual({ taskId: leader, outcome: 'approve' });
        expect(calls.closed).toEqual([{ taskId: leader, status: 'done', decidedBy: 'p-deputy' }]);
        expect(await refusalOf(reassign(leader, 'p-third'))).toMatchObject({ kind: 'conflict' });

        // Decided: no escalation for the deputy (due day 13), while the section head's comes on day 10.
        await env.sleep('6 days');
        await waitFor('the section head’s escalation', () => mailsOf(calls, 'task_escalated').length === 1);
        await quiescent(handle);
        expect(keysOf(calls, 'task_escalated')).toEqual([`${section}:a1:escalation`]);
        await recordHistory(handle);
      },
      { timing },
    );
  });

  it('restarts weekly reminders for a reassigned local-group registration', async () => {
    await withRollout(
      env,
      'reassigned-weekly',
      async (handle, calls) => {
        const registration = await toLocalGroup(handle);
        await quiescent(handle);
        await env.sleep('4 days');
        await handle.executeUpdate(reassignTaskUpdate, { args: [{ taskId: registration, actorId: 'p-admin', assigneeId: 'p-facrep-2' }] });
        await quiescent(handle);
        // Day 8: the first assignee's week (day 7) was cancelled; the new one's ends on day 11.
        await env.sleep('4 days');
        await quiescent(handle);
        expect(mailsOf(calls, 'task_reminder')).toEqual([]);
        await env.sleep('4 days');
        await waitFor('the new assignee’s weekly reminder', () => mailsOf(calls, 'task_reminder').length === 1);
        expect(mailsOf(calls, 'task_reminder').map((m) => [m.key, m.to.map(recipient)])).toEqual([[`${registration}:a2:weekly-reminder-1`, ['p-facrep-2']]]);
        await decide(handle, 'register_local_group', 'p-facrep-2', localGroup);
        await untilStage(handle, 'development');
      },
      { timing },
    );
  });
});
