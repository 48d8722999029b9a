import {
  ApplicationFailure,
  log,
  type Next,
  type QueryInput,
  type SignalInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import { isRefusedPayload, UNENCRYPTED_PAYLOAD_FAILURE_TYPE } from './refused-payload.js';

const refused = (args: readonly unknown[]) => args.some(isRefusedPayload);

function refusal(what: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: UNENCRYPTED_PAYLOAD_FAILURE_TYPE,
    message: `${what} refused: its payload was not encrypted with a known key`,
    nonRetryable: true,
  });
}

/**
 * Turns a refused payload (see ./refused-payload.ts; only the codec's strict mode makes one) into
 * a clean refusal instead of a failed workflow task: an update is rejected by its validator,
 * before it is accepted and written to history; a signal is dropped (it cannot be refused, and a
 * failing handler would fail every workflow task after it); a query fails; a workflow whose input
 * was refused fails. Without refused payloads every call passes through unchanged, so histories
 * recorded before this interceptor replay as they were.
 */
class RefuseUnencryptedPayloads implements WorkflowInboundCallsInterceptor {
  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    return refused(input.args) ? Promise.reject(refusal('the workflow input')) : next(input);
  }

  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    if (refused(input.args)) throw refusal(`the update ${input.name}`);
    next(input);
  }

  /** For an update without a validator: it fails after acceptance, still without failing the workflow task. */
  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    return refused(input.args) ? Promise.reject(refusal(`the update ${input.name}`)) : next(input);
  }

  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    if (refused(input.args)) {
      // The signal's name only: the payload was never read.
      log.warn('signal dropped: its payload was not encrypted with a known key', { signalName: input.signalName });
      return Promise.resolve();
    }
    return next(input);
  }

  handleQuery(input: QueryInput, next: Next<WorkflowInboundCallsInterceptor, 'handleQuery'>): Promise<unknown> {
    return refused(input.args) ? Promise.reject(refusal(`the query ${input.queryName}`)) : next(input);
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new RefuseUnencryptedPayloads()] });
