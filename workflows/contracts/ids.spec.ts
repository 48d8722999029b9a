import { certificateTaskSubject, confirmationTaskId, proposalTaskId } from './ids.js';

describe('certificate task ids', () => {
  it('name what the task is about', () => {
    expect(certificateTaskSubject(confirmationTaskId('certificate-1', 'p-1'))).toEqual({ participationId: 'p-1' });
    expect(certificateTaskSubject(proposalTaskId('certificate-1', 'x-2'))).toEqual({ proposalId: 'x-2' });
    expect(certificateTaskSubject('rollout-1:final-approval')).toEqual({});
    expect(certificateTaskSubject(undefined)).toEqual({});
  });
});
