import { messageIdFor } from './mail.service.js';

describe('Message-IDs', () => {
  it('are stable for the same step and differ between steps', () => {
    expect(messageIdFor('wf-1/probe')).toBe(messageIdFor('wf-1/probe'));
    expect(messageIdFor('wf-1/probe')).not.toBe(messageIdFor('wf-2/probe'));
    expect(messageIdFor('wf-1/probe')).toMatch(/^<[0-9a-f]{40}@cil-flow>$/);
  });
});
