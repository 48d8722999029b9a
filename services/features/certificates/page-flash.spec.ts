import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AppConfig } from '../../platform/config/config.schema.js';
import { FLASH_COOKIE, PageFlash, type Flash } from './page-flash.js';

const config = { auth: { sessionSecret: 'a-session-secret-of-enough-length-0123456789' }, publicUrl: 'https://cil.example.org' } as unknown as AppConfig;
const PATH = '/certificates/0f0e0d0c-0b0a-4908-8706-050403020100';

function jar() {
  const cookies: Record<string, { value: string; options: Record<string, unknown> }> = {};
  const cleared: string[] = [];
  const res = {
    cookie: (name: string, value: string, options: Record<string, unknown>) => (cookies[name] = { value, options }),
    clearCookie: (name: string) => cleared.push(name),
  } as unknown as Response;
  const req = (value?: string) => ({ cookies: value === undefined ? {} : { [FLASH_COOKIE]: value } }) as unknown as Request;
  return { cookies, cleared, res, req };
}

describe('the page flash', () => {
  const flash = new PageFlash(config);
  const outcome: Flash = { personId: 'p1', form: 'participation', message: 'invalid reflection', fields: [{ field: 'reflection', problems: ['too short'] }], values: { reflection: 'Too short', description: 'Blåbærsyltetøy' } };

  it('carries the outcome to the next page once, for the same person only', () => {
    const { cookies, cleared, res, req } = jar();
    expect(flash.set(res, PATH, outcome)).toBe(true);
    const cookie = cookies[FLASH_COOKIE];
    expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: true, path: PATH });
    expect(flash.take(req(cookie.value), res, PATH, 'p1')).toEqual(outcome);
    expect(cleared).toEqual([FLASH_COOKIE]);
    expect(flash.take(req(cookie.value), res, PATH, 'someone-else')).toBeUndefined();
    expect(flash.take(req(), res, PATH, 'p1')).toBeUndefined();
  });

  it('refuses a cookie it did not sign', () => {
    const { cookies, res, req } = jar();
    flash.set(res, PATH, outcome);
    const [data, mac] = cookies[FLASH_COOKIE].value.split('.');
    expect(flash.take(req(`${data}x.${mac}`), res, PATH, 'p1')).toBeUndefined();
    expect(flash.take(req(`${data}.${mac.slice(1)}A`), res, PATH, 'p1')).toBeUndefined();
    expect(flash.take(req('garbage'), res, PATH, 'p1')).toBeUndefined();
    const other = new PageFlash({ ...config, auth: { sessionSecret: 'another-secret-another-secret-0123456789' } } as unknown as AppConfig);
    expect(other.take(req(cookies[FLASH_COOKIE].value), res, PATH, 'p1')).toBeUndefined();
  });

  it('declines what does not fit in a cookie', () => {
    const { cookies, res } = jar();
    expect(flash.set(res, PATH, { ...outcome, values: { reflection: randomBytes(4000).toString('base64') } })).toBe(false);
    expect(cookies[FLASH_COOKIE]).toBeUndefined();
    // Long but ordinary prose compresses well and still fits.
    expect(flash.set(res, PATH, { ...outcome, values: { reflection: 'I learnt to listen. '.repeat(400) } })).toBe(true);
  });
});
