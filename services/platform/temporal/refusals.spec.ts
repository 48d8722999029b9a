import { describe, expect, it } from '@jest/globals';
import { ConflictException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { callWorkflow } from './refusals.js';

describe('calling a workflow', () => {
  it('answers 409 when the case has ended while the call was on its way (the workflow is gone)', async () => {
    const call = callWorkflow(() => Promise.reject(new WorkflowNotFoundError('workflow execution already completed', 'rollout-1', undefined)));
    await expect(call).rejects.toBeInstanceOf(ConflictException);
    await expect(call).rejects.toMatchObject({ message: expect.stringContaining('ended') });
  });

  it('answers 404 when the workflow is not there at all', async () => {
    await expect(callWorkflow(() => Promise.reject(new WorkflowNotFoundError('workflow not found', 'rollout-1', undefined)))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('answers 503 when the engine did not take the call', async () => {
    await expect(callWorkflow(() => Promise.reject(new Error('connection refused')))).rejects.toBeInstanceOf(ServiceUnavailableException);
  });
});
