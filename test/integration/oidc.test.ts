import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { seedPeople, type SeedPerson } from '../../services/features/organisation/seed-data.js';
import { startOidcProvider, tokensFor, type TestOidcProvider } from '../support/oidc-provider.js';
import { freePort, startSystem, type RunningSystem } from '../support/system.js';

/**
 * Sign-in with OpenID Connect, end to end: the whole system in AUTH_MODE=oidc against a real
 * OpenID provider, with a headless Chromium going through the provider's login and consent pages.
 */

interface Me {
  id: string;
  name: string;
  email: string;
  preferredLanguage: string;
  roles: { role: string; facultyId: string | null; departmentId: string | null; programmeId: string | null; localGroupRole: string | null }[];
}

const ERROR_SHAPE = { statusCode: expect.any(Number), error: expect.any(String), message: expect.any(String), requestId: expect.any(String) };

const people = seedPeople();
const dean = people[0];
const student = people.find((p) => p.roles.some((r) => r.role === 'student'))!;

let provider: TestOidcProvider | undefined;
let system: RunningSystem | undefined;
let browser: Browser | undefined;
let apiUrl: string;

beforeAll(async () => {
  const port = await freePort();
  apiUrl = `http://localhost:${port}`;
  provider = await startOidcProvider({ redirectUri: `${apiUrl}/auth/callback` });
  system = await startSystem({
    env: {
      PORT: String(port),
      PUBLIC_URL: apiUrl,
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_SCOPES: 'openid email',
    },
    readyTimeoutMs: 110_000,
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await system?.stop();
  await provider?.stop();
}, 60_000);

/** A fresh browser profile that reaches only this machine (the provider's pages link web fonts). */
async function newBrowserContext(): Promise<BrowserContext> {
  const context = await browser!.newContext();
  await context.route((url) => url.hostname !== 'localhost', (route) => route.abort('blockedbyclient'));
  return context;
}

/** Goes from our login page through the provider's login and consent pages as `email`. */
async function signInWithBrowser(context: BrowserContext, email: string, returnTo = '/api/me') {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const authorizationRequest = page.waitForRequest((req) => req.url().startsWith(`${provider!.issuer}/auth?`));
  await page.goto(`${apiUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  const authorizationUrl = new URL((await authorizationRequest).url());
  if (!page.url().startsWith(`${provider!.issuer}/interaction/`)) {
    throw new Error(`expected the provider's sign-in page, got ${page.url()}:\n${await page.locator('body').innerText()}`);
  }

  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  await page.locator('input[name="prompt"][value="consent"]').waitFor({ state: 'attached' });
  const callback = page.waitForResponse((res) => res.url().startsWith(`${apiUrl}/auth/callback?`));
  await page.locator('button[type="submit"]').click();
  return { page, authorizationUrl, callback: await callback };
}

/** The person's roles as the seed grants them: role, local group seat, and the level it applies at. */
function expectRolesOf(me: Me, person: SeedPerson): void {
  const scopeOf = (r: { faculty?: unknown; department?: unknown; programme?: unknown }) =>
    r.programme ? 'programme' : r.department ? 'department' : r.faculty ? 'faculty' : 'global';
  const sorted = (grants: { role: string; localGroupRole: string | null; scope: string }[]) =>
    grants.sort((a, b) => `${a.role}/${a.scope}`.localeCompare(`${b.role}/${b.scope}`));
  expect(sorted(me.roles.map((r) => ({ role: r.role, localGroupRole: r.localGroupRole, scope: scopeOf({ faculty: r.facultyId, department: r.departmentId, programme: r.programmeId }) })))).toEqual(
    sorted(person.roles.map((r) => ({ role: r.role, localGroupRole: r.localGroupRole ?? null, scope: scopeOf(r) }))),
  );
}

describe('sign-in with OpenID Connect', () => {
  it('runs the code flow with PKCE in a browser and lands signed in on the page asked for', async () => {
    const context = await newBrowserContext();
    try {
      const { page, authorizationUrl, callback } = await signInWithBrowser(context, dean.email);

      expect(authorizationUrl.searchParams.get('client_id')).toBe(provider!.clientId);
      expect(authorizationUrl.searchParams.get('response_type')).toBe('code');
      expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(`${apiUrl}/auth/callback`);
      expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorizationUrl.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(authorizationUrl.searchParams.get('state')).toBeTruthy();
      expect(authorizationUrl.searchParams.get('nonce')).toBeTruthy();

      expect(callback.status()).toBe(303);
      await page.waitForURL(`${apiUrl}/api/me`);
      const me = JSON.parse(await page.locator('body').innerText()) as Me;
      expect(me).toMatchObject({ name: dean.name, email: dean.email, preferredLanguage: dean.language });
      expectRolesOf(me, dean);
      expect(me.roles.map((r) => r.role)).toEqual(['dean']);

      const cookies = await context.cookies(apiUrl);
      expect(cookies.find((c) => c.name === 'cil_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      expect(cookies.find((c) => c.name === 'cil_login')).toBeUndefined();
    } finally {
      await context.close();
    }
  }, 60_000);

  it("accepts the provider's access tokens as bearer tokens, and refuses anything else with 401", async () => {
    // Providers do not all keep the case an address was registered with.
    const tokens = await tokensFor(provider!, student.email.toUpperCase());
    expect(tokens.token_type).toBe('Bearer');

    const res = await fetch(`${apiUrl}/api/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(res.status).toBe(200);
    const me = (await res.json()) as Me;
    expect(me).toMatchObject({ name: student.name, email: student.email });
    expectRolesOf(me, student);

    // An ID token is not an access token: the provider's userinfo endpoint refuses it.
    for (const token of ['not-a-token', tokens.id_token]) {
      const refused = await fetch(`${apiUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(refused.status).toBe(401);
      const body = (await refused.json()) as Record<string, unknown>;
      expect(body).toEqual({ ...ERROR_SHAPE, statusCode: 401, error: 'Unauthorized' });
      expect(body.requestId).toBe(refused.headers.get('x-request-id'));
    }
  }, 60_000);

  it('asks the provider about a bearer token only where a sign-in is needed, never on public routes', async () => {
    const userinfo = () => provider!.requests.filter((p) => p === '/me').length;
    const before = userinfo();
    for (const path of ['/health', '/verify/CIL-AAAA-BBBB-CCCC', '/.well-known/jwks.json']) {
      const res = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer unknown-token-${path}` } });
      expect(res.status).toBeLessThan(500);
    }
    expect(userinfo()).toBe(before);
    expect((await fetch(`${apiUrl}/api/me`, { headers: { authorization: 'Bearer unknown-token-me' } })).status).toBe(401);
    expect(userinfo()).toBe(before + 1);
  });

  it('refuses the development sign-in, and people the organisation does not know', async () => {
    for (const path of ['/auth/dev', '/auth/dev/sign-in']) {
      const res = await fetch(`${apiUrl}${path}`, {
        method: path.endsWith('sign-in') ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: path.endsWith('sign-in') ? JSON.stringify({ personId: '00000000-0000-4000-8000-000000000000' }) : undefined,
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ ...ERROR_SHAPE, statusCode: 404, error: 'Not Found' });
    }

    const context = await newBrowserContext();
    try {
      const { page, callback } = await signInWithBrowser(context, 'nobody@example.org');
      expect(callback.status()).toBe(403);
      expect(callback.headers()['content-type']).toMatch(/^text\/html/);
      await page.waitForLoadState();
      expect(await page.locator('body').innerText()).toMatch(/no person with your e-mail address/);
      expect((await context.cookies(apiUrl)).map((c) => c.name)).not.toContain('cil_session');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('answers 401, not 500, to a callback whose sign-in was not started here', async () => {
    // A login state of our own, but for another authorization request than this callback's.
    const started = await fetch(`${apiUrl}/auth/login`, { redirect: 'manual' });
    expect(started.status).toBe(303);
    const loginState = started.headers.getSetCookie().find((c) => c.startsWith('cil_login='))?.split(';')[0];
    expect(loginState).toBeDefined();

    const attempts: Record<string, string>[] = [
      {},
      { cookie: 'cil_login=tampered' },
      { cookie: loginState! },
      // A session token is signed with the same key but is not a login state.
      { cookie: `cil_login=${await sessionLikeToken()}` },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${apiUrl}/auth/callback?code=x&state=y`, { headers, redirect: 'manual' });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ ...ERROR_SHAPE, statusCode: 401, error: 'Unauthorized' });
    }
  }, 60_000);
});

/** A real session token for the dean (from a browser sign-in), to offer where a login state belongs. */
async function sessionLikeToken(): Promise<string> {
  const context = await newBrowserContext();
  try {
    const { page } = await signInWithBrowser(context, dean.email);
    await page.waitForURL(`${apiUrl}/api/me`);
    const session = (await context.cookies(apiUrl)).find((c) => c.name === 'cil_session');
    if (!session) throw new Error('the browser sign-in set no session cookie');
    return session.value;
  } finally {
    await context.close();
  }
}
