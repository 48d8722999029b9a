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
 * Runs a call to a workflow; maps refusals and missing workflows to HTTP errors. Callers find the
 * case's row first, so a workflow that is not there has ended (an update races its completion): 409.
 */
export async function callWorkflow<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const refused = refusalOf(err);
    if (refused) throw refusalToHttp(refused);
    if (err instanceof WorkflowNotFoundError) throw new ConflictException('the case has ended and takes no more changes');
    if (err instanceof HttpException) throw err;
    throw new ServiceUnavailableException(`the workflow engine did not take the request: ${(err as Error).message}`);
  }
}
