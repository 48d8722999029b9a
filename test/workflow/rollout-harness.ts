import { Context } from '@temporalio/activity';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkerOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { temporal } from '@temporalio/proto';
import { type CaseEvent, type Notification, type Recipient, type RolloutActivities, publishCatalogueUpdate, rolloutViewQuery, type RolloutView, type LocalGroupDecision, type RolloutInput, type RolloutParticipants, type RolloutStage, type RolloutTaskType, type TaskDecision } from '../../workflows/contracts/rollout.contract.js';
import { decideTaskUpdate, type TaskSpec, type TaskTiming } from '../../workflows/contracts/tasks.contract.js';
import { REFUSAL_FAILURE_TYPE, type Refusal } from '../../workflows/contracts/refusals.js';
import { rolloutWorkflow, type RolloutCarry } from '../../workflows/rollout/rollout.workflow.js';
import { waitFor as waitUntil } from '../../infra/kit/wait.js';
import { HISTORIES_DIR, workflowsPath } from './workflow-paths.js';

const EventType = temporal.api.enums.v1.EventType;
type EventType = temporal.api.enums.v1.EventType;

export const DAY = 24 * 3600 * 1000;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const participants: RolloutParticipants = {
  programmeCode: 'BADT',
  facultyId: 'fac-1',
  programmeLeaderId: 'p-leader',
  sectionHeadId: 'p-section',
  headOfDepartmentId: 'p-head',
  facultyRepresentativeId: 'p-facrep',
  deanId: 'p-dean',
  proDeanId: 'p-prodean',
};

export const INITIATOR = 'p-initiator';

export const rolloutInput = (caseId = 'case-1'): RolloutInput => ({
  caseId,
  programmeId: 'prog-1',
  initiatorId: INITIATOR,
  initiative: { motivation: 'Many students go abroad already.', expectedStudentsPerYear: 20, initiatorCapacity: 'staff' },
});

export const approve: TaskDecision = { outcome: 'approve', assessment: { developmentHours: 40, operationHoursPerSemester: 10, covered: true } };

/** A complete local group: one of each seat. */
export const localGroup: LocalGroupDecision = {
  outcome: 'register',
  members: [
    { personId: 'm1', seat: 'administrative_resource' },
    { personId: 'm2', seat: 'academic_coordinator' },
    { personId: 'm3', seat: 'academic_staff' },
    { personId: 'm4', seat: 'student' },
  ],
};

/** Real-time delays (ms) for some stub activities, to hold a step open while a test acts. */
export interface StubDelays {
  /** recordCase for a task decision (written by the decideTask update handler). */
  slowDecisionRecords?: number;
  openProgramme?: number;
}

