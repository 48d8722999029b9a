import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { Notification, Recipient, RolloutActivities } from '../../workflows/rollout/rollout.activities.types.js';
import { decideTaskUpdate, rolloutViewQuery, type RolloutView } from '../../workflows/rollout/rollout.messages.js';
import type { LocalGroupDecision, RolloutInput, RolloutParticipants, RolloutStage, RolloutTaskType, TaskDecision } from '../../workflows/rollout/rollout.types.js';
import { REFUSAL_FAILURE_TYPE, type Refusal, type TaskSpec, type TaskTiming } from '../../workflows/tasks/task.types.js';
import type { rolloutWorkflow } from '../../workflows/rollout/rollout.workflow.js';
import { HISTORIES_DIR, workflowsPath } from './workflow-paths.js';

export const DAY = 24 * 3600 * 1000;

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

/** Stub activities that record what the workflow asked for. */
export function recordingActivities(timing: Partial<TaskTiming> = {}) {
  const calls = {
    tasks: [] as TaskSpec[],
    closed: [] as { taskId: string; status: string; decidedBy?: string }[],
    reassigned: [] as { taskId: string; assigneeId: string }[],
    mails: [] as Notification[],
    stages: [] as string[],
    events: [] as string[],
    localGroups: [] as unknown[],
    opened: [] as string[],
    participantLookups: 0,
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
    recordCase: ({ stage, event }) => {
      if (calls.stages.at(-1) !== stage) calls.stages.push(stage);
      if (event) calls.events.push(event.kind);
      return Promise.resolve();
    },
    registerLocalGroup: (i) => {
      calls.localGroups.push(i.members);
      return Promise.resolve();
    },
    openProgramme: ({ programmeId }) => {
      calls.opened.push(programmeId);
      return Promise.resolve();
    },
  };
  return { calls, activities };
}

export type RolloutCalls = ReturnType<typeof recordingActivities>['calls'];

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** A worker for the rollout workflow; the workflow code is bundled once per test file. */
export async function rolloutWorker(env: TestWorkflowEnvironment, taskQueue: string, activities: RolloutActivities) {
  bundle ??= bundleWorkflowCode({ workflowsPath });
  return Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await bundle, activities });
}

export type RolloutHandle = WorkflowHandle<typeof rolloutWorkflow>;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` answers something truthy (the worker runs in the background meanwhile). */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await pause(25);
  }
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

/** The refusal an update failed with; fails the test when the update did not fail with one. */
export async function refusalOf(update: Promise<unknown>): Promise<Refusal> {
  const error = await update.then(
    (result) => {
      throw new Error(`expected a refusal, but the update succeeded with ${JSON.stringify(result)}`);
    },
    (e: unknown) => e,
  );
  if (!(error instanceof WorkflowUpdateFailedError)) throw error;
  const cause = error.cause;
  if (!(cause instanceof ApplicationFailure) || cause.type !== REFUSAL_FAILURE_TYPE) throw error;
  return cause.details?.[0] as Refusal;
}

/** Update ids the workflow accepted (those in its history). */
export async function acceptedUpdateIds(handle: RolloutHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const id = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId;
    return id ? [id] : [];
  });
}

export const recipient = (r: Recipient): string => ('personId' in r ? r.personId : 'central-mailbox');
export const mailsOf = (calls: RolloutCalls, kind: Notification['kind']) => calls.mails.filter((m) => m.kind === kind);

/** Saves the run's history for replay.test.ts when RECORD_HISTORIES=1. */
export async function recordHistory(handle: RolloutHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  writeFileSync(join(HISTORIES_DIR, `rollout.${name}.json`), historyToJSON(history));
}
