import { expect, jest } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { publishCatalogueUpdate, type LocalGroupDecision, type TaskDecision } from '../../workflows/contracts/rollout.contract.js';
import { decideTaskUpdate } from '../../workflows/contracts/tasks.contract.js';
import type { Refusal } from '../../workflows/contracts/refusals.js';
import { timeSkippingTestEnv } from '../support/temporal.js';
import {
  acceptedUpdateIds,
  approve,
  decide,
  localGroup,
  mailsOf,
  openTaskOf,
  participants,
  publish,
  refusalOf,
  theRefusalAmong,
  toDevelopment,
  toLocalGroup,
  untilStage,
  view,
  waitFor,
  withRollout,
  type RolloutHandle,
} from './rollout-harness.js';

jest.setTimeout(60_000);

const { programmeLeaderId, sectionHeadId, headOfDepartmentId, facultyRepresentativeId } = participants;

let updates = 0;
/** Sends a decision under its own update id and answers the refusal and whether the update entered history. */
async function refusedDecision(handle: RolloutHandle, taskId: string, actorId: string, decision: unknown): Promise<{ refusal: Refusal; inHistory: boolean }> {
  const updateId = `refused-${++updates}`;
  const refusal = await refusalOf(handle.executeUpdate(decideTaskUpdate, { updateId, args: [{ taskId, actorId, decision: decision as TaskDecision }] }));
  return { refusal, inHistory: (await acceptedUpdateIds(handle)).includes(updateId) };
}

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingTestEnv();
});
afterAll(async () => {
  await env?.teardown();
});

