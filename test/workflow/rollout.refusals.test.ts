import { jest } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { decideTaskUpdate, publishCatalogueUpdate, withdrawUpdate } from '../../workflows/rollout/rollout.messages.js';
import type { LocalGroupDecision, TaskDecision } from '../../workflows/rollout/rollout.types.js';
import type { Refusal } from '../../workflows/tasks/task.types.js';
import { timeSkippingTestEnv } from '../support/temporal.js';
import {
  acceptedUpdateIds,
  approve,
  decide,
  INITIATOR,
  localGroup,
  mailsOf,
  openTaskOf,
  participants,
  publish,
  recordingActivities,
  refusalOf,
  rolloutInput,
  rolloutWorker,
  toDevelopment,
  toLocalGroup,
  untilStage,
  view,
  withRollout,
  type RolloutHandle,
} from './rollout-harness.js';
import { rolloutWorkflow } from '../../workflows/rollout/rollout.workflow.js';

jest.setTimeout(60_000);

const { programmeLeaderId, sectionHeadId, headOfDepartmentId, facultyRepresentativeId } = participants;

let updates = 0;
/** Sends a decision under its own update id and answers the refusal and whether the update entered history. */
async function refusedDecision(handle: RolloutHandle, taskId: string, actorId: string, decision: unknown): Promise<{ refusal: Refusal; inHistory: boolean }> {
  const updateId = `refused-${++updates}`;
  const refusal = await refusalOf(handle.executeUpdate(decideTaskUpdate, { updateId, args: [{ taskId, actorId, decision: decision as TaskDecision }] }));
  return { refusal, inHistory: (await acceptedUpdateIds(handle)).includes(updateId) };
}

