import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import fc from 'fast-check';
import { signEvent } from '../../services/features/certificates/events.service.js';
import { startSystem, type RunningSystem } from '../support/system.js';
import { fromSchema, hostileValue, pathsOf, preview, setAt, spoiledBodies, SWEEP_PARAMS, SWEEP_VALUES, TRICKY_STRINGS, type Spoiled } from './hostile-input.js';
import { describeReply, documentedOperations, errorShapeProblems, fieldsOf, fillPath, send, type Operation, type Reply } from './http-probe.js';
import { prepareWorld, type RoleName, type World } from './prepared-world.js';

jest.setTimeout(180_000);

/**
 * Whatever a client sends, the API answers without a 5xx, and every refusal has the one error
 * shape; a 400 from validation names the fields. Every operation of /docs-json that takes a JSON
 * body is tried with bodies spoiled in many ways (fast-check, seeded and bounded), as someone who
 * gets past authorization, on real data.
 */

const SEED = Number(process.env.FC_SEED ?? 20_270_520);
const RUNS = Number(process.env.FC_RUNS ?? 40);
const SOURCE = 'exchange-system';
const SECRET = 'exchange-system-shared-secret-0123456789';
const LIMIT_BYTES = 100 * 1024;

type Json = Spoiled['body'];

/** Who calls each operation, on which ids, and a body that works (or fails only on the data). */
interface Plan {
  as: Exclude<RoleName, 'nobody'>;
  params: (w: World) => Record<string, string>;
  base: (w: World) => Record<string, Json>;
}

const nextYear = new Date().getUTCFullYear() + 1;
const reflection = 'I learnt to explain my field in another language.';

const PLANS: Record<string, Plan> = {
  'POST /api/rollouts': {
    as: 'centralGroup',
    params: () => ({}),
    base: (w) => ({ programmeId: w.programme.id, motivation: 'CIL fits this programme well.', expectedStudentsPerYear: 15, initiatorCapacity: 'staff', proposedActivities: 'A language café' }),
  },
  'POST /api/rollouts/{id}/withdraw': { as: 'centralGroup', params: (w) => ({ id: w.other.rolloutId }), base: () => ({ reason: 'We would rather wait a year.' }) },
  'POST /api/rollouts/{id}/comments': { as: 'centralGroup', params: (w) => ({ id: w.rolloutId }), base: () => ({ comment: 'Looks good to us.' }) },
  'POST /api/tasks/{id}/decision': {
    as: 'sectionHead',
    params: (w) => ({ id: w.other.sectionHeadTaskId }),
    // Passes the DTO; the workflow's validator then asks for the reason (400 naming it).
    base: () => ({ outcome: 'reject' }),
  },
  'POST /api/tasks/{id}/reassign': { as: 'centralGroup', params: (w) => ({ id: w.other.sectionHeadTaskId }), base: () => ({ assigneeId: randomUUID() }) },
  'POST /api/programmes/{programmeId}/catalogue': {
    as: 'localGroup',
    params: (w) => ({ programmeId: w.programme.id }),
    base: () => ({ name: 'Guest lecture series', description: 'Lectures by visiting scholars', category: 'home', minimumSessions: 2, source: 'Partner agreement' }),
  },
  'POST /api/programmes/{programmeId}/catalogue/{activityId}/minimums': {
    as: 'localGroup',
    params: (w) => ({ programmeId: w.programme.id, activityId: w.spareActivityId }),
    base: () => ({ minimumSessions: 2, minimumSemesters: 1 }),
  },
  'POST /api/programmes/{programmeId}/development-records': {
    as: 'localGroup',
    params: (w) => ({ programmeId: w.programme.id }),
    base: (w) => ({ kind: 'workshop', heldOn: '2027-02-15', attendees: [w.person.localGroup.id], outcome: 'We agreed on the activities.' }),
  },
  'POST /api/programmes/{programmeId}/review-meetings': {
    as: 'localGroup',
    params: (w) => ({ programmeId: w.programme.id }),
    base: () => ({ scheduledAt: `${nextYear}-10-01T10:00:00+02:00`, location: 'P46, room 101' }),
  },
  'POST /api/certificates': { as: 'student', params: () => ({}), base: (w) => ({ programmeId: w.programme.id, expectedEndOfStudies: '2030-06-30' }) },
  'POST /api/certificates/{id}/participations': {
    as: 'student',
    params: (w) => ({ id: w.certificateId }),
    base: (w) => ({ activityId: w.activities.lectures, startedOn: '2027-01-10', endedOn: '2027-03-01', description: 'Two lectures', reflection, evidenceUrl: 'https://example.org/notes', sessions: 2 }),
  },
  'POST /api/certificates/{id}/proposals': {
    as: 'student',
    params: (w) => ({ id: w.certificateId }),
    base: () => ({ name: 'Intercultural workshop', description: 'A one-day workshop with exchange students', category: 'home', source: 'Student union' }),
  },
  'POST /api/certificates/{id}/milestones': { as: 'localGroup', params: (w) => ({ id: w.certificateId }), base: () => ({ kind: 'career_course' }) },
  'POST /api/certificates/{id}/report': { as: 'student', params: (w) => ({ id: w.certificateId }), base: () => ({ text: 'My final reflection on what I learnt.' }) },
  // As the central group, so that the certificate stays open for the other operations.
  'POST /api/certificates/{id}/withdraw': { as: 'centralGroup', params: (w) => ({ id: w.certificateId }), base: () => ({ reason: 'Moving abroad' }) },
  'POST /api/review-meetings/{meetingId}/decisions': {
    as: 'localGroup',
    params: (w) => ({ meetingId: w.meetingId }),
    base: (w) => ({ certificateId: w.certificateId, outcome: 'revise', comment: 'Say more about the exchange.' }),
  },
  'POST /api/diplomas/{code}/revoke': { as: 'centralGroup', params: () => ({ code: 'CIL-AAAA-BBBB-CCCC' }), base: () => ({ reason: 'Issued in error' }) },
};

