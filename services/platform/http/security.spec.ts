import type { Request, Response } from 'express';
import { csrfProtection, depthOf, MAX_JSON_DEPTH } from './security.js';

describe('how deeply a body nests', () => {
  const nested = (levels: number) => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
    return v;
  };

  it('counts objects and arrays, not scalars', () => {
    expect(depthOf(1)).toBe(0);
    expect(depthOf({})).toBe(1);
    expect(depthOf({ a: [1, { b: 2 }] })).toBe(3);
    expect(depthOf(nested(MAX_JSON_DEPTH))).toBe(MAX_JSON_DEPTH);
  });

  it('measures 100,000 levels without recursion, and stops early when asked', () => {
    expect(depthOf(nested(100_000))).toBe(100_000);
    expect(depthOf(nested(100_000), MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
  });
});

describe('CSRF on forms, and the read-only upload that carries no token', () => {
  const protect = csrfProtection({ publicUrl: 'http://localhost:3000', secret: 'a-secret-for-the-csrf-tests-only', sessionCookie: 'cil_session', readOnlyUploads: ['/verify'] });
  type Sent = { path: string; contentType: string; cookies?: Record<string, string>; body?: Record<string, unknown>; authorization?: string };

  /** Runs the middleware on a stand-in request; answers whether it let the request through, and the CSRF cookie it set. */
  function run(method: string, sent: Sent): { passed: boolean; cookie?: string; token?: string } {
    const headers: Record<string, string> = { 'content-type': sent.contentType, ...(sent.authorization ? { authorization: sent.authorization } : {}) };
    const req = {
      method,
      path: sent.path,
      body: sent.body,
      cookies: sent.cookies ?? {},
      get: (name: string) => headers[name.toLowerCase()],
      is: (type: string) => (sent.contentType.startsWith(type) ? type : false),
      accepts: () => 'json',
    } as unknown as Request & { csrfToken?: () => string };
    let cookie: string | undefined;
    const res = { cookie: (_name: string, value: string) => void (cookie = value) } as unknown as Response;
    let passed = false;
    protect(req, res, (err?: unknown) => void (passed = err === undefined));
    const token = method === 'GET' ? req.csrfToken?.() : undefined;
    return { passed, cookie, token };
  }

  const session = { cil_session: 'a-session-id' };
  const form = 'application/x-www-form-urlencoded';
  const multipart = 'multipart/form-data; boundary=xyz';

  it('a multipart post to a read-only upload path passes with the session cookie; anywhere else it is refused', () => {
    expect(run('POST', { path: '/verify', contentType: multipart, cookies: session }).passed).toBe(true);
    expect(run('POST', { path: '/certificates/x/report', contentType: multipart, cookies: session }).passed).toBe(false);
    expect(run('POST', { path: '/verify/', contentType: multipart, cookies: session }).passed).toBe(false);
  });

  it('an urlencoded post to the same path still needs the token when the cookie is there', () => {
    expect(run('POST', { path: '/verify', contentType: form, cookies: session, body: { credential: 'x' } }).passed).toBe(false);
    const page = run('GET', { path: '/verify', contentType: form, cookies: session });
    expect(page.passed).toBe(true);
    const withToken = run('POST', { path: '/verify', contentType: form, cookies: { ...session, cil_csrf: page.cookie! }, body: { credential: 'x', _csrf: page.token } });
    expect(withToken.passed).toBe(true);
    // Without a session cookie no token is needed (the public's case).
    expect(run('POST', { path: '/verify', contentType: form, body: { credential: 'x' } }).passed).toBe(true);
  });

  it('a form post with the cookie needs the token whatever Authorization header comes along, unless it is a bearer token', () => {
    // A proxy's Basic credentials leave the cookie as what signs the request in.
    expect(run('POST', { path: '/tasks/t1', contentType: form, cookies: session, authorization: 'Basic dXNlcjpwYXNz', body: { outcome: 'approve' } }).passed).toBe(false);
    // With a bearer token the cookie is not used (auth.guard.ts), so nothing ambient is at stake.
    expect(run('POST', { path: '/tasks/t1', contentType: form, cookies: session, authorization: 'Bearer abc', body: { outcome: 'approve' } }).passed).toBe(true);
  });
});
