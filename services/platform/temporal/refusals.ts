import { BadRequestException, ConflictException, ForbiddenException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { ValidationFailed } from '../http/errors.js';
import { REFUSAL_FAILURE_TYPE, type Refusal } from '../../../workflows/contracts/refusals.js';

/** The refusal inside a failed update, if the workflow refused it (validator or handler). */
export function refusalOf(err: unknown): Refusal | undefined {
  let cause: unknown = err instanceof WorkflowUpdateFailedError ? err.cause : err;
  while (cause instanceof TemporalFailure && !(cause instanceof ApplicationFailure && cause.type === REFUSAL_FAILURE_TYPE)) cause = cause.cause;
  if (cause instanceof ApplicationFailure && cause.type === REFUSAL_FAILURE_TYPE) {
    const detail = cause.details?.[0] as Refusal | undefined;
    return detail ?? { kind: 'invalid', message: cause.message };
  }
  return undefined;
}

export function refusalToHttp(r: Refusal): HttpException {
  switch (r.kind) {
    case 'forbidden':
      return new ForbiddenException(r.message);
    case 'conflict':
      return new ConflictException(r.message);
    case 'not_found':
      return new NotFoundException(r.message);
    case 'invalid':
      return r.field ? new ValidationFailed([{ field: r.field, problems: [r.message] }]) : new BadRequestException(r.message);
  }
}

/**
 * Runs a call to a workflow; maps refusals and missing workflows to HTTP errors: an update that
 * races the workflow's completion is 409 (the case has ended), a workflow that is not there 404.
 */
export async function callWorkflow<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const refused = refusalOf(err);
    if (refused) throw refusalToHttp(refused);
    if (err instanceof WorkflowNotFoundError) {
      // An update that reaches a workflow which has just completed: the case has ended. Otherwise (a
      // query after the history's retention, say) the workflow is simply not there.
      if (/already completed/i.test(err.message)) throw new ConflictException('the case has ended and takes no more changes');
      throw new NotFoundException('the case is not running');
    }
    if (err instanceof HttpException) throw err;
    throw new ServiceUnavailableException(`the workflow engine did not take the request: ${(err as Error).message}`);
  }
}
