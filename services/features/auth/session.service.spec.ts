import { parseConfig } from '../../platform/config/config.schema.js';
import { SessionService } from './session.service.js';

describe('signed tokens', () => {
  const tokens = new SessionService(parseConfig({}));

  it('verify again from memory with the same answers: the purpose still decides', async () => {
    const token = await tokens.sign('session', 'person-1', { sid: 's-1' });
    const first = await tokens.verify('session', token);
    expect(first).toMatchObject({ sub: 'person-1', sid: 's-1', pur: 'session' });
    expect(await tokens.verify('session', token)).toBe(first);
    expect(await tokens.verify('task', token)).toBeUndefined();
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('refuse a remembered token once it has expired', async () => {
    const token = await tokens.sign('session', 'person-1', {}, 1);
    expect(await tokens.verify('session', token)).toBeDefined();
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await tokens.verify('session', token)).toBeUndefined();
    expect(await tokens.verify('session', token, { ignoreExpiry: true })).toMatchObject({ sub: 'person-1' });
  });

  it('refuse a token with one character changed, even after the genuine one was remembered', async () => {
    const token = await tokens.sign('session', 'person-1');
    await tokens.verify('session', token);
    const i = token.lastIndexOf('.') + 5;
    const altered = `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
    expect(await tokens.verify('session', altered)).toBeUndefined();
  });
});