/** Stub activities that record what the workflow asked for. */
export function recordingActivities(timing: Partial<TaskTiming> = {}, options: StubDelays = {}) {
  const calls = {
    tasks: [] as TaskSpec[],
    closed: [] as { taskId: string; status: string; decidedBy?: string }[],
    reassigned: [] as { taskId: string; assigneeId: string }[],
    mails: [] as Notification[],
    stages: [] as string[],
    events: [] as string[],
    caseEvents: [] as CaseEvent[],
    decisionRecords: [] as { kind: string; stage: string }[],
    localGroups: [] as unknown[],
    opened: [] as string[],
    openingsStarted: 0,
    participantLookups: 0,
    agendas: [] as string[],
  };
  const timingOf = (): TaskTiming => ({ dueAt: '2030-01-01T00:00:00Z', remindAfterMs: 7 * DAY, escalateAfterMs: 14 * DAY, ...timing });
  const activities: RolloutActivities = {
    resolveParticipants: () => {
      calls.participantLookups++;
      return Promise.resolve(participants);
    },
    openTask: (spec) => {
      calls.tasks.push(spec);
      return Promise.resolve(timingOf());
    },
    closeTask: (c) => {
      calls.closed.push({ taskId: c.taskId, status: c.status, decidedBy: c.decidedBy });
      return Promise.resolve();
    },
    reassignTaskRow: (r) => {
      calls.reassigned.push(r);
      return Promise.resolve(timingOf());
    },
    notify: (n) => {
      calls.mails.push(n);
      return Promise.resolve();
    },
    recordCase: async ({ stage, event }) => {
      if (event) {
        calls.events.push(event.kind);
        calls.caseEvents.push(event);
      }
      // Decisions are recorded without a stage (it may race the workflow's own stage change).
      if (event?.key.endsWith(':decided')) {
        if (options.slowDecisionRecords) await pause(options.slowDecisionRecords);
        calls.decisionRecords.push({ kind: event.kind, stage: stage ?? '' });
      } else if (stage && calls.stages.at(-1) !== stage) calls.stages.push(stage);
    },
    registerLocalGroup: (i) => {
      calls.localGroups.push(i.members);
      return Promise.resolve();
    },
    openProgramme: async ({ programmeId }) => {
      calls.openingsStarted++;
      if (options.openProgramme) await pause(options.openProgramme);
      calls.opened.push(programmeId);
    },
    // Measured from the server's clock (skipped time included), as the real activity measures from now.
    millisUntil: ({ at }) => Promise.resolve({ ms: Math.max(0, Date.parse(at) - Context.current().info.currentAttemptScheduledTimestampMs) }),
    sendAgenda: ({ meetingId }) => {
      calls.agendas.push(meetingId);
      return Promise.resolve();
    },
  };
  return { calls, activities };
}

export type RolloutCalls = ReturnType<typeof recordingActivities>['calls'];

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** A worker for the rollout workflow; the workflow code is bundled once per test file. */
export async function rolloutWorker(env: TestWorkflowEnvironment, taskQueue: string, activities: RolloutActivities, options: Partial<WorkerOptions> = {}) {
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  return Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await bundle, activities, ...options });
}

export type RolloutHandle = WorkflowHandle<typeof rolloutWorkflow>;

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/** Polls until `probe` answers something truthy (the worker runs in the background meanwhile). */
export function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 10_000): Promise<Truthy<T>> {
  return waitUntil(what, async () => ((await probe()) || undefined) as Truthy<T> | undefined, { timeoutMs, everyMs: 25 });
}

export const view = (handle: RolloutHandle): Promise<RolloutView> => handle.query(rolloutViewQuery);

export function untilStage(handle: RolloutHandle, stage: RolloutStage): Promise<RolloutView> {
  return waitFor(`stage ${stage}`, async () => {
    const v = await view(handle);
    return v.stage === stage ? v : undefined;
  });
}

/** Waits until the workflow has an open task of this type, and answers its id. */
export async function openTaskOf(handle: RolloutHandle, type: RolloutTaskType): Promise<string> {
  const task = await waitFor(`an open ${type} task`, async () => (await view(handle)).tasks.find((t) => t.type === type && t.status === 'open'));
  return task.taskId;
}

export async function decide(handle: RolloutHandle, type: RolloutTaskType, actorId: string, decision: TaskDecision) {
  const taskId = await openTaskOf(handle, type);
  return handle.executeUpdate(decideTaskUpdate, { args: [{ taskId, actorId, decision }] });
}

/** The refusal carried by an update's failure; throws the error itself when it is anything else. */
export function refusalIn(error: unknown): Refusal {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === REFUSAL_FAILURE_TYPE) {
    return error.cause.details?.[0] as Refusal;
  }
  throw error;
}

/** The refusal an update failed with; fails the test when the update did not fail with one. */
export async function refusalOf(update: Promise<unknown>): Promise<Refusal> {
  const error = await update.then(
    (result) => {
      throw new Error(`expected a refusal, but the update succeeded with ${JSON.stringify(result)}`);
    },
    (e: unknown) => e,
  );
  return refusalIn(error);
}

/** The refusal among settled updates: exactly one must have been refused. */
export function theRefusalAmong(results: PromiseSettledResult<unknown>[]): Refusal {
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (refused.length !== 1) throw new Error(`expected exactly one refused update, got ${refused.length}`);
  return refusalIn(refused[0].reason);
}

