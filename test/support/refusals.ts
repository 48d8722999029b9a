import { ApplicationFailure } from '@temporalio/common';
import type { Refusal } from '../../workflows/contracts/refusals.js';

/** The refusal a validator or handler throws; fails when it throws none, rethrows any other error. */
export function refusalOf(fn: () => unknown): Refusal | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApplicationFailure) return err.details?.[0] as Refusal | undefined;
    throw err;
  }
  throw new Error('not refused');
}
