import { parseConfig } from '../../platform/config/config.schema.js';
import { SessionService } from '../auth/session.service.js';
import { TaskLinkService } from './task-link.service.js';

describe('task links', () => {
  const config = parseConfig({ PUBLIC_URL: 'https://cil.example.org' });
  const tokens = new SessionService(config);
  const links = new TaskLinkService(config, tokens);
  const token = (url: string) => new URL(url).searchParams.get('t')!;

  it('carry a token bound to the task, its assignee and the assignment', async () => {
    const url = await links.url('rollout-1:final-approval', 'person-1', 2);
    expect(url).toMatch(/^https:\/\/cil\.example\.org\/tasks\/rollout-1%3Afinal-approval\?t=/);
    expect(await links.check('rollout-1:final-approval', token(url))).toEqual({ ok: true, assigneeId: 'person-1', assignment: 2 });
  });

  it('do not open another task', async () => {
    const url = await links.url('rollout-1:final-approval', 'person-1', 1);
    expect(await links.check('rollout-2:final-approval', token(url))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('tell an expired link from a forged one', async () => {
    const expired = await tokens.sign('task', 'person-1', { tid: 'task-1', asg: 1 }, -60);
    expect(await links.check('task-1', expired)).toEqual({ ok: false, reason: 'expired', personId: 'person-1' });
    const forged = `${expired.slice(0, -4)}AAAA`;
    expect(await links.check('task-1', forged)).toEqual({ ok: false, reason: 'invalid' });
    const session = await tokens.sign('session', 'person-1');
    expect(await links.check('task-1', session)).toEqual({ ok: false, reason: 'invalid' });
  });
});