describe('rolloutWorkflow refuses what it must, before anything enters history', () => {
  it('refuses anchoring decisions by the wrong person, twice, or without their reasons', async () => {
    const { calls } = await withRollout(env, 'refuse-anchoring', async (handle, calls) => {
      const leader = await openTaskOf(handle, 'anchoring_programme_leader');
      const section = await openTaskOf(handle, 'anchoring_section_head');

      expect(await refusedDecision(handle, leader, sectionHeadId, approve)).toEqual({
        refusal: { kind: 'forbidden', message: 'only the person the task is assigned to can decide it' },
        inHistory: false,
      });
      expect(await refusedDecision(handle, `${handle.workflowId}:nonsense`, programmeLeaderId, approve)).toEqual({
        refusal: { kind: 'not_found', message: 'no such task on this case' },
        inHistory: false,
      });
      expect(await refusedDecision(handle, leader, programmeLeaderId, { outcome: 'approve' })).toEqual({
        refusal: { kind: 'invalid', field: 'assessment', message: expect.stringContaining('assessment is required to approve') },
        inHistory: false,
      });
      expect(await refusedDecision(handle, leader, programmeLeaderId, { outcome: 'approve', assessment: { developmentHours: -1, operationHoursPerSemester: 1, covered: true } })).toEqual({
        refusal: { kind: 'invalid', field: 'assessment.developmentHours', message: expect.any(String) },
        inHistory: false,
      });
      expect(await refusedDecision(handle, leader, programmeLeaderId, { outcome: 'reject' })).toEqual({
        refusal: { kind: 'invalid', field: 'reason', message: 'reason is required to reject' },
        inHistory: false,
      });
      expect(await refusedDecision(handle, leader, programmeLeaderId, { outcome: 'reject', reason: '   ' })).toMatchObject({ refusal: { kind: 'invalid', field: 'reason' }, inHistory: false });
      expect(await refusedDecision(handle, section, sectionHeadId, { outcome: 'request_changes' })).toEqual({
        refusal: { kind: 'invalid', field: 'comment', message: 'comment is required to ask for changes' },
        inHistory: false,
      });
      expect(await refusedDecision(handle, section, sectionHeadId, { outcome: 'maybe' })).toMatchObject({ refusal: { kind: 'invalid', field: 'outcome' }, inHistory: false });
      // None of that changed the case.
      expect((await view(handle)).tasks.map((t) => t.status)).toEqual(['open', 'open']);
      expect(calls.closed).toEqual([]);

      await decide(handle, 'anchoring_programme_leader', programmeLeaderId, approve);
      expect(await refusedDecision(handle, leader, programmeLeaderId, approve)).toEqual({
        refusal: { kind: 'conflict', message: 'this task is already decided' },
        inHistory: false,
      });
      expect(await refusedDecision(handle, leader, programmeLeaderId, { outcome: 'reject', reason: 'Changed my mind.' })).toMatchObject({ refusal: { kind: 'conflict' }, inHistory: false });
      expect((await view(handle)).tasks.find((t) => t.taskId === leader)?.decision).toEqual(approve);
    });
    expect(calls.closed).toHaveLength(1);
    expect(calls.events.filter((e) => e.startsWith('anchoring_'))).toEqual(['anchoring_programme_leader.approve']);
    expect(calls.stages).toEqual(['anchoring']);
  });

  it('refuses a final decision without a reason to reject', async () => {
    await withRollout(env, 'refuse-final', async (handle) => {
      await decide(handle, 'anchoring_programme_leader', programmeLeaderId, approve);
      await decide(handle, 'anchoring_section_head', sectionHeadId, approve);
      const final = await openTaskOf(handle, 'final_approval');
      expect(await refusedDecision(handle, final, headOfDepartmentId, { outcome: 'reject' })).toMatchObject({ refusal: { kind: 'invalid', field: 'reason' }, inHistory: false });
      expect(await refusedDecision(handle, final, headOfDepartmentId, { outcome: 'request_changes', comment: 'x' })).toMatchObject({ refusal: { kind: 'invalid', field: 'outcome' }, inHistory: false });
      expect(await refusedDecision(handle, final, programmeLeaderId, { outcome: 'approve' })).toMatchObject({ refusal: { kind: 'forbidden' }, inHistory: false });
      expect((await view(handle)).stage).toBe('final_approval');
    });
  });

  it('refuses an incomplete local group, saying what is missing', async () => {
    const seats = (...members: [string, string][]) => ({ outcome: 'register', members: members.map(([personId, seat]) => ({ personId, seat })) }) as LocalGroupDecision;
    const { calls } = await withRollout(env, 'refuse-local-group', async (handle, calls) => {
      const registration = await toLocalGroup(handle);
      const tryGroup = (decision: unknown) => refusedDecision(handle, registration, facultyRepresentativeId, decision);

      const noCoordinator = await tryGroup(seats(['m1', 'administrative_resource'], ['m3', 'academic_staff'], ['m4', 'student']));
      expect(noCoordinator).toEqual({ refusal: { kind: 'invalid', field: 'members', message: expect.stringContaining('missing an academic international coordinator') }, inHistory: false });
      expect(noCoordinator.refusal.message).not.toContain('missing a student');

      const threeStudents = await tryGroup(seats(['m1', 'administrative_resource'], ['m2', 'academic_coordinator'], ['m3', 'academic_staff'], ['s1', 'student'], ['s2', 'student'], ['s3', 'student']));
      expect(threeStudents).toEqual({ refusal: { kind: 'invalid', field: 'members', message: expect.stringContaining('at most two students (got 3)') }, inHistory: false });

      const twice = await tryGroup(seats(['m1', 'administrative_resource'], ['m2', 'academic_coordinator'], ['m1', 'academic_staff'], ['m4', 'student']));
      expect(twice).toEqual({ refusal: { kind: 'invalid', field: 'members', message: expect.stringContaining('m1 appears twice') }, inHistory: false });

      const noStudent = await tryGroup(seats(['m1', 'administrative_resource'], ['m2', 'academic_coordinator'], ['m3', 'academic_staff']));
      expect(noStudent.refusal).toMatchObject({ kind: 'invalid', field: 'members', message: expect.stringContaining('missing a student') });

      expect((await tryGroup({ outcome: 'register' })).refusal).toMatchObject({ kind: 'invalid', field: 'members' });
      expect((await tryGroup({ outcome: 'register', members: localGroup.members.map((m) => ({ ...m, seat: 'chair' })) })).refusal.message).toContain('unknown seat "chair"');
      expect(calls.localGroups).toEqual([]);
      expect((await view(handle)).stage).toBe('local_group');

      await decide(handle, 'register_local_group', facultyRepresentativeId, localGroup);
      await untilStage(handle, 'development');
    });
    expect(calls.localGroups).toEqual([localGroup.members]);
  });

  it('refuses to publish a catalogue before development, without abroad activities, or twice', async () => {
    const { calls } = await withRollout(env, 'refuse-publish', async (handle) => {
      await openTaskOf(handle, 'anchoring_programme_leader');
      const early = await refusalOf(handle.executeUpdate(publishCatalogueUpdate, { updateId: 'publish-early', args: [{ actorId: 'm1', homeActivities: 2, abroadActivities: 2 }] }));
      expect(early).toEqual({ kind: 'conflict', message: expect.stringContaining('(the rollout is anchoring)') });

      await toDevelopment(handle);
      const noAbroad = await refusalOf(handle.executeUpdate(publishCatalogueUpdate, { updateId: 'publish-no-abroad', args: [{ actorId: 'm1', homeActivities: 3, abroadActivities: 0 }] }));
      expect(noAbroad).toEqual({ kind: 'invalid', field: 'catalogue', message: expect.stringContaining('at least one home and one abroad activity') });
      const noHome = await refusalOf(handle.executeUpdate(publishCatalogueUpdate, { args: [{ actorId: 'm1', homeActivities: 0, abroadActivities: 2 }] }));
      expect(noHome).toMatchObject({ kind: 'invalid', field: 'catalogue' });
      expect((await view(handle)).stage).toBe('development');

      expect((await publish(handle)).stage).toBe('open');
      const twice = await refusalOf(handle.executeUpdate(publishCatalogueUpdate, { updateId: 'publish-twice', args: [{ actorId: 'm1', homeActivities: 1, abroadActivities: 1 }] }));
      expect(twice).toEqual({ kind: 'conflict', message: expect.stringContaining('(the rollout is open)') });

      const accepted = await acceptedUpdateIds(handle);
      expect(accepted).not.toContain('publish-early');
      expect(accepted).not.toContain('publish-no-abroad');
      expect(accepted).not.toContain('publish-twice');
    });
    expect(calls.opened).toEqual(['prog-1']);
  });
});

