import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { waitFor } from '../../infra/kit/wait.js';
import { ApiClient, people, type Person } from '../support/api.js';
import { initiativeAwaitingSectionHead } from '../support/journeys.js';
import { devToken, startSystem, type RunningSystem } from '../support/system.js';

jest.setTimeout(180_000);

/**
 * The browser-facing defences, against the running system: security headers, CSRF (Origin,
 * Sec-Fetch-Site and form tokens), JSON-only API, sessions that end when one signs out, bounded JSON
 * depth, an API that listens on this machine only outside production, and sign-in rate limits.
 */

const SIGN_IN_LIMIT = 5;

/** A browser's cookie jar, enough for one origin. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value.join('='));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

const csrfOf = (pageHtml: string) => pageHtml.match(/name="_csrf" value="([^"]+)"/)?.[1];

describe('security', () => {
  let system: RunningSystem;
  let everyone: Person[];
  let taskId: string;
  let sectionHead: Person;

  /** Signs in through the dev page's form, as a browser does; answers the cookie jar. */
  async function browserSignIn(personId: string): Promise<Jar> {
    const jar = new Jar();
    const pageRes = await fetch(`${system.apiUrl}/auth/dev`);
    jar.take(pageRes);
    const token = csrfOf(await pageRes.text());
    const res = await fetch(`${system.apiUrl}/auth/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header(), origin: system.apiUrl, 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ personId, returnTo: '/api/me', _csrf: token ?? '' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    jar.take(res);
    expect(jar.has('cil_session')).toBe(true);
    return jar;
  }

  const token = (personId: string) => devToken(system.apiUrl, personId);

  const taskStatus = async () => {
    const central = everyone.find((p) => p.roles.some((r) => r.role === 'central_group_member'))!;
    return (await (await ApiClient.as(system.apiUrl, central.id)).get<{ status: string }>(`/api/tasks/${encodeURIComponent(taskId)}`)).body.status;
  };

  beforeAll(async () => {
    system = await startSystem();
    everyone = await people(system.apiUrl);
    ({ taskId, sectionHead } = await initiativeAwaitingSectionHead(system.apiUrl, everyone));
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('sends security headers with every answer: strict CSP, no framing, nosniff, no referrer, no caching', async () => {
    for (const path of ['/health', '/api/me', '/auth/dev', '/verify/CIL-AAAA-BBBB-CCCC', `/tasks/${encodeURIComponent(taskId)}`]) {
      const res = await fetch(`${system.apiUrl}${path}`, { headers: { accept: 'text/html' } });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect({ path, csp }).toEqual({ path, csp: expect.stringContaining("default-src 'self'") });
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/style-src 'self'(;|$)/);
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
      await res.arrayBuffer();
    }
    // The pages' style comes from a stylesheet, not inline.
    const pageHtml = await (await fetch(`${system.apiUrl}/auth/dev`)).text();
    expect(pageHtml).not.toMatch(/<style|style="/);
    const css = await fetch(`${system.apiUrl}/assets/cil.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
  });

  describe('a task decided by a signed-in browser', () => {
    let jar: Jar;
    let formToken: string;

    beforeAll(async () => {
      jar = await browserSignIn(sectionHead.id);
      const pageRes = await fetch(`${system.apiUrl}/tasks/${encodeURIComponent(taskId)}`, { headers: { cookie: jar.header() } });
      expect(pageRes.status).toBe(200);
      jar.take(pageRes);
      formToken = csrfOf(await pageRes.text())!;
      expect(formToken).toBeTruthy();
    });

    const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${system.apiUrl}/tasks/${encodeURIComponent(taskId)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie: jar.header(), ...headers },
        body: new URLSearchParams(fields),
      });

    it('refuses a cross-site post that carries only the cookie, and decides nothing', async () => {
      const fromElsewhere = await post({ outcome: 'reject', reason: 'forged' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
      expect(fromElsewhere.status).toBe(403);
      const originOnly = await post({ outcome: 'reject', reason: 'forged', _csrf: formToken }, { origin: 'https://evil.example' });
      expect(originOnly.status).toBe(403);
      const sameSite = await post({ outcome: 'reject', reason: 'forged', _csrf: formToken }, { 'sec-fetch-site': 'same-site' });
      expect(sameSite.status).toBe(403);
      expect(await taskStatus()).toBe('open');
    });

    it('refuses a form post without its CSRF token, or with a wrong one, with a page that says what to do', async () => {
      const without = await post({ outcome: 'reject', reason: 'no token' });
      expect(without.status).toBe(403);
      expect(await without.text()).toContain('This form is out of date');
      const wrong = await post({ outcome: 'reject', reason: 'wrong token', _csrf: `${formToken.slice(0, -2)}00` });
      expect(wrong.status).toBe(403);
      expect(await taskStatus()).toBe('open');
    });

    it('refuses an HTML form sent to the JSON API with 415, even with the cookie', async () => {
      const res = await fetch(`${system.apiUrl}/api/tasks/${encodeURIComponent(taskId)}/decision`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
        body: new URLSearchParams({ outcome: 'reject', reason: 'as a form' }),
      });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ statusCode: 415, message: expect.stringContaining('application/json') });
      expect(await taskStatus()).toBe('open');
    });

    it('takes the same form with its token from the same origin', async () => {
      // As Chromium sends it: with Referrer-Policy no-referrer a same-origin form's Origin is "null".
      const res = await post({ outcome: 'reject', reason: 'Not this year.', _csrf: formToken }, { origin: 'null', 'sec-fetch-site': 'same-origin' });
      expect(res.status).toBe(201);
      await waitFor('the task to be done', async () => ((await taskStatus()) === 'done' ? true : undefined), { everyMs: 100, timeoutMs: 10_000 });
    });
  });

  it('ends a session at sign-out: the same cookie or token no longer answers', async () => {
    const someone = everyone.find((p) => p.roles.some((r) => r.role === 'dean'))!;
    const jar = await browserSignIn(someone.id);
    expect((await fetch(`${system.apiUrl}/api/me`, { headers: { cookie: jar.header() } })).status).toBe(200);
    const pageRes = await fetch(`${system.apiUrl}/auth/dev`, { headers: { cookie: jar.header() } });
    jar.take(pageRes);
    const copied = jar.header();
    const out = await fetch(`${system.apiUrl}/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: copied },
      body: new URLSearchParams({ _csrf: csrfOf(await pageRes.text())! }),
    });
    expect(out.status).toBe(200);
    expect((await fetch(`${system.apiUrl}/api/me`, { headers: { cookie: copied } })).status).toBe(401);

    const bearer = await token(someone.id);
    expect((await fetch(`${system.apiUrl}/api/me`, { headers: { authorization: `Bearer ${bearer}` } })).status).toBe(200);
    expect((await fetch(`${system.apiUrl}/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${bearer}` } })).status).toBe(204);
    expect((await fetch(`${system.apiUrl}/api/me`, { headers: { authorization: `Bearer ${bearer}` } })).status).toBe(401);
  });

  it('takes a bearer token, when one is sent, as the only credential: a failing one does not fall back to the cookie', async () => {
    const someone = everyone.find((p) => p.roles.some((r) => r.role === 'dean'))!;
    const jar = await browserSignIn(someone.id);
    expect((await fetch(`${system.apiUrl}/api/me`, { headers: { cookie: jar.header() } })).status).toBe(200);
    expect((await fetch(`${system.apiUrl}/api/me`, { headers: { cookie: jar.header(), authorization: 'Bearer not-a-token' } })).status).toBe(401);
    // Other Authorization schemes (a proxy's Basic) leave the cookie in charge.
    expect((await fetch(`${system.apiUrl}/api/me`, { headers: { cookie: jar.header(), authorization: 'Basic dXNlcjpwYXNz' } })).status).toBe(200);
  });

  it('signs out everywhere: every session of the person ends, other people keep theirs', async () => {
    const dean = everyone.find((p) => p.roles.some((r) => r.role === 'dean'))!;
    const other = everyone.find((p) => p.id !== dean.id && p.roles.some((r) => r.role === 'programme_leader'))!;
    const [laptop, phone, theirs] = [await token(dean.id), await token(dean.id), await token(other.id)];
    const me = (t: string) => fetch(`${system.apiUrl}/api/me`, { headers: { authorization: `Bearer ${t}` } }).then((r) => r.status);
    expect(await me(phone)).toBe(200);
    expect((await fetch(`${system.apiUrl}/auth/logout-everywhere`, { method: 'POST', headers: { authorization: `Bearer ${laptop}` } })).status).toBe(204);
    expect([await me(laptop), await me(phone), await me(theirs)]).toEqual([401, 401, 200]);
  });

  it('answers JSON nested 2,000 levels deep with 400, before validation or the signature check', async () => {
    const deep = `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`;
    const res = await fetch(`${system.apiUrl}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ statusCode: 400, fields: [{ field: '(body)', problems: [expect.stringContaining('deeper than')] }] });
  });

  it('listens on this machine only (outside production it offers the dev sign-in)', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    expect(external).toBeDefined();
    const reached = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: external!, port: system.ports.PORT });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    expect(reached).toBe(false);
  });

});

