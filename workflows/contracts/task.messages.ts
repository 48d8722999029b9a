import { ApplicationFailure, defineUpdate } from '@temporalio/workflow';
import { REFUSAL_FAILURE_TYPE, type Refusal } from './tasks.contract.js';

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

/** The failure a validator or handler throws to refuse a request; the API maps its kind to a status. */
export function refusal(r: Refusal): ApplicationFailure {
  return ApplicationFailure.create({ type: REFUSAL_FAILURE_TYPE, message: r.message, details: [r], nonRetryable: true });
}
