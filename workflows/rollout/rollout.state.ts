import { programmeCodeKey, stateKey } from '../contracts/temporal.js';
import { rolloutTaskId } from '../contracts/ids.js';
import { refusal } from '../contracts/refusals.js';
import type { DecideTaskInput, DecideTaskResult, TaskTiming } from '../contracts/tasks.contract.js';
import {
  WITHDRAWABLE_STAGES,
  type Initiative,
  type Notification,
  type Recipient,
  type RolloutActivities,
  type RolloutInput,
  type RolloutParticipants,
  type RolloutStage,
  type RolloutTaskType,
  type RolloutView,
  type TaskDecision,
  type TaskState,
} from '../contracts/rollout.contract.js';
import { decisionRefusal } from '../domain/rollout.rules.js';
import type { CaseSideEffects } from '../shared/side-effects.js';

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

/** What the rollout does to the world, beyond its activities: its tasks' reminders run in scopes of their own. */
export interface RolloutSideEffects extends CaseSideEffects<RolloutActivities> {
  /** Runs a task's reminders until `stopChasing` for that task (a later call replaces the earlier). */
  chase(taskId: string, reminders: () => Promise<void>): void;
  stopChasing(taskId: string): void;
}

export interface CaseEventInput {
  key: string;
  kind: string;
  actorId?: string;
  comment?: string;
  data?: Record<string, unknown>;
}

export const central: Recipient = { centralMailbox: true };
export const person = (personId: string): Recipient => ({ personId });
export const decided = (t: TaskState) => t.status === 'done';
export const outcome = (t: TaskState) => (t.decision as { outcome?: string } | undefined)?.outcome;

/** The rollout's data: its carry, with every list present; the participants are known once the case has started. */
type RolloutData = Omit<RolloutCarry, 'participants' | 'meetings'> & { participants?: RolloutParticipants; meetings: NonNullable<RolloutCarry['meetings']> };

const noLongerWithdrawable = (stage: RolloutStage) => refusal({ kind: 'conflict', message: `the initiative can no longer be withdrawn (it is ${stage})` });

/**
 * One rollout case: its data (one plain object, which is the carry over a continue-as-new and
 * what the view shows), the rules of its messages, and the side effects each step has. The
 * workflow only routes messages here and waits.
 */
export class RolloutCase {
  private readonly data: RolloutData;
  /** The initiator's request to withdraw, once made (the run acts on it; it is not carried). */
  private withdrawal?: { actorId: string; reason?: string };
  private publishing = false;

  constructor(
    private readonly input: RolloutInput,
    private readonly workflowId: string,
    private readonly fx: RolloutSideEffects,
    carry?: RolloutCarry,
  ) {
    this.data = {
      stage: carry?.stage ?? 'anchoring',
      round: carry?.round ?? 1,
      initiative: carry?.initiative ?? input.initiative,
      participants: carry?.participants,
      tasks: [...(carry?.tasks ?? [])],
      meetings: (carry?.meetings ?? []).map((m) => ({ ...m })),
    };
  }

  get stage(): RolloutStage {
    return this.data.stage;
  }

  get round(): number {
    return this.data.round;
  }

  /** The people of the case, known once it has started. */
  get people(): RolloutParticipants {
    return this.data.participants!;
  }

  get withdrawalRequested(): boolean {
    return this.withdrawal !== undefined;
  }

  view(): RolloutView {
    const { stage, round, tasks } = this.data;
    return { caseId: this.input.caseId, programmeId: this.input.programmeId, stage, round, tasks: [...tasks] };
  }

  carry(): RolloutCarry {
    return { ...this.data, participants: this.people, tasks: [...this.data.tasks], meetings: this.data.meetings.map((m) => ({ ...m })) };
  }

  task(taskId: string): TaskState | undefined {
    return this.data.tasks.find((t) => t.taskId === taskId);
  }

  /** The people are known: the programme's code becomes searchable. */
  joined(people: RolloutParticipants): RolloutParticipants {
    this.data.participants = people;
    this.fx.upsertSearchAttributes([{ key: programmeCodeKey, value: people.programmeCode }]);
    return people;
  }

  /** The initiator sent a revised initiative: the next round of anchoring assesses it. */
  revised(initiative: Initiative): void {
    this.data.initiative = initiative;
    this.data.round += 1;
  }

  async setStage(next: RolloutStage, event?: CaseEventInput) {
    this.data.stage = next;
    this.fx.upsertSearchAttributes([{ key: stateKey, value: next }]);
    await this.fx.acts.recordCase({ caseId: this.input.caseId, stage: next, event: event && { ...event, caseId: this.input.caseId } });
  }

  notify(n: Omit<Notification, 'caseId'>) {
    return this.fx.acts.notify({ ...n, caseId: this.input.caseId });
  }

