import { ApplicationFailure } from '@temporalio/workflow';

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

/** The failure a validator or handler throws to refuse a request; the API maps its kind to a status. */
export function refusal(r: Refusal): ApplicationFailure {
  return ApplicationFailure.create({ type: REFUSAL_FAILURE_TYPE, message: r.message, details: [r], nonRetryable: true });
}
