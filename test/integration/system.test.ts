import { jest } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { allMail, waitForMail } from '../support/mailbox.js';
import { rawHistoryText, systemCodec } from '../support/temporal.js';
import { alive, descendantsOf, devToken, startSystem, type RunningSystem } from '../support/system.js';
import { DEFAULT_TASK_QUEUE } from '../../workflows/contracts/temporal.js';
import type { systemProbeWorkflow } from '../../workflows/system/system-probe.workflow.js';

jest.setTimeout(180_000);

interface PersonDto {
  id: string;
  email: string;
  roles: { role: string }[];
}

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

describe('the system on embedded defaults', () => {
  let system: RunningSystem;
  let temporal: Connection;

  beforeAll(async () => {
    system = await startSystem({ env: { LOG_LEVEL: 'info' } });
    temporal = await Connection.connect({ address: system.temporalAddress });
  });

  afterAll(async () => {
    await temporal?.close();
    await system?.stop();
  });

  it('prints where everything is once ready', () => {
    for (const label of ['API', 'API docs (OpenAPI)', 'Temporal UI', 'Dev mailbox']) {
      expect(system.output()).toMatch(new RegExp(`^  ${label.replace(/[()]/g, '\\$&')}\\s+http://`, 'm'));
    }
    expect(system.output()).toContain('demo organisation seeded: 8 programmes');
  });

  it('is up and ready: database and Temporal answer', async () => {
    expect(await json(await fetch(`${system.apiUrl}/health`))).toEqual({ status: 'ok' });
    const ready = await fetch(`${system.apiUrl}/ready`);
    expect(ready.status).toBe(200);
    expect(await json(ready)).toMatchObject({ status: 'ready', checks: { database: { ok: true }, temporal: { ok: true } } });
  });

  it('has the Temporal namespace with our search attributes', async () => {
    const ns = await temporal.workflowService.describeNamespace({ namespace: 'default' });
    expect(ns.namespaceInfo?.name).toBe('default');
    const attrs = await temporal.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(Object.keys(attrs.customAttributes ?? {})).toEqual(expect.arrayContaining(['CilCaseType', 'CilProgrammeCode', 'CilState']));
  });

  it('runs a workflow on the worker that sends a mail through SMTP, which the mailbox receives', async () => {
    const client = new Client({ connection: temporal, dataConverter: { payloadCodecs: [systemCodec()] } });
    const to = 'probe@example.org';
    const workflowId = `system-probe-${Date.now()}`;
    const result = await client.workflow.execute<typeof systemProbeWorkflow>('systemProbeWorkflow', {
      taskQueue: DEFAULT_TASK_QUEUE,
      workflowId,
      args: [{ to }],
    });
    expect(result.workflowId).toBe(workflowId);
    const mail = await waitForMail(system.mailboxUrl, (m) => m.messageId === result.messageId);
    expect(mail.envelopeTo).toEqual([to]);
    expect(mail.subject).toBe('CIL Flow system probe');
    expect(mail.text).toContain(workflowId);
    expect((await allMail(system.mailboxUrl)).filter((m) => m.messageId === result.messageId)).toHaveLength(1);

    // What Temporal stores is encrypted: the raw history holds no address in plain text.
    const raw = await new Client({ connection: temporal }).workflow.getHandle(workflowId).fetchHistory();
    const input = raw.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
    expect(Buffer.from(input.metadata!.encoding).toString()).toBe('binary/encrypted');
    const text = rawHistoryText(raw);
    expect(text).toContain(workflowId);
    expect(text).not.toContain(to);
  });

  it('serves OpenAPI generated from the code', async () => {
    const doc = await json<{ openapi: string; paths: Record<string, unknown> }>(await fetch(`${system.apiUrl}/docs-json`));
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/me', '/api/programmes', '/api/people', '/health', '/ready']));
    const page = await fetch(`${system.apiUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });

  describe('identity and access', () => {
    let people: PersonDto[];
    let central: PersonDto;
    let student: PersonDto;

    beforeAll(async () => {
      const sessionRes = await fetch(`${system.apiUrl}/auth/dev`);
      expect(sessionRes.status).toBe(200);
      const ids = [...(await sessionRes.text()).matchAll(/name="personId" value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
      expect(ids.length).toBeGreaterThan(40);
      // Find a central group member by trying /api/people as each until one may read it.
      for (const id of ids) {
        const res = await fetch(`${system.apiUrl}/api/people`, { headers: { authorization: `Bearer ${await devToken(system.apiUrl, id)}` } });
        if (res.status === 200) {
          people = await json<PersonDto[]>(res);
          break;
        }
      }
      central = people.find((p) => p.roles.some((r) => r.role === 'central_group_member'))!;
      student = people.find((p) => p.roles.some((r) => r.role === 'student'))!;
    });

    it('answers 401 in the one error shape when nobody is signed in', async () => {
      const res = await fetch(`${system.apiUrl}/api/me`);
      expect(res.status).toBe(401);
      const body = await json<Record<string, unknown>>(res);
      expect(body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect(typeof body.message).toBe('string');
      expect(body.requestId).toBe(res.headers.get('x-request-id'));
    });

    it('acts as the signed-in person, by bearer token and by session cookie', async () => {
      const token = await devToken(system.apiUrl, student.id);
      const me = await json<PersonDto>(await fetch(`${system.apiUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } }));
      expect(me.email).toBe(student.email);
      expect(me.roles.map((r) => r.role)).toEqual(['student']);

      const form = await fetch(`${system.apiUrl}/auth/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ personId: central.id, returnTo: '/api/me' }),
        redirect: 'manual',
      });
      expect(form.status).toBe(303);
      expect(form.headers.get('location')).toBe('/api/me');
      const cookie = form.headers.get('set-cookie')!.split(';')[0];
      expect(cookie).toMatch(/^cil_session=/);
      expect(form.headers.get('set-cookie')).toMatch(/HttpOnly/i);
      const viaCookie = await json<PersonDto>(await fetch(`${system.apiUrl}/api/me`, { headers: { cookie } }));
      expect(viaCookie.email).toBe(central.email);
    });

    it('refuses a role-guarded route with 403 for a person without the role', async () => {
      const token = await devToken(system.apiUrl, student.id);
      const res = await fetch(`${system.apiUrl}/api/people`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(403);
      expect(await json(res)).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    });

    it('refuses a forged or foreign token', async () => {
      const token = await devToken(system.apiUrl, student.id);
      const [h, p] = token.split('.');
      const forged = `${h}.${p}.${'A'.repeat(43)}`;
      expect((await fetch(`${system.apiUrl}/api/me`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    });

    it('never redirects a sign-in to another site', async () => {
      const res = await fetch(`${system.apiUrl}/auth/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ personId: student.id, returnTo: '//evil.example.com/' }),
        redirect: 'manual',
      });
      // Where a student lands (their certificate) instead of the other site.
      expect(res.headers.get('location')).toBe('/certificates');
    });

    it('lists programmes with their department and faculty', async () => {
      const token = await devToken(system.apiUrl, student.id);
      const programmes = await json<{ code: string; faculty: { code: string } }[]>(
        await fetch(`${system.apiUrl}/api/programmes?faculty=TKD`, { headers: { authorization: `Bearer ${token}` } }),
      );
      expect(programmes.map((p) => p.code).sort()).toEqual(['BADT', 'BPD']);
      expect(programmes.every((p) => p.faculty.code === 'TKD')).toBe(true);
    });
  });

  describe('bad input', () => {
    it('answers 400 naming the offending field', async () => {
      const res = await fetch(`${system.apiUrl}/auth/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ personId: 'not-a-uuid', extra: 1 }),
      });
      expect(res.status).toBe(400);
      const body = await json<{ fields: { field: string; problems: string[] }[] }>(res);
      expect(body.fields.map((f) => f.field).sort()).toEqual(['extra', 'personId']);
    });

    it('answers 400 for malformed JSON and 413 for a body over the limit, in the same shape', async () => {
      const bad = await fetch(`${system.apiUrl}/auth/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"personId":' });
      expect(bad.status).toBe(400);
      expect(await json(bad)).toMatchObject({ statusCode: 400, message: 'the request body is not valid JSON' });
      const big = await fetch(`${system.apiUrl}/auth/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ personId: 'x'.repeat(200 * 1024) }),
      });
      expect(big.status).toBe(413);
      const body = await json<Record<string, unknown>>(big);
      expect(body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect(typeof body.requestId).toBe('string');
    });

    it('lets a person set the language of their pages and e-mail, and refuses one we do not speak', async () => {
      const page = await (await fetch(`${system.apiUrl}/auth/dev`)).text();
      const personId = /name="personId" value="([0-9a-f-]{36})"/.exec(page)![1];
      const token = await devToken(system.apiUrl, personId);
      const patch = (body: unknown) => fetch(`${system.apiUrl}/api/me`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const language = async () => (await json<{ preferredLanguage: string }>(await fetch(`${system.apiUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } }))).preferredLanguage;
      const before = await language();
      const other = before === 'nb' ? 'en' : 'nb';
      const changed = await patch({ preferredLanguage: other });
      expect(changed.status).toBe(200);
      expect(await json(changed)).toMatchObject({ id: personId, preferredLanguage: other });
      expect(await language()).toBe(other);
      const refused = await patch({ preferredLanguage: 'de' });
      expect(refused.status).toBe(400);
      expect(((await json<{ fields: { field: string }[] }>(refused)).fields ?? []).map((f) => f.field)).toEqual(['preferredLanguage']);
      expect(await language()).toBe(other);
      expect((await patch({ preferredLanguage: before })).status).toBe(200);
    });

    it('names where each role applies on the dev sign-in page', async () => {
      const page = await (await fetch(`${system.apiUrl}/auth/dev`)).text();
      expect(page).toMatch(/programme_leader \(BADT\)/);
      expect(page).toMatch(/dean \(TKD\)/);
      expect(page).toMatch(/head_of_department \(TKD-IT\)/);
    });

    it('answers 400 for a malformed id in the path', async () => {
      const page = await (await fetch(`${system.apiUrl}/auth/dev`)).text();
      const personId = /name="personId" value="([0-9a-f-]{36})"/.exec(page)![1];
      const token = await devToken(system.apiUrl, personId);
      const res = await fetch(`${system.apiUrl}/api/programmes/not-a-uuid`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });
  });

  it('keeps request logs free of personal data', () => {
    const logs = system.output();
    expect(logs).toContain('"msg":"mail sent"');
    expect(logs).not.toContain('probe@example.org');
    expect(logs).not.toMatch(/@example\.org/);
    expect(logs).not.toMatch(/cil_session=/);
  });
});

describe('stopping', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('on %s stops every process it started within 15 s', async (signal) => {
    const system = await startSystem();
    const started = descendantsOf(system.process.pid!);
    expect(started.length).toBeGreaterThanOrEqual(4); // postgres, temporal, worker, api (and their children)
    const { code, ms } = await system.stop(signal);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(15_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(started.filter(alive)).toEqual([]);
  });
});
