import { ApplicationFailure } from '@temporalio/workflow';
import { refusalOf } from '../../test/support/refusals.js';
import type { RolloutActivities, RolloutInput, RolloutParticipants, TaskState } from '../contracts/rollout.contract.js';
import { RolloutCase, type RolloutCarry, type RolloutSideEffects } from './rollout.state.js';

const people: RolloutParticipants = {
  programmeCode: 'PROG',
  facultyId: 'fac',
  programmeLeaderId: 'leader',
  sectionHeadId: 'section',
  headOfDepartmentId: 'hod',
  facultyRepresentativeId: 'rep',
  deanId: 'dean',
  proDeanId: 'prodean',
};
const input: RolloutInput = { caseId: 'c1', programmeId: 'p1', initiatorId: 'init', initiative: { motivation: 'why', expectedStudentsPerYear: 10, initiatorCapacity: 'staff' } };
const timing = { dueAt: '2026-01-01T00:00:00.000Z', remindAfterMs: 1000, escalateAfterMs: 2000 };

/** Side effects that record what the case asks for; timers never fire. */
function fakeSideEffects() {
  const calls: [string, unknown][] = [];
  const chased: string[] = [];
  const stopped: string[] = [];
  const acts = new Proxy({} as RolloutActivities, {
    get: (_target, name: string) => (arg: unknown) => {
      calls.push([name, arg]);
      if (name === 'openTask' || name === 'reassignTaskRow') return Promise.resolve(timing);
      if (name === 'millisUntil') return Promise.resolve({ ms: 0 });
      return Promise.resolve();
    },
  });
  const fx: RolloutSideEffects = {
    acts,
    upsertSearchAttributes: (pairs) => calls.push(['upsertSearchAttributes', pairs.map((p) => p.value)]),
    sleep: () => Promise.resolve(),
    chase: (taskId) => chased.push(taskId),
    stopChasing: (taskId) => stopped.push(taskId),
  };
  return { fx, calls, chased, stopped, names: () => calls.map(([name]) => name) };
}

const task = (over: Partial<TaskState> = {}): TaskState => ({ taskId: 'rollout-c1:r1:programme-leader', type: 'anchoring_programme_leader', assigneeId: 'leader', status: 'open', round: 1, assignment: 1, ...over });
const carry = (over: Partial<RolloutCarry> = {}): RolloutCarry => ({ stage: 'anchoring', round: 1, initiative: input.initiative, participants: people, tasks: [task()], meetings: [], ...over });

