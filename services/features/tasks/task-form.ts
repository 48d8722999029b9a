import type { TaskDecision } from '../../../workflows/contracts/rollout.contract.js';

/** Turns the fields of a task page's HTML form into a decision (the workflow validates it). */
export function decisionFromForm(type: string, form: Record<string, string | string[] | undefined>): TaskDecision {
  const one = (k: string) => {
    const v = form[k];
    const s = Array.isArray(v) ? v[0] : v;
    return s === undefined || s.trim() === '' ? undefined : s.trim();
  };
  const num = (k: string) => (one(k) === undefined ? (undefined as unknown as number) : Number(one(k)));
  const outcome = one('outcome') ?? '';
  switch (type) {
    case 'anchoring_programme_leader':
    case 'anchoring_section_head':
      if (outcome === 'approve') {
        return {
          outcome,
          assessment: {
            developmentHours: num('developmentHours'),
            operationHoursPerSemester: num('operationHoursPerSemester'),
            covered: one('covered') === undefined ? (undefined as unknown as boolean) : one('covered') === 'yes',
            ...(one('assessmentComment') ? { comment: one('assessmentComment') } : {}),
          },
        };
      }
      if (outcome === 'reject') return { outcome, reason: one('reason') ?? '' };
      return { outcome: outcome as 'request_changes', comment: one('comment') ?? '' };
    case 'final_approval':
      return outcome === 'reject' ? { outcome, reason: one('reason') ?? '' } : { outcome: outcome as 'approve', ...(one('comment') ? { comment: one('comment') } : {}) };
    case 'revise_initiative':
      return {
        outcome: 'resubmit',
        initiative: {
          motivation: one('motivation') ?? '',
          ...(one('proposedActivities') ? { proposedActivities: one('proposedActivities') } : {}),
          expectedStudentsPerYear: num('expectedStudentsPerYear'),
          initiatorCapacity: (one('initiatorCapacity') ?? '') as never,
        },
      };
    case 'register_local_group': {
      const members = [];
      for (let i = 1; i <= 8; i++) {
        const personId = one(`member${i}`);
        const seat = one(`seat${i}`);
        if (personId && seat) members.push({ personId, seat: seat as never });
      }
      return { outcome: 'register', members };
    }
    default:
      return { outcome: outcome as never };
  }
}