/** An operation no plan names yet: the central group, random ids, a body from its schema. */
function fallbackPlan(op: Operation): Plan {
  return {
    as: 'centralGroup',
    params: () => Object.fromEntries(op.pathParams.map((p) => [p, randomUUID()])),
    base: () => (fc.sample(fromSchema(op.body), { numRuns: 1, seed: SEED })[0] ?? {}) as Record<string, Json>,
  };
}

/** Why a reply to a JSON body is wrong (empty when it is fine). */
function judge(reply: Reply, sentJsonContainer: boolean): string[] {
  if (reply.status >= 500) return [`a ${reply.status}`, ...(reply.status === 500 ? [] : errorShapeProblems(reply))];
  if (reply.status < 400) return [];
  const problems = errorShapeProblems(reply);
  if (reply.status === 400 && sentJsonContainer && fieldsOf(reply).length === 0) problems.push('a 400 for a JSON body that names no field');
  return problems;
}

const isContainer = (body: Json) => typeof body === 'object' && body !== null;

/** Runs a property (seeded, shrinking the first failure); answers what failed, or undefined. */
async function failureOf<Ts>(property: fc.IAsyncProperty<Ts>, numRuns: number): Promise<string | undefined> {
  const run = await fc.check(property, { seed: SEED, numRuns, interruptAfterTimeLimit: 30_000 });
  if (!run.failed) return undefined;
  const cause = run.errorInstance instanceof Error ? run.errorInstance.message : String(run.errorInstance);
  return `${cause}\n  (seed ${SEED}, path ${run.counterexamplePath ?? '?'}; FC_SEED and FC_RUNS change the run)`;
}

