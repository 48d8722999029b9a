import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { UpdateInput, WorkflowExecuteInput, WorkflowInboundCallsInterceptor } from '@temporalio/workflow';
import { interceptors } from './refused-payload.interceptors.js';
import { isRefusedPayload, payloadConverter, REFUSED_PAYLOAD, REFUSED_UNENCRYPTED_ENCODING, UNENCRYPTED_PAYLOAD_FAILURE_TYPE } from './refused-payload.js';

const refused: Payload = { metadata: { encoding: new TextEncoder().encode(REFUSED_UNENCRYPTED_ENCODING) }, data: new Uint8Array() };

describe('the payload converter', () => {
  it('writes exactly what the default converter writes, so histories and codecs see no change', () => {
    for (const value of [undefined, null, 'text', 42, { a: [1, 'b'] }, new Uint8Array([1, 2, 3])]) {
      expect(payloadConverter.toPayload(value)).toEqual(defaultPayloadConverter.toPayload(value));
    }
  });

  it('reads what the default converter reads', () => {
    const value = { taskId: 't-1', decision: { outcome: 'approve' } };
    expect(payloadConverter.fromPayload(defaultPayloadConverter.toPayload(value))).toEqual(value);
  });

  it('reads a refused payload as the one frozen marker, which the default converter cannot read at all', () => {
    expect(payloadConverter.fromPayload(refused)).toBe(REFUSED_PAYLOAD);
    expect(Object.isFrozen(REFUSED_PAYLOAD)).toBe(true);
    expect(() => defaultPayloadConverter.fromPayload(refused)).toThrow(/Unknown encoding/);
  });

  it('tells the marker from any data, including data that imitates it', () => {
    expect(isRefusedPayload(REFUSED_PAYLOAD)).toBe(true);
    for (const value of [undefined, null, {}, 'binary/refused-unencrypted', { refused: true }, JSON.parse(JSON.stringify(REFUSED_PAYLOAD)) as unknown]) {
      expect(isRefusedPayload(value)).toBe(false);
    }
  });
});

describe('the workflow interceptors', () => {
  const inbound = interceptors().inbound?.[0] as Required<Pick<WorkflowInboundCallsInterceptor, 'execute' | 'validateUpdate' | 'handleUpdate' | 'handleQuery'>>;
  const update = (args: unknown[]): UpdateInput => ({ updateId: 'u-1', name: 'decideTask', args, headers: {} });
  const expectRefusal = (err: unknown, what: string) => {
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: UNENCRYPTED_PAYLOAD_FAILURE_TYPE, nonRetryable: true, message: `${what} refused: its payload was not encrypted with a known key` });
  };

  it('let every call without a refused argument through, unchanged', async () => {
    const input = update([{ taskId: 't-1' }]);
    const validated: unknown[] = [];
    inbound.validateUpdate(input, (i) => void validated.push(i));
    expect(validated).toEqual([input]);
    await expect(inbound.handleUpdate(input, (i) => Promise.resolve(i))).resolves.toBe(input);
    const start: WorkflowExecuteInput = { args: [{ caseId: 'c-1' }], headers: {} };
    await expect(inbound.execute(start, () => Promise.resolve('ran'))).resolves.toBe('ran');
  });

  it('reject an update in its validator, and in its handler when it has no validator', async () => {
    const input = update([REFUSED_PAYLOAD]);
    let reached = false;
    let thrown: unknown;
    try {
      inbound.validateUpdate(input, () => {
        reached = true;
      });
    } catch (err) {
      thrown = err;
    }
    expectRefusal(thrown, 'the update decideTask');
    // Rejected, not thrown: a thrown error in a handler would fail the workflow task.
    const handled = inbound.handleUpdate(input, () => {
      reached = true;
      return Promise.resolve();
    });
    expectRefusal(await handled.catch((e: unknown) => e), 'the update decideTask');
    expect(reached).toBe(false);
  });

  it('fail a workflow whose input was refused, and a query', async () => {
    const started = inbound.execute({ args: [REFUSED_PAYLOAD], headers: {} }, () => Promise.resolve('ran'));
    expectRefusal(await started.catch((e: unknown) => e), 'the workflow input');
    const query = inbound.handleQuery({ queryId: 'q-1', queryName: 'view', args: [REFUSED_PAYLOAD], headers: {} }, () => Promise.resolve('answered'));
    expectRefusal(await query.catch((e: unknown) => e), 'the query view');
  });
});
