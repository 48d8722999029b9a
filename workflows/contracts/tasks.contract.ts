import { defineUpdate } from '@temporalio/workflow';

/** The human-task machinery shared by every case workflow (rollout now, certificate later). */

export type CaseType = 'rollout' | 'certificate';
export type TaskStatus = 'open' | 'done' | 'cancelled';

/** What the workflow asks the task activity to create. */
export interface TaskSpec {
  /** Deterministic: `<workflowId>:<key>`, so a retried activity finds the row it made. */
  taskId: string;
  caseType: CaseType;
  caseId: string;
  workflowId: string;
  type: string;
  assigneeId: string;
  /** Reminders weekly instead of after N and M working days (the local-group registration). */
  weeklyReminders?: boolean;
}

/** Timing the task activity computed from settings (working days), relative to creation. */
export interface TaskTiming {
  dueAt: string;
  remindAfterMs: number;
  escalateAfterMs: number;
}

export interface TaskClose {
  taskId: string;
  status: Exclude<TaskStatus, 'open'>;
  decidedBy?: string;
  decision?: unknown;
}

export interface TaskActivities {
  openTask(spec: TaskSpec): Promise<TaskTiming>;
  closeTask(close: TaskClose): Promise<void>;
  reassignTaskRow(input: { taskId: string; assigneeId: string }): Promise<TaskTiming>;
}

/** A decision as it reaches a workflow; each workflow's validator checks its fields. */
export interface TaskDecisionInput {
  outcome: string;
  [field: string]: unknown;
}

export interface DecideTaskInput {
  taskId: string;
  actorId: string;
  decision: TaskDecisionInput;
}

export interface DecideTaskResult {
  taskId: string;
  outcome: string;
}

/**
 * A person's decision on one of a case's tasks. Every case workflow (rollout, certificate)
 * handles it, so the API decides any task the same way.
 */
export const decideTaskUpdate = defineUpdate<DecideTaskResult, [DecideTaskInput]>('decideTask');