describe('bad input: never a 5xx, always the one error shape', () => {
  let system: RunningSystem;
  let world: World;
  let operations: Operation[];
  let withBody: Operation[];

  beforeAll(async () => {
    system = await startSystem({ env: { EVENT_SOURCES: `${SOURCE}:${SECRET}`, REFLECTION_MIN_CHARS: '20', REPORT_MIN_CHARS: '20' } });
    world = await prepareWorld(system.apiUrl);
    operations = await documentedOperations(system.apiUrl);
    withBody = operations.filter((o) => o.body && o.key !== 'POST /api/events');
  });
  afterAll(async () => {
    await system?.stop();
  });

  const planFor = (op: Operation) => PLANS[op.key] ?? fallbackPlan(op);
  const urlOf = (op: Operation) => fillPath(op.path, planFor(op).params(world));
  const tokenFor = (op: Operation) => world.token[planFor(op).as];

  /** The property over spoiled bodies for one operation; a failure names the operation and the body. */
  function spoiledBodiesProperty(op: Operation) {
    const plan = planFor(op);
    const path = urlOf(op);
    const token = tokenFor(op);
    return fc.asyncProperty(spoiledBodies(op.body, plan.base(world)), async ({ how, body }) => {
      const reply = await send(system.apiUrl, op.method, path, { token, body: JSON.stringify(body), contentType: 'application/json' });
      const problems = judge(reply, isContainer(body));
      if (problems.length) throw new Error(`${op.key} (${how}): ${problems.join('; ')}\n  sent: ${preview(body)}\n  got:  ${describeReply(reply)}`);
    });
  }

  it('finds the operations that take a JSON body in /docs-json', () => {
    // An operation without a plan is fuzzed all the same (fallbackPlan); a plan reaches deeper.
    expect(withBody.length).toBeGreaterThanOrEqual(16);
    const stale = Object.keys(PLANS).filter((k) => !withBody.some((o) => o.key === k));
    expect(stale).toEqual([]);
  });

  it('the working bodies work: each plan reaches past validation', async () => {
    const refused: string[] = [];
    for (const op of withBody) {
      const reply = await send(system.apiUrl, op.method, urlOf(op), { token: tokenFor(op), body: JSON.stringify(planFor(op).base(world)), contentType: 'application/json' });
      // The decision's base lacks its reason on purpose; everything else must pass validation.
      const expectedField = op.key === 'POST /api/tasks/{id}/decision' ? ['reason'] : [];
      if (reply.status >= 500 || reply.status === 401 || (reply.status === 400 && JSON.stringify(fieldsOf(reply)) !== JSON.stringify(expectedField))) refused.push(`${op.key}: ${describeReply(reply)}`);
    }
    expect(refused).toEqual([]);
  });

  it('every declared property, with each kind of value that has broken something (all of them, not a sample)', async () => {
    const failures: string[] = [];
    for (const op of withBody) {
      const base = planFor(op).base(world);
      const path = urlOf(op);
      for (const at of pathsOf(op.body, base)) {
        for (const value of SWEEP_VALUES) {
          const body = setAt(base, at, value);
          const reply = await send(system.apiUrl, op.method, path, { token: tokenFor(op), body: JSON.stringify(body), contentType: 'application/json' }).catch((err: Error) => err);
          if (reply instanceof Error) failures.push(`${op.key} (${at.join('.')} = ${preview(value)}): ${reply.message}`);
          else if (judge(reply, true).length) failures.push(`${op.key} (${at.join('.')} = ${preview(value)}): ${judge(reply, true).join('; ')}: ${describeReply(reply)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('spoiled bodies on every operation with a JSON body', async () => {
    // One operation after another, so that a failure names its operation; all of them run.
    const failures: string[] = [];
    for (const op of withBody) {
      const failure = await failureOf(spoiledBodiesProperty(op), RUNS);
      if (failure) failures.push(failure);
    }
    expect(failures).toEqual([]);
  });

  it('a body over HTTP_BODY_LIMIT is 413, in the one shape', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(LIMIT_BYTES + 10 * 1024) });
    for (const op of operations.filter((o) => o.body)) {
      const reply = await send(system.apiUrl, op.method, op.key === 'POST /api/events' ? '/api/events' : urlOf(op), { token: op.key === 'POST /api/events' ? undefined : tokenFor(op), body: big, contentType: 'application/json' });
      expect({ op: op.key, status: reply.status, problems: errorShapeProblems(reply) }).toEqual({ op: op.key, status: 413, problems: [] });
    }
  });

  it('malformed JSON is 400, in the one shape', async () => {
    const malformed = ['{', '{"motivation": ', "{'a': 1}", '{"a": 1,}', '{"a": 1}}', '[1, 2', 'nul', '"just a string"', '42', '{"a": "\\x"}', '\u0000', '{"a":1} trailing'];
    for (const op of withBody) {
      for (const body of malformed) {
        const reply = await send(system.apiUrl, op.method, urlOf(op), { token: tokenFor(op), body, contentType: 'application/json' });
        expect({ op: op.key, body, status: reply.status, problems: errorShapeProblems(reply) }).toEqual({ op: op.key, body, status: 400, problems: [] });
      }
    }
  });

  it('other content types, charsets and encodings: never a 5xx, refusals in the one shape', async () => {
    const variants: { contentType?: string; body: (json: string) => string | Uint8Array; headers?: Record<string, string> }[] = [
      { contentType: 'text/plain', body: (json) => json },
      { contentType: 'application/x-www-form-urlencoded', body: () => 'reason=x&comment=y&outcome=approve&name[]=a&a[b][c]=d' },
      { contentType: 'multipart/form-data; boundary=xyz', body: () => '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xyz--\r\n' },
      { contentType: 'application/xml', body: () => '<reason>x</reason>' },
      { body: (json) => new TextEncoder().encode(json) },
      { contentType: 'application/json; charset=utf-16', body: (json) => json },
      { contentType: 'application/json; charset=latin1', body: (json) => json },
      { contentType: 'application/json', body: (json) => json, headers: { 'content-encoding': 'gzip' } },
      { contentType: 'application/json', body: (json) => json, headers: { 'content-encoding': 'compress' } },
      { contentType: 'application/vnd.api+json', body: (json) => json },
    ];
    const problems: string[] = [];
    for (const op of withBody) {
      const json = JSON.stringify(planFor(op).base(world));
      for (const v of variants) {
        const reply = await send(system.apiUrl, op.method, urlOf(op), { token: tokenFor(op), body: v.body(json), contentType: v.contentType, headers: v.headers });
        const wrong = reply.status >= 500 ? [`a ${reply.status}`] : reply.status >= 400 ? errorShapeProblems(reply) : [];
        if (wrong.length) problems.push(`${op.key} as ${v.contentType ?? '(no content type)'} ${JSON.stringify(v.headers ?? {})}: ${wrong.join('; ')} (${describeReply(reply)})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every path and query parameter, with each kind of value that has broken something', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      const plan = PLANS[op.key];
      const body = plan ? JSON.stringify(plan.base(world)) : op.body ? '{}' : undefined;
      const token = world.token[plan?.as ?? 'centralGroup'];
      const working = plan ? plan.params(world) : Object.fromEntries(op.pathParams.map((p) => [p, randomUUID()]));
      for (const name of [...op.pathParams, ...op.queryParams]) {
        for (const value of SWEEP_PARAMS) {
          const url = op.pathParams.includes(name) ? fillPath(op.path, { ...working, [name]: value }) : `${fillPath(op.path, working)}?${new URLSearchParams({ [name]: value }).toString()}`;
          const reply = await send(system.apiUrl, op.method, url, { token, body, contentType: body === undefined ? undefined : 'application/json' }).catch((err: Error) => err);
          if (reply instanceof Error) failures.push(`${op.key} (${name} = ${preview(value)}): ${reply.message}`);
          else if (reply.status >= 500 || (reply.status >= 400 && errorShapeProblems(reply).length)) failures.push(`${op.key} (${name} = ${preview(value)}): ${describeReply(reply)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('strange path and query parameters on every operation: never a 5xx, refusals in the one shape', async () => {
    const strange = fc.oneof(fc.constantFrom(...TRICKY_STRINGS.filter((s) => s !== '' && s !== '.' && s.length < 200)), fc.string({ minLength: 1, maxLength: 30 }), fc.uuid());
    const failures: string[] = [];
    for (const op of operations) {
      const plan = PLANS[op.key];
      const base = plan ? JSON.stringify(plan.base(world)) : op.body ? '{}' : undefined;
      const token = world.token[plan?.as ?? 'centralGroup'];
      const count = op.pathParams.length + op.queryParams.length + 1;
      const failure = await failureOf(
        fc.asyncProperty(fc.array(strange, { minLength: count, maxLength: count }), async (values) => {
          const pathValues = Object.fromEntries(op.pathParams.map((p, i) => [p, values[i]]));
          const query = new URLSearchParams([...op.queryParams, 'unknown'].map((q, i): [string, string] => [q, values[op.pathParams.length + i]])).toString();
          const url = `${fillPath(op.path, pathValues)}?${query}`;
          const reply = await send(system.apiUrl, op.method, url, { token, body: base, contentType: base === undefined ? undefined : 'application/json' });
          const wrong = reply.status >= 500 ? [`a ${reply.status}`] : reply.status >= 400 ? errorShapeProblems(reply) : [];
          if (wrong.length) throw new Error(`${op.method} ${url}: ${wrong.join('; ')} (${describeReply(reply)})`);
        }),
        12,
      );
      if (failure) failures.push(failure);
    }
    expect(failures).toEqual([]);
  });

  describe('the events webhook (signed per source)', () => {
    const SIGNINGS = ['valid', 'wrong secret', 'stale timestamp', 'timestamp from the future', 'unknown source', 'no signature headers', 'garbage signature', 'signature of another body', 'not a number timestamp'] as const;
    type Signing = (typeof SIGNINGS)[number];

    const post = (raw: string, signing: Signing) => {
      const now = Math.floor(Date.now() / 1000);
      const ts = signing === 'stale timestamp' ? now - 3600 : signing === 'timestamp from the future' ? now + 3600 : now;
      const timestamp = signing === 'not a number timestamp' ? `${now}.5` : String(ts);
      const signature =
        signing === 'wrong secret' ? signEvent('another-secret-another-secret-000', timestamp, raw) : signing === 'garbage signature' ? 'sha256=zz' : signing === 'signature of another body' ? signEvent(SECRET, timestamp, `${raw} `) : signEvent(SECRET, timestamp, raw);
      const headers: Record<string, string> =
        signing === 'no signature headers' ? {} : { 'x-cil-source': signing === 'unknown source' ? 'nobody' : SOURCE, 'x-cil-timestamp': timestamp, 'x-cil-signature': signature };
      return send(system.apiUrl, 'POST', '/api/events', { body: raw, contentType: 'application/json', headers });
    };

    const event = (w: World): Record<string, Json> => ({
      idempotencyKey: `fuzz-${randomUUID()}`,
      type: 'activity_completed',
      studentEmail: w.person.student.email,
      programmeCode: w.programme.code,
      activityId: w.activities.buddy,
      semesters: 1,
      startedOn: '2027-01-10',
      endedOn: '2027-06-20',
      occurredAt: new Date().toISOString(),
    });

    it('a well-formed event with a bad signature is 401, whatever is wrong with it', async () => {
      const raw = JSON.stringify(event(world));
      for (const signing of SIGNINGS.filter((s) => s !== 'valid')) {
        const reply = await post(raw, signing);
        expect({ signing, status: reply.status, problems: errorShapeProblems(reply) }).toEqual({ signing, status: 401, problems: [] });
      }
      expect((await post(raw, 'valid')).status).toBe(200);
    });

    it('a body that fails validation, without a good signature, is 401 too: the signature is checked first', async () => {
      // JSON objects and arrays: a bare string or null is refused by the JSON parser, before any route, as for every endpoint.
      const invalid: Json[] = [{}, { ...event(world), idempotencyKey: 5 }, { ...event(world), type: 'nope', surplus: true, sessions: -1 }, { ...event(world), studentEmail: 'nul\u0000inside' }, []];
      const wrong: string[] = [];
      for (const body of invalid) {
        const raw = JSON.stringify(body);
        for (const signing of SIGNINGS.filter((s) => s !== 'valid')) {
          const reply = await post(raw, signing);
          const problems = reply.status === 401 ? errorShapeProblems(reply) : [`expected 401`];
          if (reply.status !== 401 || problems.length || fieldsOf(reply).length) wrong.push(`${preview(body)}, ${signing}: ${problems.join('; ')}; got ${describeReply(reply)}`);
        }
      }
      expect(wrong).toEqual([]);
      // Signed well, the same bodies are 400s naming their fields (or saying what the body is not).
      const signed = await post(JSON.stringify({ ...event(world), idempotencyKey: 5 }), 'valid');
      expect({ status: signed.status, fields: fieldsOf(signed) }).toEqual({ status: 400, fields: ['idempotencyKey'] });
    });

    it('every property of a signed event, with each kind of value that has broken something', async () => {
      const schema = operations.find((o) => o.key === 'POST /api/events')!.body;
      const failures: string[] = [];
      for (const at of pathsOf(schema, event(world))) {
        for (const value of SWEEP_VALUES) {
          // Without its own dates, the event's participation takes them from occurredAt.
          const body = setAt(at[0] === 'occurredAt' ? { ...event(world), startedOn: null, endedOn: null } : event(world), at, value);
          const reply = await post(JSON.stringify(body), 'valid').catch((err: Error) => err);
          if (reply instanceof Error) failures.push(`${at.join('.')} = ${preview(value)}: ${reply.message}`);
          else if (![200, 400, 422].includes(reply.status) || judge(reply, true).length) failures.push(`${at.join('.')} = ${preview(value)}: ${describeReply(reply)}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('random bodies, signed well or badly: 200, 400, 401 or 422, never a 5xx', async () => {
      const schema = operations.find((o) => o.key === 'POST /api/events')!.body;
      const bodies = fc.oneof(
        { weight: 3, arbitrary: fc.tuple(spoiledBodies(schema, event(world)), fc.uuid()).map(([s, key]) => (isContainer(s.body) && !Array.isArray(s.body) && !s.how.includes('idempotencyKey') ? { ...s, body: { ...(s.body as Record<string, Json>), idempotencyKey: `fuzz-${key}` } } : s)) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom('occurredAt', 'startedOn', 'endedOn'), hostileValue, fc.uuid()).map(([field, value, key]) => {
          // Without its own dates, the event's participation takes them from occurredAt.
          const body: Record<string, Json> = { ...event(world), idempotencyKey: `fuzz-${key}`, [field]: value };
          if (field === 'occurredAt') {
            delete body.startedOn;
            delete body.endedOn;
          }
          return { how: `${field} spoiled`, body };
        }) },
      );
      const failure = await failureOf(
        fc.asyncProperty(bodies, fc.constantFrom(...SIGNINGS), async ({ how, body }, signing) => {
          const reply = await post(JSON.stringify(body), signing);
          // A bad signature is a 401 whatever the JSON object or array: the signature is checked
          // before the body. (A bare JSON string or null the JSON parser refuses before any route.)
          const allowed = signing === 'valid' ? [200, 400, 422] : isContainer(body) ? [401] : [400, 401];
          const problems = judge(reply, isContainer(body));
          if (!allowed.includes(reply.status)) problems.push(`${reply.status} is not one of ${allowed.join(', ')}`);
          if (problems.length) throw new Error(`events, ${signing} signature (${how}): ${problems.join('; ')}\n  sent: ${preview(body)}\n  got:  ${describeReply(reply)}`);
        }),
        RUNS * 3,
      );
      expect(failure).toBeUndefined();
    });
  });
});