  async openTask(type: RolloutTaskType, assigneeId: string, key: string, weekly = false): Promise<TaskState> {
    const { caseId } = this.input;
    const { workflowId } = this;
    const task: TaskState = { taskId: rolloutTaskId(workflowId, key), type, assigneeId, status: 'open', round: this.data.round, assignment: 1 };
    this.data.tasks.push(task);
    const timing = await this.fx.acts.openTask({ taskId: task.taskId, caseType: 'rollout', caseId, workflowId, type, assigneeId, weeklyReminders: weekly });
    await this.notify({ key: `${task.taskId}:a1:assigned`, kind: 'task_assigned', to: [person(assigneeId)], taskId: task.taskId });
    if (task.status === 'open') this.remind(task, timing, weekly);
    return task;
  }

  async cancelOpenTasks() {
    for (const task of this.data.tasks) {
      if (task.status !== 'open') continue;
      task.status = 'cancelled';
      this.fx.stopChasing(task.taskId);
      await this.fx.acts.closeTask({ taskId: task.taskId, status: 'cancelled' });
    }
  }

  private remind(task: TaskState, timing: TaskTiming, weekly: boolean) {
    this.fx.chase(task.taskId, () => this.reminders(task, timing, weekly));
  }

  /** Reminds the assignee (weekly, or once and then with an escalation) until the chase is stopped. */
  private async reminders(task: TaskState, timing: TaskTiming, weekly: boolean) {
    const key = `${task.taskId}:a${task.assignment}`;
    if (weekly) {
      for (let week = 1; ; week++) {
        await this.fx.sleep('7 days');
        await this.notify({ key: `${key}:weekly-reminder-${week}`, kind: 'task_reminder', to: [person(task.assigneeId)], taskId: task.taskId });
      }
    }
    await this.fx.sleep(timing.remindAfterMs);
    await this.notify({ key: `${key}:reminder`, kind: 'task_reminder', to: [person(task.assigneeId)], taskId: task.taskId });
    await this.fx.sleep(Math.max(timing.escalateAfterMs - timing.remindAfterMs, 0));
    await this.notify({
      key: `${key}:escalation`,
      kind: 'task_escalated',
      to: [person(task.assigneeId)],
      cc: [person(this.people.facultyRepresentativeId), central],
      taskId: task.taskId,
    });
  }

  // The agenda of each review meeting goes to the local group ahead of it.

  /** A review meeting was scheduled or moved. */
  meetingScheduled({ meetingId, agendaAt }: { meetingId: string; agendaAt: string }) {
    const meeting = this.data.meetings.find((m) => m.meetingId === meetingId);
    if (meeting?.agendaAt === agendaAt) return;
    if (meeting) meeting.agendaAt = agendaAt;
    else this.data.meetings.push({ meetingId, agendaAt });
    void this.sendAgenda(meetingId, agendaAt);
  }

  /** The agendas a continued run carried are sent when due. */
  resumeAgendas() {
    for (const { meetingId, agendaAt } of this.data.meetings) void this.sendAgenda(meetingId, agendaAt);
  }

  private async sendAgenda(meetingId: string, agendaAt: string) {
    const { ms } = await this.fx.acts.millisUntil({ at: agendaAt });
    await this.fx.sleep(ms);
    const meetings = this.data.meetings;
    const at = meetings.findIndex((m) => m.meetingId === meetingId);
    if (at < 0 || meetings[at].agendaAt !== agendaAt) return; // moved or already sent
    await this.fx.acts.sendAgenda({ key: `${this.workflowId}:agenda:${meetingId}`, caseId: this.input.caseId, programmeId: this.input.programmeId, meetingId });
    const sent = meetings.findIndex((m) => m.meetingId === meetingId);
    if (sent >= 0) meetings.splice(sent, 1);
  }

  // decideTask

  refuseDecision({ taskId, actorId, decision }: DecideTaskInput) {
    const refused = decisionRefusal(this.task(taskId), actorId, decision);
    if (refused) throw refusal(refused);
  }

  async decide({ taskId, actorId, decision }: DecideTaskInput): Promise<DecideTaskResult> {
    // Checked again here: two submissions may both pass their validators before either runs.
    this.refuseDecision({ taskId, actorId, decision });
    const task = this.task(taskId)!;
    task.status = 'done';
    task.decision = decision as TaskDecision; // checked by decisionRefusal above
    task.decidedBy = actorId;
    this.fx.stopChasing(taskId);
    await this.fx.acts.closeTask({ taskId, status: 'done', decidedBy: actorId, decision });
    const d = decision as { outcome: string; reason?: string; comment?: string };
    await this.fx.acts.recordCase({
      caseId: this.input.caseId,
      event: { key: `${taskId}:decided`, caseId: this.input.caseId, kind: `${task.type}.${d.outcome}`, actorId, comment: d.reason ?? d.comment, data: { taskId } },
    });
    return { taskId, outcome: d.outcome };
  }

  // withdraw

