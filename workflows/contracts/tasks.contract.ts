/** The human-task machinery shared by every case workflow (rollout now, certificate later). */

export type CaseType = 'rollout' | 'certificate';
export type TaskStatus = 'open' | 'done' | 'cancelled';

/** Why a decision was refused; the API maps each kind to its HTTP status. */
export type RefusalKind = 'forbidden' | 'conflict' | 'invalid' | 'not_found';
export const REFUSAL_STATUS: Record<RefusalKind, number> = { forbidden: 403, conflict: 409, invalid: 400, not_found: 404 };

/** The ApplicationFailure type our validators and handlers throw for a refused request. */
export const REFUSAL_FAILURE_TYPE = 'CilRefusal';

export interface Refusal {
  kind: RefusalKind;
  message: string;
  /** For `invalid`: the offending field (dotted path). */
  field?: string;
}

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