describe('rolloutWorkflow refuses what it must, before anything enters history', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

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
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('lets exactly one of two simultaneous submissions of the same decision through', async () => {
    const { calls } = await withRollout(env, 'double-submit', async (handle) => {
      const leader = await openTaskOf(handle, 'anchoring_programme_leader');
      const submit = () => handle.executeUpdate(decideTaskUpdate, { args: [{ taskId: leader, actorId: programmeLeaderId, decision: approve }] });
      const results = await Promise.allSettled([submit(), submit()]);
      const succeeded = results.filter((r) => r.status === 'fulfilled');
      expect(succeeded).toEqual([{ status: 'fulfilled', value: { taskId: leader, outcome: 'approve' } }]);
      const failed = results.find((r) => r.status === 'rejected');
      expect(await refusalOf(Promise.reject(failed!.reason))).toMatchObject({ kind: 'conflict' });
      await decide(handle, 'anchoring_section_head', sectionHeadId, approve);
      await openTaskOf(handle, 'final_approval');
    });
    expect(calls.closed.filter((c) => c.status === 'done').map((c) => c.taskId.split(':').at(-1))).toEqual(['programme-leader', 'section-head']);
    expect(calls.events.filter((e) => e === 'anchoring_programme_leader.approve')).toHaveLength(1);
    expect(calls.tasks.filter((t) => t.type === 'final_approval')).toHaveLength(1);
  });

  /** With the worker stopped, both requests reach the workflow in the same workflow task. */
  it('turns the second of two decisions delivered together away, and acts once', async () => {
    const name = 'double-submit-same-task';
    const { calls, activities } = recordingActivities();
    const noCache = { maxCachedWorkflows: 0 };
    const handle = await env.client.workflow.start(rolloutWorkflow, { taskQueue: name, workflowId: name, args: [rolloutInput(name)] });
    const leader = await (await rolloutWorker(env, name, activities, noCache)).runUntil(openTaskOf(handle, 'anchoring_section_head').then(() => openTaskOf(handle, 'anchoring_programme_leader')));
    const reject: TaskDecision = { outcome: 'reject', reason: 'No capacity.' };
    const first = handle.executeUpdate(decideTaskUpdate, { updateId: 'first', args: [{ taskId: leader, actorId: programmeLeaderId, decision: reject }] });
    const second = handle.executeUpdate(decideTaskUpdate, { updateId: 'second', args: [{ taskId: leader, actorId: programmeLeaderId, decision: reject }] });
    await new Promise((r) => setTimeout(r, 300));
    await (await rolloutWorker(env, name, activities, noCache)).runUntil(async () => {
      const results = await Promise.allSettled([first, second]);
      expect(results.filter((r) => r.status === 'fulfilled')).toEqual([{ status: 'fulfilled', value: { taskId: leader, outcome: 'reject' } }]);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(await refusalOf(Promise.reject(refused.reason))).toEqual({ kind: 'conflict', message: 'this task is already decided' });
      expect((await handle.result()).stage).toBe('declined');
    });
    // The SDK runs each handler's first synchronous part right after its validator, so the one
    // delivered second is turned away by its validator and never enters history.
    expect((await acceptedUpdateIds(handle)).filter((id) => id === 'first' || id === 'second')).toHaveLength(1);
    expect(calls.closed.filter((c) => c.taskId === leader)).toEqual([{ taskId: leader, status: 'done', decidedBy: programmeLeaderId }]);
    expect(calls.events.filter((e) => e === 'anchoring_programme_leader.reject')).toHaveLength(1);
    expect(mailsOf(calls, 'rollout_declined')).toHaveLength(1);
    expect(calls.events.filter((e) => e === 'initiative.declined')).toHaveLength(1);
  }, 20_000);

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
      { slowDecisionRecords: 300 },
    );
    expect(calls.decisionRecords.map((d) => d.kind)).toContain('final_approval.reject');
  }, 20_000);

  it('settles a withdrawal that arrives together with the final decision', async () => {
    const name = 'withdraw-races-final';
    const { calls, activities } = recordingActivities();
    const noCache = { maxCachedWorkflows: 0 };
    const handle = await env.client.workflow.start(rolloutWorkflow, { taskQueue: name, workflowId: name, args: [rolloutInput(name)] });
    const final = await (await rolloutWorker(env, name, activities, noCache)).runUntil(async () => {
      await decide(handle, 'anchoring_programme_leader', programmeLeaderId, approve);
      await decide(handle, 'anchoring_section_head', sectionHeadId, approve);
      return openTaskOf(handle, 'final_approval');
    });
    const approval = handle.executeUpdate(decideTaskUpdate, { updateId: 'approve', args: [{ taskId: final, actorId: headOfDepartmentId, decision: { outcome: 'approve' } }] });
    const withdrawal = handle.executeUpdate(withdrawUpdate, { updateId: 'withdraw', args: [{ actorId: INITIATOR }] });
    await new Promise((r) => setTimeout(r, 300));
    await (await rolloutWorker(env, name, activities, noCache)).runUntil(async () => {
      const [approved, withdrawn] = await Promise.allSettled([approval, withdrawal]);
      expect(approved.status).toBe('fulfilled');
      // The decision was taken first: the withdrawal comes too late, and says so instead of hanging.
      expect(withdrawn.status).toBe('rejected');
      expect(await refusalOf(Promise.reject((withdrawn as PromiseRejectedResult).reason))).toMatchObject({ kind: 'conflict' });
      await untilStage(handle, 'local_group');
      await decide(handle, 'register_local_group', facultyRepresentativeId, localGroup);
      await untilStage(handle, 'development');
    });
    expect(await acceptedUpdateIds(handle)).toEqual(expect.arrayContaining(['approve', 'withdraw']));
    expect(mailsOf(calls, 'rollout_withdrawn')).toEqual([]);
    expect(mailsOf(calls, 'rollout_approved')).toHaveLength(1);
  }, 20_000);

  it('publishes the catalogue once when two publications arrive together', async () => {
    const name = 'double-publish';
    const { calls, activities } = recordingActivities();
    const noCache = { maxCachedWorkflows: 0 };
    const handle = await env.client.workflow.start(rolloutWorkflow, { taskQueue: name, workflowId: name, args: [rolloutInput(name)] });
    await (await rolloutWorker(env, name, activities, noCache)).runUntil(toDevelopment(handle));
    const publications = [1, 2].map((n) => handle.executeUpdate(publishCatalogueUpdate, { updateId: `publish-${n}`, args: [{ actorId: `m${n}`, homeActivities: 1, abroadActivities: 1 }] }));
    await new Promise((r) => setTimeout(r, 300));
    await (await rolloutWorker(env, name, activities, noCache)).runUntil(async () => {
      const results = await Promise.allSettled(publications);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(await refusalOf(Promise.reject(refused.reason))).toMatchObject({ kind: 'conflict' });
      expect((await view(handle)).stage).toBe('open');
    });
    expect((await acceptedUpdateIds(handle)).filter((id) => id.startsWith('publish-'))).toHaveLength(1);
    expect(calls.opened).toEqual(['prog-1']);
    expect(mailsOf(calls, 'programme_opened')).toHaveLength(1);
    expect(calls.events.filter((e) => e === 'programme.opened')).toHaveLength(1);
  }, 20_000);
});