describe('rolloutWorkflow under concurrent requests', () => {
  it('lets exactly one of two simultaneous submissions of the same decision through', async () => {
    const { calls } = await withRollout(env, 'double-submit', async (handle) => {
      const leader = await openTaskOf(handle, 'anchoring_programme_leader');
      const submit = () => handle.executeUpdate(decideTaskUpdate, { args: [{ taskId: leader, actorId: programmeLeaderId, decision: approve }] });
      const results = await Promise.allSettled([submit(), submit()]);
      const succeeded = results.filter((r) => r.status === 'fulfilled');
      expect(succeeded).toEqual([{ status: 'fulfilled', value: { taskId: leader, outcome: 'approve' } }]);
      expect(theRefusalAmong(results)).toEqual({ kind: 'conflict', message: 'this task is already decided' });
      await decide(handle, 'anchoring_section_head', sectionHeadId, approve);
      await openTaskOf(handle, 'final_approval');
    });
    expect(calls.closed.filter((c) => c.status === 'done').map((c) => c.taskId.split(':').at(-1))).toEqual(['programme-leader', 'section-head']);
    expect(calls.events.filter((e) => e === 'anchoring_programme_leader.approve')).toHaveLength(1);
    expect(calls.tasks.filter((t) => t.type === 'final_approval')).toHaveLength(1);
  });

  it('answers the decision that ends the case, and records it, before the workflow completes', async () => {
    const { calls } = await withRollout(
      env,
      'decision-ends-case',
      async (handle) => {
        await decide(handle, 'anchoring_programme_leader', programmeLeaderId, approve);
        await decide(handle, 'anchoring_section_head', sectionHeadId, approve);
        const decided = await decide(handle, 'final_approval', headOfDepartmentId, { outcome: 'reject', reason: 'Budget.' });
        expect(decided).toEqual({ taskId: `${handle.workflowId}:final-approval`, outcome: 'reject' });
        expect((await handle.result()).stage).toBe('declined');
      },
      { delays: { slowDecisionRecords: 300 } },
    );
    expect(calls.decisionRecords.map((d) => d.kind)).toContain('final_approval.reject');
  }, 20_000);

  it('refuses a second publication while the first is still being published', async () => {
    const { calls } = await withRollout(
      env,
      'publish-in-flight',
      async (handle, calls) => {
        await toDevelopment(handle);
        const first = publish(handle);
        await waitFor('the programme to be opening', () => calls.openingsStarted === 1);
        const second = await refusalOf(handle.executeUpdate(publishCatalogueUpdate, { updateId: 'publish-second', args: [{ actorId: 'm2', homeActivities: 1, abroadActivities: 1 }] }));
        expect(second).toEqual({ kind: 'conflict', message: 'the catalogue is already being published' });
        expect((await first).stage).toBe('open');
        expect(await acceptedUpdateIds(handle)).not.toContain('publish-second');
      },
      { delays: { openProgramme: 500 } },
    );
    expect(calls.openingsStarted).toBe(1);
    expect(calls.opened).toEqual(['prog-1']);
    expect(mailsOf(calls, 'programme_opened')).toHaveLength(1);
    expect(calls.events.filter((e) => e === 'programme.opened')).toHaveLength(1);
  });
});
