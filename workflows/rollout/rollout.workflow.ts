import {
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
  allHandlersFinished,
} from '@temporalio/workflow';
import { caseTypeKey, programmeCodeKey, stateKey } from '../contracts/temporal.js';
import { rolloutTaskId } from '../contracts/ids.js';
import { type TaskTiming, decideTaskUpdate, type DecideTaskInput } from '../contracts/tasks.contract.js';
import { type Notification, type Recipient, type RolloutActivities, publishCatalogueUpdate, reassignTaskUpdate, reviewMeetingScheduledSignal, rolloutViewQuery, withdrawUpdate, type RolloutView } from '../contracts/rollout.contract.js';
import { refusal } from '../contracts/refusals.js';
import { decisionRefusal } from '../domain/rollout.rules.js';
import {
  WITHDRAWABLE_STAGES,
  type FinalDecision,
  type Initiative,
  type TaskDecision,
  type LocalGroupDecision,
  type RevisionDecision,
  type RolloutInput,
  type RolloutParticipants,
  type RolloutStage,
  type RolloutTaskType,
  type TaskState,
} from '../contracts/rollout.contract.js';

const acts = proxyActivities<RolloutActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** What a rollout carries over a continue-as-new. */
export interface RolloutCarry {
  stage: RolloutStage;
  round: number;
  initiative: Initiative;
  participants: RolloutParticipants;
  tasks: TaskState[];
  /** Review meetings whose agenda is not sent yet. */
  meetings?: { meetingId: string; agendaAt: string }[];
}


/**
 * Process A of domain.md: one programme's CIL rollout, from the initiative through anchoring
 * (programme leader and section head in parallel), the head of department's approval, the local
 * group's registration and the published catalogue, into operation. Runs for as long as the
 * programme offers CIL, continuing as new when its history grows long.
 */
