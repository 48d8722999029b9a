import type { Refusal } from '../contracts/refusals.js';
import { localGroupProblems } from './local-group.rules.js';
import { INITIATOR_CAPACITIES, type Initiative, type TaskState } from '../contracts/rollout.contract.js';

const text = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const hours = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100_000;
const invalid = (field: string, message: string): Refusal => ({ kind: 'invalid', field, message: `${field} ${message}` });

export function initiativeProblem(initiative: unknown, prefix = 'initiative'): Refusal | undefined {
  const i = (initiative ?? {}) as Partial<Initiative>;
  if (!text(i.motivation)) return invalid(`${prefix}.motivation`, 'is required');
  if (!Number.isInteger(i.expectedStudentsPerYear) || (i.expectedStudentsPerYear as number) < 0) return invalid(`${prefix}.expectedStudentsPerYear`, 'must be a whole number, 0 or more');
  if (!(INITIATOR_CAPACITIES as readonly unknown[]).includes(i.initiatorCapacity)) return invalid(`${prefix}.initiatorCapacity`, `must be one of ${INITIATOR_CAPACITIES.join(', ')}`);
  if (i.proposedActivities !== undefined && typeof i.proposedActivities !== 'string') return invalid(`${prefix}.proposedActivities`, 'must be text');
  return undefined;
}

/**
 * Why this person may not make this decision on this task now, or undefined when they may. Used by
 * the workflow's update validator (before anything enters history) and by nothing else.
 */
export function decisionRefusal(task: TaskState | undefined, actorId: string, decision: unknown): Refusal | undefined {
  if (!task) return { kind: 'not_found', message: 'no such task on this case' };
  if (task.status !== 'open') return { kind: 'conflict', message: `this task is already ${task.status === 'done' ? 'decided' : 'closed'}` };
  if (task.assigneeId !== actorId) return { kind: 'forbidden', message: 'only the person the task is assigned to can decide it' };
  const d = (decision ?? {}) as Record<string, unknown>;
  switch (task.type) {
    case 'anchoring_programme_leader':
    case 'anchoring_section_head': {
      if (d.outcome === 'approve') {
        const a = (d.assessment ?? undefined) as Record<string, unknown> | undefined;
        if (!a || typeof a !== 'object') return invalid('assessment', 'is required to approve (expected hours and whether they are covered)');
        if (!hours(a.developmentHours)) return invalid('assessment.developmentHours', 'must be a number of hours, 0 or more');
        if (!hours(a.operationHoursPerSemester)) return invalid('assessment.operationHoursPerSemester', 'must be a number of hours, 0 or more');
        if (typeof a.covered !== 'boolean') return invalid('assessment.covered', 'must be true or false');
        return undefined;
      }
      if (d.outcome === 'reject') return text(d.reason) ? undefined : invalid('reason', 'is required to reject');
      if (d.outcome === 'request_changes') return text(d.comment) ? undefined : invalid('comment', 'is required to ask for changes');
      return invalid('outcome', 'must be approve, reject or request_changes');
    }
    case 'final_approval':
      if (d.outcome === 'approve') return undefined;
      if (d.outcome === 'reject') return text(d.reason) ? undefined : invalid('reason', 'is required to reject');
      return invalid('outcome', 'must be approve or reject');
    case 'revise_initiative':
      if (d.outcome !== 'resubmit') return invalid('outcome', 'must be resubmit');
      return initiativeProblem(d.initiative);
    case 'register_local_group': {
      if (d.outcome !== 'register') return invalid('outcome', 'must be register');
      if (!Array.isArray(d.members)) return invalid('members', 'must list the members and their seats');
      const problems = localGroupProblems(d.members as { personId: string; seat: string }[]);
      return problems.length ? { kind: 'invalid', field: 'members', message: `the local group is not complete: ${problems.join('; ')}` } : undefined;
    }
  }
}
