import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { devToken, startSystem, type RunningSystem } from '../support/system.js';
import { describeReply, documentedOperations, errorShapeProblems, fillPath, send, type Operation, type Reply } from './http-probe.js';
import { prepareWorld, ROLES, type RoleName, type World } from './prepared-world.js';

jest.setTimeout(180_000);

/**
 * Who may call what: every operation in /docs-json, as every role, against the policy below. The
 * people are BSYK's (see prepared-world.ts): its enrolled student, its programme leader (who
 * started its rollout), the section head, head of department, dean and faculty representative of
 * its faculty and department, a central group member, the administrative resource of its local
 * group, and the group's student seat (a student of BSYK). A new operation fails the first test
 * until it has a row here.
 */

/** Gets past authorization: neither 401 nor 403 (the data decides the rest: 200, 201, 400, 404, 409…). */
const IN = 'in';
type Expected = typeof IN | 401 | 403;
type Row = [nobody: Expected, student: Expected, leader: Expected, section: Expected, hod: Expected, dean: Expected, facrep: Expected, central: Expected, local: Expected, seat: Expected];

// prettier-ignore
const POLICY: Record<string, Row> = {
  //                                                                  nobody student leader section hod  dean  facrep central local seat
  'GET /health':                                                      [IN,   IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'GET /ready':                                                       [IN,   IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'GET /api/me':                                                      [401,  IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'PATCH /api/me':                                                    [401,  IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'GET /api/programmes':                                              [401,  IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'GET /api/programmes/{id}':                                         [401,  IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'GET /api/people':                                                  [401,  403,    403,   403,    403, 403,  IN,    IN,     403,  403],
  // Process A: anyone signed in proposes; the people who follow a case see it (rollouts/case-access.ts); the case decides the rest.
  'POST /api/rollouts':                                               [401,  IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'GET /api/rollouts':                                                [401,  IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],  // only the cases one may see
  'GET /api/rollouts/{id}':                                           [401,  403,    IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],  // BSYK's case: its people; not a student
  'POST /api/rollouts/{id}/withdraw':                                 [401,  403,    IN,    403,    403, 403,  403,   403,    403,  403], // the initiator
  'POST /api/rollouts/{id}/comments':                                 [401,  403,    IN,    IN,     IN,  403,  IN,    IN,     IN,   IN],  // anyone on the case
  'GET /api/tasks':                                                   [401,  IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'GET /api/tasks/{id}':                                              [401,  403,    403,   IN,     403, IN,   IN,    IN,     403,  403], // BFYS's case: the assignee and those who follow it
  'POST /api/tasks/{id}/decision':                                    [401,  403,    403,   IN,     403, 403,  403,   403,    403,  403], // the assignee
  'POST /api/tasks/{id}/reassign':                                    [401,  403,    403,   403,    403, 403,  IN,    IN,     403,  403],
  // Programme work: every seat of the local group (no student's personal data here), and the central group.
  'GET /api/programmes/{programmeId}/catalogue':                      [401,  IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'POST /api/programmes/{programmeId}/catalogue':                     [401,  403,    403,   403,    403, 403,  403,   IN,     IN,   IN],
  'POST /api/programmes/{programmeId}/catalogue/{activityId}/minimums': [401,  403,    403,   403,    403, 403,  403,   IN,     IN,   IN],
  'POST /api/programmes/{programmeId}/catalogue/{activityId}/retire': [401,  403,    403,   403,    403, 403,  403,   IN,     IN,   IN],
  'GET /api/programmes/{programmeId}/development-records':            [401,  IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'POST /api/programmes/{programmeId}/development-records':           [401,  403,    403,   403,    403, 403,  403,   IN,     IN,   IN],
  'POST /api/programmes/{programmeId}/publish':                       [401,  403,    403,   403,    403, 403,  403,   IN,     IN,   IN],
  'GET /api/programmes/{programmeId}/review-meetings':                [401,  IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'POST /api/programmes/{programmeId}/review-meetings':               [401,  403,    403,   403,    403, 403,  403,   IN,     IN,   IN],
  // Process B: the student acts on their certificate; the programme's local group (not its student seat) and the central group follow it.
  'POST /api/certificates':                                           [401,  IN,     403,   403,    403, 403,  403,   403,    403,  IN],  // a student of the programme
  'GET /api/certificates/mine':                                       [401,  IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'GET /api/certificates/{id}':                                       [401,  IN,     403,   403,    403, 403,  403,   IN,     IN,   403], // certificates/certificate-access.ts
  'POST /api/certificates/{id}/participations':                       [401,  IN,     403,   403,    403, 403,  403,   403,    403,  403],
  'POST /api/certificates/{id}/proposals':                            [401,  IN,     403,   403,    403, 403,  403,   403,    403,  403],
  'POST /api/certificates/{id}/milestones':                           [401,  403,    403,   403,    403, 403,  403,   403,    IN,   403], // administrative resource, academic coordinator
  'POST /api/certificates/{id}/report':                               [401,  IN,     403,   403,    403, 403,  403,   403,    403,  403],
  'POST /api/certificates/{id}/withdraw':                             [401,  IN,     403,   403,    403, 403,  403,   403,    403,  403],
  'GET /api/certificates/{id}/diploma.pdf':                           [401,  IN,     403,   403,    403, 403,  403,   IN,     IN,   403],
  'GET /api/certificates/{id}/credential':                            [401,  IN,     403,   403,    403, 403,  403,   IN,     IN,   403],
  'GET /api/review-meetings/{meetingId}/agenda':                      [401,  403,    403,   403,    403, 403,  403,   IN,     IN,   403], // it lists the reports
  'POST /api/review-meetings/{meetingId}/decisions':                  [401,  403,    403,   403,    403, 403,  403,   403,    IN,   403], // the local group, not its student seat
  'POST /api/diplomas/{code}/revoke':                                 [401,  403,    403,   403,    403, 403,  403,   IN,     403,  403],
  // Other systems sign their events; a session is no signature.
  'POST /api/events':                                                 [401,  401,    401,   401,    401, 401,  401,   401,    401,  401],
  'GET /verify/{code}':                                               [IN,   IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'GET /credentials/status/{list}':                                   [IN,   IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],  // revocation, for anyone
  'GET /credentials/issuer':                                          [IN,   IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'GET /credentials/schema/open-badge-credential.json':               [IN,   IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'POST /api/credentials/verify':                                     [IN,   IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],  // a presented credential, verified for anyone
  'GET /.well-known/jwks.json':                                       [IN,   IN,     IN,    IN,     IN,  IN,   IN,    IN,     IN,   IN],
  'GET /api/reports/participation':                                   [401,  403,    403,   403,    403, 403,  403,   IN,     403,  403],
};

interface Call {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
}

const nextYear = new Date().getUTCFullYear() + 1;

/** How each operation is called: real ids, and a body that passes validation, so that the checks behind it are reached. */
const CALLS: Record<string, (w: World) => Call> = {
  'GET /health': () => ({}),
  'GET /ready': () => ({}),
  'GET /api/me': () => ({}),
  'PATCH /api/me': () => ({ body: { preferredLanguage: 'nb' } }),
  'GET /api/programmes': () => ({ query: 'faculty=HV' }),
  'GET /api/programmes/{id}': (w) => ({ params: { id: w.programme.id } }),
  'GET /api/people': () => ({}),
  // BSYK's rollout is open: a second initiative is a 409, withdrawing it too (for its initiator).
  'POST /api/rollouts': (w) => ({ body: { programmeId: w.programme.id, motivation: 'CIL fits this programme well.', expectedStudentsPerYear: 15, initiatorCapacity: 'staff' } }),
  'GET /api/rollouts': () => ({ query: 'faculty=HV' }),
  'GET /api/rollouts/{id}': (w) => ({ params: { id: w.rolloutId } }),
  'POST /api/rollouts/{id}/withdraw': (w) => ({ params: { id: w.rolloutId }, body: { reason: 'We would rather wait.' } }),
  'POST /api/rollouts/{id}/comments': (w) => ({ params: { id: w.rolloutId }, body: { comment: 'How is it going?' } }),
  'GET /api/tasks': () => ({}),
  // The section head's open task on BFYS: approving without an assessment is a 400 for them.
  'GET /api/tasks/{id}': (w) => ({ params: { id: w.other.sectionHeadTaskId } }),
  'POST /api/tasks/{id}/decision': (w) => ({ params: { id: w.other.sectionHeadTaskId }, body: { outcome: 'approve' } }),
  'POST /api/tasks/{id}/reassign': (w) => ({ params: { id: w.other.sectionHeadTaskId }, body: { assigneeId: randomUUID() } }),
  'GET /api/programmes/{programmeId}/catalogue': (w) => ({ params: { programmeId: w.programme.id } }),
  'POST /api/programmes/{programmeId}/catalogue': (w) => ({ params: { programmeId: w.programme.id }, body: { name: 'Guest lectures', description: 'By visiting scholars', category: 'home' } }),
  'POST /api/programmes/{programmeId}/catalogue/{activityId}/minimums': (w) => ({ params: { programmeId: w.programme.id, activityId: w.spareActivityId }, body: { minimumSessions: 2 } }),
  'POST /api/programmes/{programmeId}/catalogue/{activityId}/retire': (w) => ({ params: { programmeId: w.programme.id, activityId: w.spareActivityId } }),
  'GET /api/programmes/{programmeId}/development-records': (w) => ({ params: { programmeId: w.programme.id } }),
  'POST /api/programmes/{programmeId}/development-records': (w) => ({ params: { programmeId: w.programme.id }, body: { kind: 'workshop', heldOn: '2027-02-15', attendees: [], outcome: 'We agreed on the activities.' } }),
  'POST /api/programmes/{programmeId}/publish': (w) => ({ params: { programmeId: w.programme.id } }),
  'GET /api/programmes/{programmeId}/review-meetings': (w) => ({ params: { programmeId: w.programme.id } }),
  'POST /api/programmes/{programmeId}/review-meetings': (w) => ({ params: { programmeId: w.programme.id }, body: { scheduledAt: `${nextYear}-09-15T10:00:00Z` } }),
  'POST /api/certificates': (w) => ({ body: { programmeId: w.programme.id } }),
  'GET /api/certificates/mine': () => ({}),
  'GET /api/certificates/{id}': (w) => ({ params: { id: w.certificateId } }),
  'POST /api/certificates/{id}/participations': (w) => ({
    params: { id: w.certificateId },
    body: { activityId: w.activities.cafe, startedOn: '2027-01-10', endedOn: '2027-03-01', description: 'Four meetings', reflection: 'I learnt to listen better in another language.', sessions: 4 },
  }),
  'POST /api/certificates/{id}/proposals': (w) => ({ params: { id: w.certificateId }, body: { name: 'Intercultural workshop', description: 'A one-day workshop with exchange students', category: 'home' } }),
  'POST /api/certificates/{id}/milestones': (w) => ({ params: { id: w.certificateId }, body: { kind: 'career_course' } }),
  'POST /api/certificates/{id}/report': (w) => ({ params: { id: w.certificateId }, body: { text: 'Too short to be a report.' } }),
  'POST /api/certificates/{id}/withdraw': (w) => ({ params: { id: w.certificateId }, body: { reason: 'Moving abroad' } }),
  'GET /api/certificates/{id}/diploma.pdf': (w) => ({ params: { id: w.certificateId } }),
  'GET /api/certificates/{id}/credential': (w) => ({ params: { id: w.certificateId } }),
  'GET /api/review-meetings/{meetingId}/agenda': (w) => ({ params: { meetingId: w.meetingId } }),
  'POST /api/review-meetings/{meetingId}/decisions': (w) => ({ params: { meetingId: w.meetingId }, body: { certificateId: w.certificateId, outcome: 'approve' } }),
  'POST /api/diplomas/{code}/revoke': () => ({ params: { code: 'CIL-AAAA-BBBB-CCCC' }, body: { reason: 'Issued in error' } }),
  'POST /api/events': (w) => ({
    body: { idempotencyKey: 'authz-1', type: 'career_course_completed', studentEmail: w.person.student.email, programmeCode: w.programme.code, occurredAt: new Date().toISOString() },
  }),
  'GET /verify/{code}': () => ({ params: { code: 'CIL-AAAA-BBBB-CCCC' } }),
  'POST /api/credentials/verify': () => ({ body: { credential: 'eyJhbGciOiJFZERTQSIsImtpZCI6Im5vbmUifQ.e30.AAAA' } }),
  'GET /.well-known/jwks.json': () => ({}),
  'GET /credentials/status/{list}': () => ({ params: { list: '1' } }),
  'GET /credentials/issuer': () => ({}),
  'GET /credentials/schema/open-badge-credential.json': () => ({}),
  'GET /api/reports/participation': () => ({}),
};

/** Let through last: it ends the certificate the other operations use. */
const LAST = ['POST /api/certificates/{id}/withdraw'];

/** Pages and sign-in, outside the OpenAPI document: nobody signed in gets a page or a redirect to sign in, never a JSON 401. */
const PAGES: { what: string; method: string; path: (w: World) => string; status: number; to?: RegExp }[] = [
  { what: 'the dev sign-in page', method: 'GET', path: () => '/auth/dev', status: 200 },
  { what: 'sign-in', method: 'GET', path: () => '/auth/login', status: 303, to: /^\/auth\/dev/ },
  { what: 'the OpenAPI page', method: 'GET', path: () => '/docs', status: 200 },
  { what: 'the OpenAPI document', method: 'GET', path: () => '/docs-json', status: 200 },
  { what: 'a task page without its link', method: 'GET', path: (w) => `/tasks/${encodeURIComponent(w.other.sectionHeadTaskId)}`, status: 401 },
  { what: "a student's certificate page", method: 'GET', path: (w) => `/certificates/${w.certificateId}`, status: 303, to: /^\/auth\/login\?returnTo=/ },
  { what: 'the page that verifies a presented credential', method: 'GET', path: () => '/verify', status: 200 },
  { what: 'its form, sent empty', method: 'POST', path: () => '/verify', status: 400 },
];

const roleIndex = (role: RoleName) => ROLES.indexOf(role);

describe('authorization: every operation as every role', () => {
  let system: RunningSystem;
  let world: World;
  let operations: Operation[];

  beforeAll(async () => {
    system = await startSystem({ env: { EVENT_SOURCES: 'exchange-system:exchange-system-shared-secret-0123456789', REFLECTION_MIN_CHARS: '20' } });
    world = await prepareWorld(system.apiUrl);
    operations = await documentedOperations(system.apiUrl);
  });
  afterAll(async () => {
    await system?.stop();
  });

  const call = (key: string, role: RoleName): Promise<Reply> => {
    const op = operations.find((o) => o.key === key);
    if (!op) throw new Error(`${key} is not in /docs-json`);
    const c = CALLS[key](world);
    const path = `${fillPath(op.path, c.params ?? {})}${c.query ? `?${c.query}` : ''}`;
    return send(system.apiUrl, op.method, path, { token: world.token[role], body: c.body === undefined ? undefined : JSON.stringify(c.body), contentType: c.body === undefined ? undefined : 'application/json' });
  };

  it('has a row, and a way to call it, for every operation in /docs-json (and for nothing else)', () => {
    const documented = operations.map((o) => o.key).sort();
    expect({ withoutPolicy: documented.filter((k) => !(k in POLICY)), withoutCall: documented.filter((k) => !(k in CALLS)) }).toEqual({ withoutPolicy: [], withoutCall: [] });
    expect({ notDocumented: Object.keys(POLICY).filter((k) => !documented.includes(k)) }).toEqual({ notDocumented: [] });
  });

  it('the people hold the roles their columns are named after', async () => {
    const expected: Record<Exclude<RoleName, 'nobody'>, string[]> = {
      student: ['student'],
      programmeLeader: ['programme_leader'],
      sectionHead: ['section_head'],
      headOfDepartment: ['head_of_department'],
      dean: ['dean'],
      facultyRepresentative: ['faculty_representative'],
      centralGroup: ['central_group_member'],
      localGroup: ['local_group_member:administrative_resource'],
      studentSeat: ['local_group_member:student', 'student'],
    };
    for (const [role, names] of Object.entries(expected) as [Exclude<RoleName, 'nobody'>, string[]][]) {
      const me = await send(system.apiUrl, 'GET', '/api/me', { token: world.token[role] });
      const roles = (me.json as { roles: { role: string; programmeId?: string | null; localGroupRole?: string | null }[] }).roles;
      expect({ role, roles: roles.map((r) => (r.localGroupRole ? `${r.role}:${r.localGroupRole}` : r.role)).sort() }).toEqual({ role, roles: names });
      if (role === 'studentSeat' || role === 'student') expect(roles.every((r) => r.programmeId === world.programme.id)).toBe(true);
    }
    expect(world.person.studentSeat.id).not.toBe(world.person.student.id);
  });

  describe('nobody signed in, and people without the role, are refused (401, 403) in the one error shape', () => {
    it.each(Object.keys(POLICY))('%s', async (key) => {
      const wrong: string[] = [];
      for (const role of ROLES) {
        const expected = POLICY[key][roleIndex(role)];
        if (expected === IN) continue;
        const reply = await call(key, role);
        const problems = reply.status === expected ? errorShapeProblems(reply) : [`expected ${expected}`];
        if (problems.length) wrong.push(`${role}: ${problems.join('; ')}; got ${describeReply(reply)}`);
      }
      expect(wrong).toEqual([]);
    });
  });

  describe('the people the policy names get through (neither 401 nor 403, nor a 5xx)', () => {
    const order = [...Object.keys(POLICY).filter((k) => !LAST.includes(k)), ...LAST];
    it.each(order)('%s', async (key) => {
      const wrong: string[] = [];
      for (const role of ROLES) {
        if (POLICY[key][roleIndex(role)] !== IN) continue;
        const reply = await call(key, role);
        if (reply.status === 401 || reply.status === 403 || reply.status >= 500) wrong.push(`${role}: got ${describeReply(reply)}`);
        else if (reply.status >= 400 && errorShapeProblems(reply).length) wrong.push(`${role}: ${errorShapeProblems(reply).join('; ')}; got ${describeReply(reply)}`);
      }
      expect(wrong).toEqual([]);
    });
  });

  describe('a rollout case: the list, the detail and its tasks follow one policy (rollouts/case-access.ts)', () => {
    type Case = 'bsyk' | 'bfys';
    const SEES: Record<Exclude<RoleName, 'nobody'>, Case[]> = {
      student: [],
      programmeLeader: ['bsyk'], // initiator, anchoring task and programme leader of BSYK; nothing to do with BFYS
      sectionHead: ['bsyk', 'bfys'],
      headOfDepartment: ['bsyk'], // BFYS is in another department
      dean: ['bsyk', 'bfys'],
      facultyRepresentative: ['bsyk', 'bfys'],
      centralGroup: ['bsyk', 'bfys'],
      localGroup: ['bsyk'],
      studentSeat: ['bsyk'],
    };
    const get = (token: string | undefined, path: string) => send(system.apiUrl, 'GET', path, { token });
    const listed = async (token: string | undefined) => ((await get(token, '/api/rollouts?limit=100')).json as { id: string }[]).map((r) => r.id);
    const eventually = async (what: string, probe: () => Promise<boolean>) => {
      for (let i = 0; i < 100 && !(await probe()); i++) await new Promise((r) => setTimeout(r, 100));
      expect({ what, met: await probe() }).toEqual({ what, met: true });
    };

    it.each(Object.keys(SEES) as Exclude<RoleName, 'nobody'>[])('%s', async (role) => {
      const ids: Record<Case, string> = { bsyk: world.rolloutId, bfys: world.other.rolloutId };
      const token = world.token[role];
      const list = await listed(token);
      const seen = (Object.keys(ids) as Case[]).map((c) => ({
        case: c,
        listed: list.includes(ids[c]),
        detail: 0,
      }));
      for (const row of seen) row.detail = (await get(token, `/api/rollouts/${ids[row.case]}`)).status;
      const task = (await get(token, `/api/tasks/${encodeURIComponent(world.other.sectionHeadTaskId)}`)).status;
      expect({ seen, task }).toEqual({
        seen: (Object.keys(ids) as Case[]).map((c) => ({ case: c, listed: SEES[role].includes(c), detail: SEES[role].includes(c) ? 200 : 403 })),
        task: SEES[role].includes('bfys') ? 200 : 403,
      });
    });

    it('whoever holds or held a task on it sees the case; an initiator sees their own, and other students do not', async () => {
      // Someone with no role at all (BSYK's local group took some of the staff without one).
      let newcomer: { id: string; token: string } | undefined;
      for (const p of world.everyone.filter((x) => x.roles.length === 0)) {
        const token = await devToken(system.apiUrl, p.id);
        if (((await get(token, '/api/me')).json as { roles: unknown[] }).roles.length === 0) {
          newcomer = { id: p.id, token };
          break;
        }
      }
      if (!newcomer) throw new Error('nobody without a role is left for the reassignment');
      const newcomerToken = newcomer.token;
      const taskPath = `/api/tasks/${encodeURIComponent(world.other.sectionHeadTaskId)}`;
      const bfys = `/api/rollouts/${world.other.rolloutId}`;
      expect((await get(newcomerToken, bfys)).status).toBe(403);
      const reassign = (assigneeId: string) => send(system.apiUrl, 'POST', `${taskPath}/reassign`, { token: world.token.facultyRepresentative, body: JSON.stringify({ assigneeId }), contentType: 'application/json' });

      // Holds the task: sees its case, listed and in detail, and the task; not the other case.
      expect((await reassign(newcomer.id)).status).toBe(200);
      await eventually('the new assignee sees the task', async () => (await get(newcomerToken, taskPath)).status === 200);
      expect((await get(newcomerToken, bfys)).status).toBe(200);
      expect(await listed(newcomerToken)).toEqual([world.other.rolloutId]);
      expect((await get(newcomerToken, `/api/rollouts/${world.rolloutId}`)).status).toBe(403);

      // Held it: the task goes back to the section head, and the case stays in view.
      expect((await reassign(world.person.sectionHead.id)).status).toBe(200);
      await eventually('the task is the section head’s again', async () => ((await get(world.token.centralGroup, taskPath)).json as { assigneeId: string }).assigneeId === world.person.sectionHead.id);
      await eventually('the former assignee still sees the case', async () => (await get(newcomerToken, bfys)).status === 200);
      expect((await get(newcomerToken, taskPath)).status).toBe(200);

      // A student's own initiative: theirs to see; not another student's.
      const programmes = (await get(world.token.student, '/api/programmes')).json as { id: string; code: string }[];
      const elsewhere = programmes.find((p) => !['BSYK', 'BFYS'].includes(p.code) && world.everyone.some((x) => x.roles.some((g) => g.role === 'student' && g.programmeId === p.id)))!;
      const initiator = world.everyone.find((x) => x.roles.some((g) => g.role === 'student' && g.programmeId === elsewhere.id))!;
      const initiatorToken = await devToken(system.apiUrl, initiator.id);
      const created = await send(system.apiUrl, 'POST', '/api/rollouts', {
        token: initiatorToken,
        body: JSON.stringify({ programmeId: elsewhere.id, motivation: 'Students would like CIL here.', expectedStudentsPerYear: 5, initiatorCapacity: 'student' }),
        contentType: 'application/json',
      });
      expect(created.status).toBe(201);
      const caseId = (created.json as { id: string }).id;
      expect((await get(initiatorToken, `/api/rollouts/${caseId}`)).status).toBe(200);
      expect(await listed(initiatorToken)).toEqual([caseId]);
      expect((await get(world.token.student, `/api/rollouts/${caseId}`)).status).toBe(403);
      expect(await listed(world.token.student)).toEqual([]);
      expect((await send(system.apiUrl, 'POST', `/api/rollouts/${caseId}/withdraw`, { token: initiatorToken, body: '{}', contentType: 'application/json' })).status).toBe(200);
    });
  });

  it.each(PAGES.map((p) => [p.what, p] as const))('nobody signed in: %s answers a page or a redirect', async (_, page) => {
    const reply = await send(system.apiUrl, page.method, page.path(world), { headers: { accept: 'text/html' } });
    expect(reply.status).toBe(page.status);
    if (page.to) expect(reply.headers.get('location')).toMatch(page.to);
    else expect(reply.headers.get('content-type')).toMatch(page.path(world) === '/docs-json' ? /json/ : /html/);
  });
});