describe('rate limits', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ env: { RATE_LIMIT_SIGN_IN_PER_MINUTE: String(SIGN_IN_LIMIT), RATE_LIMIT_PER_MINUTE: '40' } });
  });
  afterAll(async () => {
    await system?.stop();
  });

  /** From an address of its own: the API trusts X-Forwarded-For from this machine (a local reverse proxy). */
  const from = (address: string, path: string, init: RequestInit = {}) => fetch(`${system.apiUrl}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': address } });

  it('limits sign-in attempts per address: 429 with Retry-After, in the one error shape; other addresses go on', async () => {
    const page = await (await from('10.0.0.1', '/auth/dev')).text();
    const personId = page.match(/name="personId" value="([0-9a-f-]{36})"/)![1];
    // Express routes /AUTH/dev/sign-in/ to the same handler: it counts towards the same limit.
    const signIn = (address: string, path = '/auth/dev/sign-in') =>
      from(address, path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ personId }) });
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMIT + 2; i++) statuses.push((await signIn('10.0.0.2', i % 2 ? '/AUTH/dev/sign-in/' : '/auth/dev/sign-in')).status);
    expect(statuses).toEqual([...Array.from({ length: SIGN_IN_LIMIT }, () => 201), 429, 429]);
    const limited = await signIn('10.0.0.2');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.any(String) });
    expect((await signIn("10.0.0.3")).status).toBe(201);
  });

  it('limits requests per address, but never the health checks', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 45; i++) statuses.add((await from('10.0.0.4', '/api/programmes')).status);
    expect([...statuses].sort()).toEqual([401, 429]);
    for (let i = 0; i < 45; i++) expect((await from('10.0.0.5', '/health')).status).toBe(200);
  });
});
