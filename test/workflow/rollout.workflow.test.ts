import { expect, jest } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { reassignTaskUpdate, withdrawUpdate, type Initiative, type TaskDecision, type TaskState } from '../../workflows/contracts/rollout.contract.js';
import { decideTaskUpdate } from '../../workflows/contracts/tasks.contract.js';
import type { RolloutCarry } from '../../workflows/rollout/rollout.workflow.js';
import { stateKey } from '../../workflows/contracts/temporal.js';
import { timeSkippingTestEnv } from '../support/temporal.js';
import {
  acceptedUpdateIds,
  approve,
  approveAnchoring,
  decide,
  INITIATOR,
  localGroup,
  mailsOf,
  openTaskOf,
  participants,
  publish,
  recipient,
  recordHistory,
  refusalOf,
  toLocalGroup,
  untilStage,
  view,
  withRollout,
  type RolloutHandle,
} from './rollout-harness.js';

jest.setTimeout(60_000);

const { programmeLeaderId, sectionHeadId, headOfDepartmentId, facultyRepresentativeId, deanId, proDeanId } = participants;
const CENTRAL = 'central-mailbox';

const cilState = async (handle: RolloutHandle) => (await handle.describe()).typedSearchAttributes.get(stateKey);

describe('rolloutWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('goes from initiative to an open programme when everyone approves', async () => {
    const { handle, calls } = await withRollout(env, 'happy', async (handle) => {
      await decide(handle, 'anchoring_programme_leader', programmeLeaderId, approve);
      await decide(handle, 'anchoring_section_head', sectionHeadId, approve);
      await decide(handle, 'final_approval', headOfDepartmentId, { outcome: 'approve' });
      await decide(handle, 'register_local_group', facultyRepresentativeId, localGroup);
      await untilStage(handle, 'development');
      const opened = await publish(handle);
      expect(opened.stage).toBe('open');
    });
    expect(calls.stages).toEqual(['anchoring', 'final_approval', 'local_group', 'development', 'open']);
    expect(calls.tasks.map((t) => [t.type, t.assigneeId])).toEqual([
      ['anchoring_programme_leader', programmeLeaderId],
      ['anchoring_section_head', sectionHeadId],
      ['final_approval', headOfDepartmentId],
      ['register_local_group', facultyRepresentativeId],
    ]);
    expect(calls.tasks.find((t) => t.type === 'register_local_group')?.weeklyReminders).toBe(true);
    expect(calls.mails.map((m) => m.kind)).toEqual(expect.arrayContaining(['initiative_submitted', 'task_assigned', 'rollout_approved', 'local_group_membership', 'programme_opened']));

    const [approved, ...moreApproved] = mailsOf(calls, 'rollout_approved');
    expect(moreApproved).toEqual([]);
    expect(approved.to.map(recipient)).toEqual([deanId, proDeanId, INITIATOR, facultyRepresentativeId, CENTRAL]);
    expect(approved.cc).toBeUndefined();
    expect(mailsOf(calls, 'local_group_membership')[0].to.map(recipient)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(mailsOf(calls, 'programme_opened')[0].to.map(recipient)).toEqual([facultyRepresentativeId, CENTRAL]);
    expect(calls.localGroups).toEqual([localGroup.members]);
    expect(calls.opened).toEqual(['prog-1']);
    expect(calls.closed).toEqual(calls.tasks.map((t) => expect.objectContaining({ taskId: t.taskId, status: 'done' })));

    expect(await cilState(handle)).toBe('open');
    const attributes = (await handle.describe()).searchAttributes;
    expect(attributes).toMatchObject({ CilCaseType: ['rollout'], CilProgrammeCode: ['BADT'], CilState: ['open'] });
  });

  describe('declines', () => {
    it('declines at once when the programme leader rejects, cancelling the section head’s task', async () => {
      const { handle, calls } = await withRollout(env, 'declined-at-anchoring', async (handle, calls) => {
        const section = await openTaskOf(handle, 'anchoring_section_head');
        await decide(handle, 'anchoring_programme_leader', programmeLeaderId, { outcome: 'reject', reason: 'No capacity this year.' });
        const result = await handle.result();
        expect(result.stage).toBe('declined');
        expect(result.tasks.find((t) => t.taskId === section)?.status).toBe('cancelled');
        expect(calls.closed).toHaveLength(2);
        expect(calls.closed).toEqual(
          expect.arrayContaining([
            { taskId: `${handle.workflowId}:r1:programme-leader`, status: 'done', decidedBy: programmeLeaderId },
            { taskId: section, status: 'cancelled', decidedBy: undefined },
          ]),
        );
        await recordHistory(handle);
      });
      const declined = mailsOf(calls, 'rollout_declined');
      expect(declined).toHaveLength(1);
      expect(declined[0].to.map(recipient)).toEqual([INITIATOR, facultyRepresentativeId, CENTRAL]);
      expect(declined[0].taskId).toContain('programme-leader');
      expect(calls.stages).toEqual(['anchoring', 'declined']);
      expect([...calls.events].sort()).toEqual(['anchoring_programme_leader.reject', 'initiative.declined', 'initiative.submitted']);
      expect(calls.tasks.map((t) => t.type)).toEqual(['anchoring_programme_leader', 'anchoring_section_head']);
      expect(await cilState(handle)).toBe('declined');
    });

    it('declines when the section head approves first and the programme leader then rejects', async () => {
      const { calls } = await withRollout(env, 'section-approves-leader-rejects', async (handle) => {
        await decide(handle, 'anchoring_section_head', sectionHeadId, approve);
        expect((await view(handle)).stage).toBe('anchoring');
        const decided = await decide(handle, 'anchoring_programme_leader', programmeLeaderId, { outcome: 'reject', reason: 'Not now.' });
        expect(decided.outcome).toBe('reject');
        expect((await handle.result()).stage).toBe('declined');
      });
      expect(calls.closed.map((c) => [c.taskId.split(':').at(-1), c.status])).toEqual([
        ['section-head', 'done'],
        ['programme-leader', 'done'],
      ]);
      expect(mailsOf(calls, 'rollout_declined')).toHaveLength(1);
      expect(calls.tasks.map((t) => t.type)).not.toContain('final_approval');
      expect(calls.stages).toEqual(['anchoring', 'declined']);
      expect(calls.events.slice(0, 2)).toEqual(['initiative.submitted', 'anchoring_section_head.approve']);
      expect([...calls.events.slice(2)].sort()).toEqual(['anchoring_programme_leader.reject', 'initiative.declined']);
    });

    it('declines when the head of department rejects', async () => {
      const { handle, calls } = await withRollout(env, 'declined-at-final-approval', async (handle) => {
        await approveAnchoring(handle);
        const decided = await decide(handle, 'final_approval', headOfDepartmentId, { outcome: 'reject', reason: 'Budget.' });
        expect(decided).toEqual({ taskId: `${handle.workflowId}:final-approval`, outcome: 'reject' });
        expect((await handle.result()).stage).toBe('declined');
        await recordHistory(handle);
      });
      const declined = mailsOf(calls, 'rollout_declined');
      expect(declined.map((m) => m.to.map(recipient))).toEqual([[INITIATOR, facultyRepresentativeId, CENTRAL]]);
      expect(declined[0].taskId).toBe(`${handle.workflowId}:final-approval`);
      expect(calls.stages).toEqual(['anchoring', 'final_approval', 'declined']);
      // The decision's event is written by the update while the workflow declines: order between the two is free.
      expect([...calls.events].sort()).toEqual(
        ['initiative.submitted', 'anchoring_programme_leader.approve', 'anchoring_section_head.approve', 'final_approval.reject', 'initiative.declined'].sort(),
      );
      expect(calls.tasks.map((t) => t.type)).not.toContain('register_local_group');
      expect(mailsOf(calls, 'rollout_approved')).toEqual([]);
      expect(await cilState(handle)).toBe('declined');
    });
  });

  it('sends requested changes back to the initiator and starts both assessments again in round 2', async () => {
    const revised: Initiative = { motivation: 'Now with a concrete plan for partner universities.', expectedStudentsPerYear: 30, initiatorCapacity: 'staff' };
    const { handle, calls } = await withRollout(env, 'changes-requested-then-open', async (handle, calls) => {
      const leader1 = await openTaskOf(handle, 'anchoring_programme_leader');
      const section1 = await openTaskOf(handle, 'anchoring_section_head');
      await decide(handle, 'anchoring_programme_leader', programmeLeaderId, { outcome: 'request_changes', comment: 'Say which partners.' });
      const revise = await openTaskOf(handle, 'revise_initiative');
      const during = await view(handle);
      expect(during.stage).toBe('changes_requested');
      expect(during.tasks.find((t) => t.taskId === section1)?.status).toBe('cancelled');
      expect(calls.closed).toContainEqual({ taskId: section1, status: 'cancelled', decidedBy: undefined });
      expect(calls.tasks.at(-1)).toMatchObject({ taskId: revise, type: 'revise_initiative', assigneeId: INITIATOR });
      const changes = mailsOf(calls, 'changes_requested');
      expect(changes.map((m) => m.to.map(recipient))).toEqual([[INITIATOR]]);
      expect(changes[0].taskId).toBe(leader1);

      // Only the initiator revises, and only with a valid initiative.
      expect(await refusalOf(decide(handle, 'revise_initiative', programmeLeaderId, { outcome: 'resubmit', initiative: revised }))).toMatchObject({ kind: 'forbidden' });
      expect(await refusalOf(decide(handle, 'revise_initiative', INITIATOR, { outcome: 'resubmit', initiative: { ...revised, motivation: ' ' } }))).toMatchObject({
        kind: 'invalid',
        field: 'initiative.motivation',
      });
      await decide(handle, 'revise_initiative', INITIATOR, { outcome: 'resubmit', initiative: revised });

      const leader2 = await openTaskOf(handle, 'anchoring_programme_leader');
      const section2 = await openTaskOf(handle, 'anchoring_section_head');
      const round2 = await view(handle);
      expect(round2.round).toBe(2);
      expect(round2.stage).toBe('anchoring');
      expect(new Set([leader1, section1, leader2, section2]).size).toBe(4);
      expect(round2.tasks.filter((t) => t.status === 'open').map((t) => [t.type, t.round])).toEqual([
        ['anchoring_programme_leader', 2],
        ['anchoring_section_head', 2],
      ]);
      // Round 1's cancelled task cannot be decided any more.
      const stale = handle.executeUpdate(decideTaskUpdate, { args: [{ taskId: section1, actorId: sectionHeadId, decision: approve }] });
      expect(await refusalOf(stale)).toEqual({ kind: 'conflict', message: 'this task is already closed' });
      await decide(handle, 'anchoring_section_head', sectionHeadId, approve);
      await decide(handle, 'anchoring_programme_leader', programmeLeaderId, approve);
      await decide(handle, 'final_approval', headOfDepartmentId, { outcome: 'approve' });
      await decide(handle, 'register_local_group', facultyRepresentativeId, localGroup);
      await untilStage(handle, 'development');
      expect((await publish(handle)).stage).toBe('open');
      await recordHistory(handle);
    });
    expect(calls.stages).toEqual(['anchoring', 'changes_requested', 'anchoring', 'final_approval', 'local_group', 'development', 'open']);
    expect(calls.caseEvents.filter((e) => e.kind === 'initiative.resubmitted')).toEqual([expect.objectContaining({ actorId: INITIATOR, data: { initiative: revised } })]);
    expect(calls.tasks.map((t) => t.type)).toEqual([
      'anchoring_programme_leader',
      'anchoring_section_head',
      'revise_initiative',
      'anchoring_programme_leader',
      'anchoring_section_head',
      'final_approval',
      'register_local_group',
    ]);
    expect(calls.tasks.slice(3, 5).map((t) => t.taskId)).toEqual([`${handle.workflowId}:r2:programme-leader`, `${handle.workflowId}:r2:section-head`]);
    expect(mailsOf(calls, 'rollout_approved')).toHaveLength(1);
    expect(await cilState(handle)).toBe('open');
  });

  it('asks for changes when the section head requests them, cancelling the programme leader’s task', async () => {
    const { calls } = await withRollout(env, 'section-requests-changes', async (handle) => {
      const leader = await openTaskOf(handle, 'anchoring_programme_leader');
      await decide(handle, 'anchoring_section_head', sectionHeadId, { outcome: 'request_changes', comment: 'Too vague.' });
      await openTaskOf(handle, 'revise_initiative');
      expect((await view(handle)).tasks.find((t) => t.taskId === leader)?.status).toBe('cancelled');
    });
    expect(mailsOf(calls, 'changes_requested').map((m) => m.to.map(recipient))).toEqual([[INITIATOR]]);
    expect(calls.closed.map((c) => [c.taskId.split(':').at(-1), c.status]).sort()).toEqual([
      ['programme-leader', 'cancelled'],
      ['section-head', 'done'],
    ]);
  });

  describe('withdrawal', () => {
    it('ends the case during anchoring, cancelling both assessments', async () => {
      const { handle, calls } = await withRollout(env, 'withdrawn-in-anchoring', async (handle, calls) => {
        const leader = await openTaskOf(handle, 'anchoring_programme_leader');
        const section = await openTaskOf(handle, 'anchoring_section_head');
        const withdrawn = await handle.executeUpdate(withdrawUpdate, { args: [{ actorId: INITIATOR, reason: 'Changed my mind.' }] });
        expect(withdrawn.stage).toBe('withdrawn');
        expect(withdrawn.tasks.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
        expect((await handle.result()).stage).toBe('withdrawn');
        expect(calls.closed).toEqual([
          { taskId: leader, status: 'cancelled', decidedBy: undefined },
          { taskId: section, status: 'cancelled', decidedBy: undefined },
        ]);
        await recordHistory(handle);
      });
      expect(mailsOf(calls, 'rollout_withdrawn').map((m) => m.to.map(recipient))).toEqual([[programmeLeaderId, sectionHeadId, facultyRepresentativeId, CENTRAL]]);
      expect(calls.stages).toEqual(['anchoring', 'withdrawn']);
      expect(calls.events.at(-1)).toBe('initiative.withdrawn');
      expect(await cilState(handle)).toBe('withdrawn');
    });

    it('ends the case during final approval, cancelling the head of department’s task', async () => {
      const { handle, calls } = await withRollout(env, 'withdrawn-in-final-approval', async (handle, calls) => {
        await approveAnchoring(handle);
        const final = await openTaskOf(handle, 'final_approval');
        const withdrawn = await handle.executeUpdate(withdrawUpdate, { args: [{ actorId: INITIATOR }] });
        expect(withdrawn.stage).toBe('withdrawn');
        expect((await handle.result()).stage).toBe('withdrawn');
        expect(calls.closed.at(-1)).toEqual({ taskId: final, status: 'cancelled', decidedBy: undefined });
        await recordHistory(handle);
      });
      expect(mailsOf(calls, 'rollout_withdrawn').map((m) => m.to.map(recipient))).toEqual([[headOfDepartmentId, facultyRepresentativeId, CENTRAL]]);
      expect(calls.stages).toEqual(['anchoring', 'final_approval', 'withdrawn']);
      expect(calls.tasks.map((t) => t.type)).not.toContain('register_local_group');
      expect(await cilState(handle)).toBe('withdrawn');
    });

    it('ends the case while the initiator revises it', async () => {
      const { calls } = await withRollout(env, 'withdrawn-changes', async (handle, calls) => {
        await decide(handle, 'anchoring_programme_leader', programmeLeaderId, { outcome: 'request_changes', comment: 'More detail.' });
        const revise = await openTaskOf(handle, 'revise_initiative');
        expect((await handle.executeUpdate(withdrawUpdate, { args: [{ actorId: INITIATOR }] })).stage).toBe('withdrawn');
        expect((await handle.result()).tasks.find((t) => t.taskId === revise)?.status).toBe('cancelled');
        expect(calls.closed.at(-1)).toEqual({ taskId: revise, status: 'cancelled', decidedBy: undefined });
      });
      expect(calls.stages).toEqual(['anchoring', 'changes_requested', 'withdrawn']);
      expect(mailsOf(calls, 'rollout_withdrawn')).toHaveLength(1);
    });

    it('is refused to anyone but the initiator, and after the final approval', async () => {
      const { calls } = await withRollout(env, 'withdraw-refused', async (handle, calls) => {
        await openTaskOf(handle, 'anchoring_section_head');
        const byOther = await refusalOf(handle.executeUpdate(withdrawUpdate, { updateId: 'withdraw-by-leader', args: [{ actorId: programmeLeaderId }] }));
        expect(byOther).toEqual({ kind: 'forbidden', message: expect.stringContaining('initiator') });
        expect((await view(handle)).stage).toBe('anchoring');

        await toLocalGroup(handle);
        const late = await refusalOf(handle.executeUpdate(withdrawUpdate, { updateId: 'withdraw-too-late', args: [{ actorId: INITIATOR }] }));
        expect(late).toEqual({ kind: 'conflict', message: expect.stringContaining('local_group') });

        await decide(handle, 'register_local_group', facultyRepresentativeId, localGroup);
        await untilStage(handle, 'development');
        expect(await refusalOf(handle.executeUpdate(withdrawUpdate, { args: [{ actorId: INITIATOR }] }))).toMatchObject({ kind: 'conflict' });
        expect(calls.closed.every((c) => c.status === 'done')).toBe(true);
        const accepted = await acceptedUpdateIds(handle);
        expect(accepted).not.toContain('withdraw-by-leader');
        expect(accepted).not.toContain('withdraw-too-late');
        expect((await view(handle)).stage).toBe('development');
      });
      expect(mailsOf(calls, 'rollout_withdrawn')).toEqual([]);
      expect(calls.stages).not.toContain('withdrawn');
    });
  });
  describe('a continued run (started with what the previous run carried)', () => {
    const decided = (taskId: string, type: TaskState['type'], assigneeId: string, decision: TaskDecision): TaskState => ({
      taskId,
      type,
      assigneeId,
      status: 'done',
      round: 2,
      assignment: 1,
      decision,
      decidedBy: assigneeId,
    });
    const carriedTasks = (id: string): TaskState[] => [
      { taskId: `${id}:r1:programme-leader`, type: 'anchoring_programme_leader', assigneeId: programmeLeaderId, status: 'done', round: 1, assignment: 1, decision: { outcome: 'request_changes', comment: 'More.' }, decidedBy: programmeLeaderId },
      { taskId: `${id}:r1:section-head`, type: 'anchoring_section_head', assigneeId: sectionHeadId, status: 'cancelled', round: 1, assignment: 1 },
      decided(`${id}:final-approval`, 'final_approval', headOfDepartmentId, { outcome: 'approve' }),
      decided(`${id}:local-group`, 'register_local_group', 'p-facrep-2', localGroup),
    ];
    const carry = (id: string, stage: RolloutCarry['stage']): RolloutCarry => ({
      stage,
      round: 2,
      initiative: { motivation: 'Revised.', expectedStudentsPerYear: 5, initiatorCapacity: 'staff' },
      participants: { ...participants, facultyRepresentativeId: 'p-facrep-2' },
      tasks: carriedTasks(id),
    });

    it('answers with the carried stage and tasks when open, and refuses what an open rollout refuses', async () => {
      const id = 'rollout.carried-open';
      const { calls } = await withRollout(
        env,
        'carried-open',
        async (handle) => {
          const carried = await view(handle);
          expect(carried).toEqual({ caseId: 'case-carried-open', programmeId: 'prog-1', stage: 'open', round: 2, tasks: carriedTasks(id) });
          const final = `${id}:final-approval`;
          expect(await refusalOf(handle.executeUpdate(decideTaskUpdate, { args: [{ taskId: final, actorId: headOfDepartmentId, decision: { outcome: 'approve' } }] }))).toMatchObject({ kind: 'conflict' });
          expect(await refusalOf(handle.executeUpdate(reassignTaskUpdate, { args: [{ taskId: final, actorId: 'p-admin', assigneeId: 'p-other' }] }))).toMatchObject({ kind: 'conflict' });
          expect(await refusalOf(handle.executeUpdate(withdrawUpdate, { args: [{ actorId: INITIATOR }] }))).toMatchObject({ kind: 'conflict' });
          expect(await refusalOf(publish(handle))).toMatchObject({ kind: 'conflict', message: expect.stringContaining('(the rollout is open)') });
          expect(await view(handle)).toEqual(carried);
          expect((await handle.describe()).status.name).toBe('RUNNING');
        },
        { carry: carry(id, 'open') },
      );
      // A continued run looks nothing up again and sends nothing on its own.
      expect(calls.participantLookups).toBe(0);
      expect(calls.tasks).toEqual([]);
      expect(calls.mails).toEqual([]);
      expect(calls.stages).toEqual([]);
    });

    it('publishes from a carried development stage, using the carried participants', async () => {
      const { handle, calls } = await withRollout(
        env,
        'carried-development',
        async (handle) => {
          expect((await view(handle)).stage).toBe('development');
          expect((await publish(handle)).stage).toBe('open');
        },
        { carry: carry('rollout.carried-development', 'development') },
      );
      expect(calls.participantLookups).toBe(0);
      expect(calls.opened).toEqual(['prog-1']);
      expect(mailsOf(calls, 'programme_opened').map((m) => m.to.map(recipient))).toEqual([['p-facrep-2', CENTRAL]]);
      expect(calls.stages).toEqual(['open']);
      expect(await cilState(handle)).toBe('open');
    });
  });
});