  refuseWithdrawal({ actorId }: { actorId: string }) {
    if (actorId !== this.input.initiatorId) throw refusal({ kind: 'forbidden', message: 'only the initiator can withdraw the initiative' });
    if (!WITHDRAWABLE_STAGES.includes(this.stage) || this.withdrawal) throw noLongerWithdrawable(this.stage);
  }

  requestWithdrawal(request: { actorId: string; reason?: string }) {
    this.withdrawal ??= request;
  }

  /** Withdrawn, or moved past withdrawal by a decision taken in the same moment. */
  withdrawalSettled(): boolean {
    return this.stage === 'withdrawn' || !WITHDRAWABLE_STAGES.includes(this.stage);
  }

  /** The answer to a withdrawal once settled: the view, or the refusal when the case moved on instead. */
  withdrawalAnswer(): RolloutView {
    if (this.stage !== 'withdrawn') throw noLongerWithdrawable(this.stage);
    return this.view();
  }

  /** Ends the case as withdrawn: open tasks are cancelled, their assignees told. */
  async withdraw() {
    await this.cancelOpenTasks();
    const assignees = this.data.tasks.filter((t) => t.status === 'cancelled').map((t) => t.assigneeId);
    await this.setStage('withdrawn', { key: 'withdrawn', kind: 'initiative.withdrawn', actorId: this.withdrawal!.actorId, comment: this.withdrawal!.reason });
    await this.notify({ key: 'withdrawn', kind: 'rollout_withdrawn', to: [...new Set([...assignees, this.people.facultyRepresentativeId])].map(person).concat(central) });
  }

  /** Ends the case as declined, by the decision on the given task. */
  async decline(taskId: string) {
    await this.setStage('declined', { key: 'declined', kind: 'initiative.declined', data: { taskId } });
    await this.notify({ key: 'declined', kind: 'rollout_declined', to: [person(this.input.initiatorId), person(this.people.facultyRepresentativeId), central], taskId });
  }

  // reassignTask

  refuseReassignment({ taskId, assigneeId }: { taskId: string; assigneeId: string }) {
    const task = this.task(taskId);
    if (!task) throw refusal({ kind: 'not_found', message: 'no such task on this case' });
    if (task.status !== 'open') throw refusal({ kind: 'conflict', message: 'the task is no longer open' });
    if (task.assigneeId === assigneeId) throw refusal({ kind: 'invalid', field: 'assigneeId', message: 'assigneeId is already the assignee' });
  }

  async reassign({ taskId, actorId, assigneeId }: { taskId: string; actorId?: string; assigneeId: string }): Promise<TaskState> {
    const task = this.task(taskId);
    if (!task || task.status !== 'open') throw refusal({ kind: 'conflict', message: 'the task is no longer open' });
    const previous = task.assigneeId;
    task.assigneeId = assigneeId;
    task.assignment += 1;
    this.fx.stopChasing(taskId);
    const timing = await this.fx.acts.reassignTaskRow({ taskId, assigneeId });
    const key = `${taskId}:a${task.assignment}`;
    await this.notify({ key: `${key}:away`, kind: 'task_reassigned_away', to: [person(previous)], taskId });
    await this.notify({ key: `${key}:assigned`, kind: 'task_assigned', to: [person(assigneeId)], taskId });
    await this.fx.acts.recordCase({ caseId: this.input.caseId, event: { key: `${key}:reassigned`, caseId: this.input.caseId, kind: 'task.reassigned', actorId, data: { taskId, from: previous, to: assigneeId } } });
    if (task.status === 'open') this.remind(task, timing, task.type === 'register_local_group');
    return task;
  }

  // publishCatalogue

  private publishConflict() {
    const message = this.stage === 'development' ? 'the catalogue is already being published' : `the catalogue can be published once, during development (the rollout is ${this.stage})`;
    return refusal({ kind: 'conflict', message });
  }

  refusePublication({ homeActivities, abroadActivities }: { homeActivities: number; abroadActivities: number }) {
    if (this.stage !== 'development' || this.publishing) throw this.publishConflict();
    if (homeActivities < 1 || abroadActivities < 1) {
      throw refusal({ kind: 'invalid', field: 'catalogue', message: 'the catalogue needs at least one home and one abroad activity before it is published' });
    }
  }

  async publish({ actorId }: { actorId: string }): Promise<RolloutView> {
    // Checked again here: two publications may both pass their validators before either runs.
    if (this.stage !== 'development' || this.publishing) throw this.publishConflict();
    this.publishing = true;
    await this.fx.acts.openProgramme({ caseId: this.input.caseId, programmeId: this.input.programmeId });
    await this.setStage('open', { key: 'opened', kind: 'programme.opened', actorId });
    await this.notify({ key: 'opened', kind: 'programme_opened', to: [person(this.people.facultyRepresentativeId), central] });
    return this.view();
  }
}