describe('a rollout case', () => {
  it('is carried over a continue-as-new as it was given, and its view shows the same data', () => {
    const { fx } = fakeSideEffects();
    const given = carry({ stage: 'development', round: 2, meetings: [{ meetingId: 'm1', agendaAt: '2026-02-01T08:00:00Z' }] });
    const rollout = new RolloutCase(input, 'rollout-c1', fx, given);
    expect(rollout.carry()).toEqual(given);
    expect(new RolloutCase(input, 'rollout-c1', fx, rollout.carry()).carry()).toEqual(given);
    expect(rollout.view()).toEqual({ caseId: 'c1', programmeId: 'p1', stage: 'development', round: 2, tasks: given.tasks });
  });

  it('starts in anchoring, round 1, with the initiative it was given', () => {
    const { fx } = fakeSideEffects();
    const rollout = new RolloutCase(input, 'rollout-c1', fx);
    rollout.joined(people);
    expect(rollout.carry()).toEqual({ stage: 'anchoring', round: 1, initiative: input.initiative, participants: people, tasks: [], meetings: [] });
  });

  it('opens a task: the row, the assignee told, the reminders started', async () => {
    const { fx, names, chased } = fakeSideEffects();
    const rollout = new RolloutCase(input, 'rollout-c1', fx, carry({ tasks: [] }));
    const opened = await rollout.openTask('final_approval', 'hod', 'final-approval');
    expect(opened).toMatchObject({ taskId: 'rollout-c1:final-approval', status: 'open', assignment: 1 });
    expect(names()).toEqual(['openTask', 'notify']);
    expect(chased).toEqual(['rollout-c1:final-approval']);
    expect(rollout.view().tasks).toEqual([opened]);
  });

  it('records a decision: the task is done, its reminders stop, the row and the event are written', async () => {
    const { fx, calls, stopped } = fakeSideEffects();
    const rollout = new RolloutCase(input, 'rollout-c1', fx, carry());
    const taskId = 'rollout-c1:r1:programme-leader';
    const result = await rollout.decide({ taskId, actorId: 'leader', decision: { outcome: 'reject', reason: 'no' } });
    expect(result).toEqual({ taskId, outcome: 'reject' });
    expect(rollout.task(taskId)).toMatchObject({ status: 'done', decidedBy: 'leader', decision: { outcome: 'reject', reason: 'no' } });
    expect(stopped).toEqual([taskId]);
    expect(calls).toEqual([
      ['closeTask', { taskId, status: 'done', decidedBy: 'leader', decision: { outcome: 'reject', reason: 'no' } }],
      ['recordCase', { caseId: 'c1', event: { key: `${taskId}:decided`, caseId: 'c1', kind: 'anchoring_programme_leader.reject', actorId: 'leader', comment: 'no', data: { taskId } } }],
    ]);
  });

  it('refuses a decision by someone else, or on a decided task, and changes nothing', async () => {
    const { fx, calls } = fakeSideEffects();
    const rollout = new RolloutCase(input, 'rollout-c1', fx, carry());
    const taskId = 'rollout-c1:r1:programme-leader';
    expect(refusalOf(() => rollout.refuseDecision({ taskId, actorId: 'someone', decision: { outcome: 'reject', reason: 'no' } }))).toMatchObject({ kind: 'forbidden' });
    expect(refusalOf(() => rollout.refuseDecision({ taskId: 'nope', actorId: 'leader', decision: { outcome: 'reject' } }))).toMatchObject({ kind: 'not_found' });
    await expect(rollout.decide({ taskId, actorId: 'someone', decision: { outcome: 'reject', reason: 'no' } })).rejects.toBeInstanceOf(ApplicationFailure);
    expect(calls).toEqual([]);
    await rollout.decide({ taskId, actorId: 'leader', decision: { outcome: 'reject', reason: 'no' } });
    expect(refusalOf(() => rollout.refuseDecision({ taskId, actorId: 'leader', decision: { outcome: 'reject', reason: 'no' } }))).toEqual({ kind: 'conflict', message: 'this task is already decided' });
  });

  it('lets only the initiator withdraw, and only before the final decision', () => {
    const { fx } = fakeSideEffects();
    expect(refusalOf(() => new RolloutCase(input, 'rollout-c1', fx, carry()).refuseWithdrawal({ actorId: 'leader' }))).toMatchObject({ kind: 'forbidden' });
    expect(refusalOf(() => new RolloutCase(input, 'rollout-c1', fx, carry({ stage: 'local_group' })).refuseWithdrawal({ actorId: 'init' }))).toEqual({
      kind: 'conflict',
      message: 'the initiative can no longer be withdrawn (it is local_group)',
    });
    const rollout = new RolloutCase(input, 'rollout-c1', fx, carry());
    expect(() => rollout.refuseWithdrawal({ actorId: 'init' })).not.toThrow();
    rollout.requestWithdrawal({ actorId: 'init' });
    expect(rollout.withdrawalRequested).toBe(true);
    expect(refusalOf(() => rollout.refuseWithdrawal({ actorId: 'init' }))).toMatchObject({ kind: 'conflict' });
  });

  it('withdraws: open tasks cancelled, the stage written, the assignees told', async () => {
    const { fx, calls } = fakeSideEffects();
    const rollout = new RolloutCase(input, 'rollout-c1', fx, carry());
    rollout.requestWithdrawal({ actorId: 'init', reason: 'changed my mind' });
    await rollout.withdraw();
    expect(rollout.stage).toBe('withdrawn');
    expect(rollout.withdrawalAnswer()).toMatchObject({ stage: 'withdrawn', tasks: [{ status: 'cancelled' }] });
    expect(calls.map(([name]) => name)).toEqual(['closeTask', 'upsertSearchAttributes', 'recordCase', 'notify']);
    expect(calls[3][1]).toMatchObject({ key: 'withdrawn', to: [{ personId: 'leader' }, { personId: 'rep' }, { centralMailbox: true }] });
  });

  it('publishes the catalogue once, during development', async () => {
    const { fx, names } = fakeSideEffects();
    expect(refusalOf(() => new RolloutCase(input, 'rollout-c1', fx, carry()).refusePublication({ homeActivities: 1, abroadActivities: 1 }))).toMatchObject({ kind: 'conflict' });
    const rollout = new RolloutCase(input, 'rollout-c1', fx, carry({ stage: 'development' }));
    expect(refusalOf(() => rollout.refusePublication({ homeActivities: 1, abroadActivities: 0 }))).toMatchObject({ kind: 'invalid', field: 'catalogue' });
    const publishing = rollout.publish({ actorId: 'rep' });
    expect(refusalOf(() => rollout.refusePublication({ homeActivities: 1, abroadActivities: 1 }))).toEqual({ kind: 'conflict', message: 'the catalogue is already being published' });
    expect(await publishing).toMatchObject({ stage: 'open' });
    expect(names()).toEqual(['openProgramme', 'upsertSearchAttributes', 'recordCase', 'notify']);
  });

  it('sends a meeting’s agenda once, and forgets the meeting then', async () => {
    const { fx, calls } = fakeSideEffects();
    const rollout = new RolloutCase(input, 'rollout-c1', fx, carry());
    rollout.meetingScheduled({ meetingId: 'm1', agendaAt: '2026-02-01T08:00:00Z' });
    rollout.meetingScheduled({ meetingId: 'm1', agendaAt: '2026-02-01T08:00:00Z' });
    expect(rollout.carry().meetings).toEqual([{ meetingId: 'm1', agendaAt: '2026-02-01T08:00:00Z' }]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.filter(([name]) => name === 'sendAgenda')).toEqual([['sendAgenda', { key: 'rollout-c1:agenda:m1', caseId: 'c1', programmeId: 'p1', meetingId: 'm1' }]]);
    expect(rollout.carry().meetings).toEqual([]);
  });
});
