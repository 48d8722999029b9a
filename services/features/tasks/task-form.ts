import type { TaskDecision } from '../../../workflows/contracts/rollout.contract.js';
import type { LocalGroupSeat } from '../../../workflows/domain/local-group.rules.js';

type Form = Record<string, string | string[] | undefined>;

/** The most rows the local-group form is read for (`member1`/`seat1` … `member8`/`seat8`). */
export const LOCAL_GROUP_FORM_ROWS = 8;

/**
 * The local-group form as the page lays it out: a row per seat, in this order (row n posts
 * `member<n>` and the seat as `seat<n>`); the second student is optional.
 */
export const LOCAL_GROUP_LAYOUT: readonly { seat: LocalGroupSeat; required: boolean }[] = [
  { seat: 'administrative_resource', required: true },
  { seat: 'academic_coordinator', required: true },
  { seat: 'academic_staff', required: true },
  { seat: 'student', required: true },
  { seat: 'student', required: false },
];

const first = (form: Form, k: string) => {
  const v = form[k];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === '' ? undefined : s.trim();
};

/**
 * The rows of a local-group form that name both a person and a seat, each with the form row it
 * came from (1-based): the decision's `members`, in this order, so a refusal about `members.<i>`
 * belongs to row `rows[i].row`.
 */
export function localGroupRows(form: Form): { row: number; personId: string; seat: string }[] {
  const rows = [];
  for (let row = 1; row <= LOCAL_GROUP_FORM_ROWS; row++) {
    const personId = first(form, `member${row}`);
    const seat = first(form, `seat${row}`);
    if (personId && seat) rows.push({ row, personId, seat });
  }
  return rows;
}

/** Turns the fields of a task page's HTML form into a decision (the workflow validates it). */
export function decisionFromForm(type: string, form: Form): TaskDecision {
  const one = (k: string) => first(form, k);
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
    case 'register_local_group':
      return { outcome: 'register', members: localGroupRows(form).map(({ personId, seat }) => ({ personId, seat: seat as never })) };
    default:
      return { outcome: outcome as never };
  }
}