/** Update ids the workflow accepted (those in its history). */
export async function acceptedUpdateIds(handle: Pick<RolloutHandle, 'fetchHistory'>): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const id = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId;
    return id ? [id] : [];
  });
}

export const recipient = (r: Recipient): string => ('personId' in r ? r.personId : 'central-mailbox');
export const mailsOf = (calls: RolloutCalls, kind: Notification['kind']) => calls.mails.filter((m) => m.kind === kind);

/**
 * Saves the run's history for replay.test.ts when RECORD_HISTORIES=1, as `<workflowId>.json`:
 * replay.test.ts replays each file under the workflow id its name gives, and a rollout's task ids
 * start with its workflow id, so the two must match.
 */
export async function recordHistory(handle: Pick<RolloutHandle, 'fetchHistory' | 'workflowId'>): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  writeFileSync(join(HISTORIES_DIR, `${handle.workflowId}.json`), historyToJSON(history));
}

/**
 * Runs one rollout on its own task queue (`rollout-<name>`, workflow id `rollout.<name>`) with
 * recording stub activities; `body` drives it while the worker runs.
 */
export async function withRollout<T>(
  env: TestWorkflowEnvironment,
  name: string,
  body: (handle: RolloutHandle, calls: RolloutCalls) => Promise<T>,
  options: { timing?: Partial<TaskTiming>; carry?: RolloutCarry; worker?: Partial<WorkerOptions>; delays?: StubDelays } = {},
): Promise<{ handle: RolloutHandle; calls: RolloutCalls; result: T }> {
  const { calls, activities } = recordingActivities(options.timing, options.delays);
  const taskQueue = `rollout-${name}`;
  const worker = await rolloutWorker(env, taskQueue, activities, options.worker);
  const handle = await env.client.workflow.start(rolloutWorkflow, {
    taskQueue,
    workflowId: `rollout.${name}`,
    args: options.carry ? [rolloutInput(`case-${name}`), options.carry] : [rolloutInput(`case-${name}`)],
  });
  const result = await worker.runUntil(body(handle, calls));
  return { handle, calls, result };
}

/** Both anchoring assessments approve. */
export async function approveAnchoring(handle: RolloutHandle): Promise<void> {
  await decide(handle, 'anchoring_programme_leader', participants.programmeLeaderId, approve);
  await decide(handle, 'anchoring_section_head', participants.sectionHeadId, approve);
}

/** Anchoring and the head of department approve; answers the open registration task's id. */
export async function toLocalGroup(handle: RolloutHandle): Promise<string> {
  await approveAnchoring(handle);
  await decide(handle, 'final_approval', participants.headOfDepartmentId, { outcome: 'approve' });
  return openTaskOf(handle, 'register_local_group');
}

export async function toDevelopment(handle: RolloutHandle): Promise<RolloutView> {
  await toLocalGroup(handle);
  await decide(handle, 'register_local_group', participants.facultyRepresentativeId, localGroup);
  return untilStage(handle, 'development');
}

/** A local-group member publishes a catalogue of one home and one abroad activity. */
export function publish(handle: RolloutHandle) {
  return handle.executeUpdate(publishCatalogueUpdate, { args: [{ actorId: 'm1', homeActivities: 1, abroadActivities: 1 }] });
}

/**
 * Waits until the workflow has nothing in flight: every workflow task and every activity it
 * scheduled has finished. With the test server's clock locked, nothing happens after that until the
 * test acts, so "no such mail" can be asserted safely.
 */
export async function quiescent(handle: RolloutHandle): Promise<void> {
  await waitFor('the workflow to be idle', async () => {
    const events = (await handle.fetchHistory()).events ?? [];
    const count = (...types: EventType[]) => events.filter((e) => types.includes(e.eventType!)).length;
    const activitiesDone =
      count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) ===
      count(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED);
    const workflowTasksDone =
      count(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) ===
      count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    return activitiesDone && workflowTasksDone;
  });
}
