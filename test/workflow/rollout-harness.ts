import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import type { Notification, RolloutActivities } from '../../workflows/rollout/rollout.activities.types.js';
import { decideTaskUpdate, rolloutViewQuery } from '../../workflows/rollout/rollout.messages.js';
import type { RolloutInput, RolloutParticipants, TaskDecision } from '../../workflows/rollout/rollout.types.js';
import type { TaskSpec, TaskTiming } from '../../workflows/tasks/task.types.js';
import type { rolloutWorkflow } from '../../workflows/rollout/rollout.workflow.js';
import { workflowsPath } from './workflow-paths.js';

const DAY = 24 * 3600 * 1000;

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

export const rolloutInput = (caseId = 'case-1'): RolloutInput => ({
  caseId,
  programmeId: 'prog-1',
  initiatorId: 'p-initiator',
  initiative: { motivation: 'Many students go abroad already.', expectedStudentsPerYear: 20, initiatorCapacity: 'staff' },
});

export const approve: TaskDecision = { outcome: 'approve', assessment: { developmentHours: 40, operationHoursPerSemester: 10, covered: true } };

/** Stub activities that record what the workflow asked for. */
export function recordingActivities(timing: Partial<TaskTiming> = {}) {
  const calls = {
    tasks: [] as TaskSpec[],
    closed: [] as { taskId: string; status: string }[],
    mails: [] as Notification[],
    stages: [] as string[],
    events: [] as string[],
    localGroups: [] as unknown[],
    opened: [] as string[],
  };
  const activities: RolloutActivities = {
    resolveParticipants: () => Promise.resolve(participants),
    openTask: (spec) => {
      calls.tasks.push(spec);
      return Promise.resolve({ dueAt: '2030-01-01T00:00:00Z', remindAfterMs: 7 * DAY, escalateAfterMs: 14 * DAY, ...timing });
    },
    closeTask: (c) => {
      calls.closed.push({ taskId: c.taskId, status: c.status });
      return Promise.resolve();
    },
    reassignTaskRow: () => Promise.resolve({ dueAt: '2030-01-01T00:00:00Z', remindAfterMs: 7 * DAY, escalateAfterMs: 14 * DAY, ...timing }),
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

export async function rolloutWorker(env: TestWorkflowEnvironment, taskQueue: string, activities: RolloutActivities) {
  return Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
}

export type RolloutHandle = WorkflowHandle<typeof rolloutWorkflow>;

/** Waits until the workflow has an open task of this type, and answers its id. */
export async function openTaskOf(handle: RolloutHandle, type: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const view = await handle.query(rolloutViewQuery);
    const task = view.tasks.find((t) => t.type === type && t.status === 'open');
    if (task) return task.taskId;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no open ${type} task`);
}

export async function decide(handle: RolloutHandle, type: string, actorId: string, decision: TaskDecision) {
  const taskId = await openTaskOf(handle, type);
  return handle.executeUpdate(decideTaskUpdate, { args: [{ taskId, actorId, decision }] });
}