export async function rolloutWorkflow(input: RolloutInput, carry?: RolloutCarry): Promise<RolloutView> {
  const { workflowId } = workflowInfo();
  const { caseId, programmeId, initiatorId } = input;
  let stage: RolloutStage = carry?.stage ?? 'anchoring';
  let round = carry?.round ?? 1;
  let initiative = carry?.initiative ?? input.initiative;
  const tasks = new Map<string, TaskState>((carry?.tasks ?? []).map((t) => [t.taskId, t]));
  const reminders = new Map<string, CancellationScope>();
  let withdrawal: { actorId: string; reason?: string } | undefined;
  let people: RolloutParticipants | undefined = carry?.participants;

  const view = (): RolloutView => ({ caseId, programmeId, stage, round, tasks: [...tasks.values()] });
  const central: Recipient = { centralMailbox: true };
  const person = (personId: string): Recipient => ({ personId });

  async function setStage(next: RolloutStage, event?: { key: string; kind: string; actorId?: string; comment?: string; data?: Record<string, unknown> }) {
    stage = next;
    upsertSearchAttributes([{ key: stateKey, value: next }]);
    await acts.recordCase({ caseId, stage: next, event: event && { ...event, caseId } });
  }

  function notify(n: Omit<Notification, 'caseId'>) {
    return acts.notify({ ...n, caseId });
  }

  function remind(task: TaskState, timing: TaskTiming, weekly: boolean) {
    const scope = new CancellationScope();
    reminders.set(task.taskId, scope);
    const key = `${task.taskId}:a${task.assignment}`;
    scope
      .run(async () => {
        if (weekly) {
          for (let week = 1; ; week++) {
            await sleep('7 days');
            await notify({ key: `${key}:weekly-reminder-${week}`, kind: 'task_reminder', to: [person(task.assigneeId)], taskId: task.taskId });
          }
        }
        await sleep(timing.remindAfterMs);
        await notify({ key: `${key}:reminder`, kind: 'task_reminder', to: [person(task.assigneeId)], taskId: task.taskId });
        await sleep(Math.max(timing.escalateAfterMs - timing.remindAfterMs, 0));
        await notify({
          key: `${key}:escalation`,
          kind: 'task_escalated',
          to: [person(task.assigneeId)],
          cc: [person(people!.facultyRepresentativeId), central],
          taskId: task.taskId,
        });
      })
      .catch((err: unknown) => {
        if (!isCancellation(err)) throw err;
      });
  }

  async function openTask(type: RolloutTaskType, assigneeId: string, key: string, weekly = false): Promise<TaskState> {
    const task: TaskState = { taskId: rolloutTaskId(workflowId, key), type, assigneeId, status: 'open', round, assignment: 1 };
    tasks.set(task.taskId, task);
    const timing = await acts.openTask({ taskId: task.taskId, caseType: 'rollout', caseId, workflowId, type, assigneeId, weeklyReminders: weekly });
    await notify({ key: `${task.taskId}:a1:assigned`, kind: 'task_assigned', to: [person(assigneeId)], taskId: task.taskId });
    if (task.status === 'open') remind(task, timing, weekly);
    return task;
  }

  async function cancelOpenTasks() {
    for (const task of tasks.values()) {
      if (task.status !== 'open') continue;
      task.status = 'cancelled';
      reminders.get(task.taskId)?.cancel();
      await acts.closeTask({ taskId: task.taskId, status: 'cancelled' });
    }
  }

  setHandler(rolloutViewQuery, view);

  // The agenda of each review meeting goes to the local group ahead of it.
  const meetings = new Map<string, string>((carry?.meetings ?? []).map((m) => [m.meetingId, m.agendaAt]));
  const armAgenda = (meetingId: string, agendaAt: string) => {
    void (async () => {
      const { ms } = await acts.millisUntil({ at: agendaAt });
      await sleep(ms);
      if (meetings.get(meetingId) !== agendaAt) return; // moved or already sent
      await acts.sendAgenda({ key: `${workflowId}:agenda:${meetingId}`, caseId, programmeId, meetingId });
      meetings.delete(meetingId);
    })();
  };
  setHandler(reviewMeetingScheduledSignal, ({ meetingId, agendaAt }) => {
    if (meetings.get(meetingId) === agendaAt) return;
    meetings.set(meetingId, agendaAt);
    armAgenda(meetingId, agendaAt);
  });
  for (const [meetingId, agendaAt] of meetings) armAgenda(meetingId, agendaAt);

  let publishing = false;
  const publishConflict = () =>
    refusal({ kind: 'conflict', message: stage === 'development' ? 'the catalogue is already being published' : `the catalogue can be published once, during development (the rollout is ${stage})` });

  setHandler(
    decideTaskUpdate,
    async ({ taskId, actorId, decision }) => {
      // Checked again here: two submissions may both pass their validators before either runs.
      const refused = decisionRefusal(tasks.get(taskId), actorId, decision);
      if (refused) throw refusal(refused);
      const task = tasks.get(taskId)!;
      task.status = 'done';
      task.decision = decision as TaskDecision; // checked by decisionRefusal above
      task.decidedBy = actorId;
      reminders.get(taskId)?.cancel();
      await acts.closeTask({ taskId, status: 'done', decidedBy: actorId, decision });
      const d = decision as { outcome: string; reason?: string; comment?: string };
      await acts.recordCase({
        caseId,
        event: { key: `${taskId}:decided`, caseId, kind: `${task.type}.${d.outcome}`, actorId, comment: d.reason ?? d.comment, data: { taskId } },
      });
      return { taskId, outcome: d.outcome };
    },
    {
      validator: ({ taskId, actorId, decision }: DecideTaskInput) => {
        const refused = decisionRefusal(tasks.get(taskId), actorId, decision);
        if (refused) throw refusal(refused);
      },
    },
  );

  setHandler(
    withdrawUpdate,
    async (request) => {
      withdrawal ??= request;
      // A decision taken in the same moment may have moved the case past withdrawal: say so rather than wait forever.
      await condition(() => stage === 'withdrawn' || !WITHDRAWABLE_STAGES.includes(stage));
      if (stage !== 'withdrawn') throw refusal({ kind: 'conflict', message: `the initiative can no longer be withdrawn (it is ${stage})` });
      return view();
    },
    {
      validator: ({ actorId }: { actorId: string }) => {
        if (actorId !== initiatorId) throw refusal({ kind: 'forbidden', message: 'only the initiator can withdraw the initiative' });
        if (!WITHDRAWABLE_STAGES.includes(stage) || withdrawal) throw refusal({ kind: 'conflict', message: `the initiative can no longer be withdrawn (it is ${stage})` });
      },
    },
  );

  setHandler(
    reassignTaskUpdate,
    async ({ taskId, actorId, assigneeId }) => {
      const task = tasks.get(taskId);
      if (!task || task.status !== 'open') throw refusal({ kind: 'conflict', message: 'the task is no longer open' });
      const previous = task.assigneeId;
      task.assigneeId = assigneeId;
      task.assignment += 1;
      reminders.get(taskId)?.cancel();
      const timing = await acts.reassignTaskRow({ taskId, assigneeId });
      const key = `${taskId}:a${task.assignment}`;
      await notify({ key: `${key}:away`, kind: 'task_reassigned_away', to: [person(previous)], taskId });
      await notify({ key: `${key}:assigned`, kind: 'task_assigned', to: [person(assigneeId)], taskId });
      await acts.recordCase({ caseId, event: { key: `${key}:reassigned`, caseId, kind: 'task.reassigned', actorId, data: { taskId, from: previous, to: assigneeId } } });
      if (task.status === 'open') remind(task, timing, task.type === 'register_local_group');
      return task;
    },
    {
      validator: ({ taskId, assigneeId }: { taskId: string; assigneeId: string }) => {
        const task = tasks.get(taskId);
        if (!task) throw refusal({ kind: 'not_found', message: 'no such task on this case' });
        if (task.status !== 'open') throw refusal({ kind: 'conflict', message: 'the task is no longer open' });
        if (task.assigneeId === assigneeId) throw refusal({ kind: 'invalid', field: 'assigneeId', message: 'assigneeId is already the assignee' });
      },
    },
  );

  setHandler(
    publishCatalogueUpdate,
    async ({ actorId }) => {
      // Checked again here: two publications may both pass their validators before either runs.
      if (stage !== 'development' || publishing) throw publishConflict();
      publishing = true;
      await acts.openProgramme({ caseId, programmeId });
      await setStage('open', { key: 'opened', kind: 'programme.opened', actorId });
      await notify({ key: 'opened', kind: 'programme_opened', to: [person(people!.facultyRepresentativeId), central] });
      return view();
    },
    {
      validator: ({ homeActivities, abroadActivities }: { homeActivities: number; abroadActivities: number }) => {
        if (stage !== 'development' || publishing) throw publishConflict();
        if (homeActivities < 1 || abroadActivities < 1) {
          throw refusal({ kind: 'invalid', field: 'catalogue', message: 'the catalogue needs at least one home and one abroad activity before it is published' });
        }
      },
    },
  );

  /** Waits for `done` or a withdrawal; answers true when the case was withdrawn (and has ended). */
  async function untilDoneOrWithdrawn(done: () => boolean): Promise<boolean> {
    await condition(() => done() || withdrawal !== undefined);
    if (!withdrawal || done()) return false;
    await cancelOpenTasks();
    const assignees = [...tasks.values()].filter((t) => t.status === 'cancelled').map((t) => t.assigneeId);
    await setStage('withdrawn', { key: 'withdrawn', kind: 'initiative.withdrawn', actorId: withdrawal.actorId, comment: withdrawal.reason });
    await notify({ key: 'withdrawn', kind: 'rollout_withdrawn', to: [...new Set([...assignees, people!.facultyRepresentativeId])].map(person).concat(central) });
    return true;
  }

  /** The case has ended: once every update in flight has answered (the decision that ended it included). */
  async function ended(): Promise<RolloutView> {
    await condition(allHandlersFinished);
    return view();
  }

  const decided = (t: TaskState) => t.status === 'done';
  const outcome = (t: TaskState) => (t.decision as { outcome?: string } | undefined)?.outcome;

  if (!carry) {
    upsertSearchAttributes([
      { key: caseTypeKey, value: 'rollout' },
      { key: stateKey, value: stage },
    ]);
    people = await acts.resolveParticipants({ programmeId });
    upsertSearchAttributes([{ key: programmeCodeKey, value: people.programmeCode }]);
    await acts.recordCase({ caseId, stage, event: { key: 'submitted', caseId, kind: 'initiative.submitted', actorId: initiatorId } });
    await notify({ key: 'submitted', kind: 'initiative_submitted', to: [person(people.facultyRepresentativeId), central] });

    // Anchoring (forankring): both assess at once; one rejection declines, changes go back to the initiator.
    for (;;) {
      const leader = await openTask('anchoring_programme_leader', people.programmeLeaderId, `r${round}:programme-leader`);
      const section = await openTask('anchoring_section_head', people.sectionHeadId, `r${round}:section-head`);
      const both = [leader, section];
      const settled = () => both.some((t) => decided(t) && outcome(t) !== 'approve') || both.every(decided);
      if (await untilDoneOrWithdrawn(settled)) return ended();
      const rejected = both.find((t) => decided(t) && outcome(t) === 'reject');
      const changes = both.find((t) => decided(t) && outcome(t) === 'request_changes');
      if (rejected) {
        await cancelOpenTasks();
        await setStage('declined', { key: 'declined', kind: 'initiative.declined', data: { taskId: rejected.taskId } });
        await notify({ key: 'declined', kind: 'rollout_declined', to: [person(initiatorId), person(people.facultyRepresentativeId), central], taskId: rejected.taskId });
        return ended();
      }
      if (!changes) break;
      await cancelOpenTasks();
      await setStage('changes_requested');
      await notify({ key: `r${round}:changes`, kind: 'changes_requested', to: [person(initiatorId)], taskId: changes.taskId });
      const revision = await openTask('revise_initiative', initiatorId, `r${round}:revise`);
      if (await untilDoneOrWithdrawn(() => decided(revision))) return ended();
      initiative = (revision.decision as RevisionDecision).initiative;
      round += 1;
      await setStage('anchoring', { key: `r${round}:resubmitted`, kind: 'initiative.resubmitted', actorId: initiatorId, data: { initiative } });
    }

    // Final approval by the head of department.
    await setStage('final_approval');
    const final = await openTask('final_approval', people.headOfDepartmentId, 'final-approval');
    if (await untilDoneOrWithdrawn(() => decided(final))) return ended();
    if ((final.decision as FinalDecision).outcome === 'reject') {
      await setStage('declined', { key: 'declined', kind: 'initiative.declined', data: { taskId: final.taskId } });
      await notify({ key: 'declined', kind: 'rollout_declined', to: [person(initiatorId), person(people.facultyRepresentativeId), central], taskId: final.taskId });
      return ended();
    }
    await setStage('local_group');
    await notify({
      key: 'approved',
      kind: 'rollout_approved',
      to: [people.deanId, people.proDeanId, initiatorId, people.facultyRepresentativeId].map(person).concat(central),
      taskId: final.taskId,
    });

    // The local resource group, registered by the faculty representative (weekly reminders).
    const registration = await openTask('register_local_group', people.facultyRepresentativeId, 'local-group', true);
    await condition(() => decided(registration));
    const { members } = registration.decision as LocalGroupDecision;
    await acts.registerLocalGroup({ caseId, programmeId, members });
    await notify({ key: 'local-group', kind: 'local_group_membership', to: members.map((m) => person(m.personId)) });
    await setStage('development', { key: 'local-group-registered', kind: 'local_group.registered', actorId: registration.decidedBy });
  }

  // Development until the catalogue is published (publishCatalogueUpdate moves the stage on).
  await condition(() => stage === 'open' || workflowInfo().continueAsNewSuggested);

  // Operation: the case lives as long as the programme offers CIL; history is kept short.
  await condition(() => workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  for (const scope of reminders.values()) scope.cancel();
  return continueAsNew<typeof rolloutWorkflow>(input, {
    stage,
    round,
    initiative,
    participants: people!,
    tasks: [...tasks.values()],
    meetings: [...meetings].map(([meetingId, agendaAt]) => ({ meetingId, agendaAt })),
  });
}
