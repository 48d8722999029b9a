import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import pg from 'pg';
import { signEvent } from '../../services/features/certificates/events.service.js';
import { messageIdFor } from '../../services/platform/mail/mail.service.js';
import { ApiClient, people, type Person } from '../support/api.js';
import { openProgramme } from '../support/journeys.js';
import { allMail, waitForMail } from '../support/mailbox.js';
import { startSystem, type RunningSystem } from '../support/system.js';

jest.setTimeout(240_000);

const SOURCE = 'exchange-system';
const SECRET = 'exchange-system-shared-secret-0123456789';

/**
 * A client that did not hear the answer sends the request again with the same Idempotency-Key: it
 * gets the first outcome, and nothing is recorded, decided or e-mailed twice.
 */
describe('repeated requests with an Idempotency-Key', () => {
  let system: RunningSystem;
  let db: pg.Client;
  let everyone: Person[];

  beforeAll(async () => {
    system = await startSystem({ env: { EVENT_SOURCES: `${SOURCE}:${SECRET}`, REFLECTION_MIN_CHARS: '20', REPORT_MIN_CHARS: '40', AGENDA_DAYS_BEFORE: '400' } });
    db = new pg.Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${system.ports.DEV_POSTGRES_PORT}/cil_flow` });
    await db.connect();
    everyone = await people(system.apiUrl);
  });
  afterAll(async () => {
    await db?.end();
    await system?.stop();
  });

  const count = async (sql: string, params: unknown[]) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0].n);

  it('records one participation, one decision and one e-mail per step for repeated calls', async () => {
    const staff = everyone.filter((p) => p.roles.length === 0);
    const programmes = (await (await ApiClient.as(system.apiUrl, everyone[0].id)).get<{ id: string; code: string }[]>('/api/programmes')).body;
    const programmeId = programmes.find((p) => p.code === 'BSYK')!.id;
    const [student, studentRep] = everyone.filter((p) => p.roles.some((g) => g.role === 'student' && g.programmeId === programmeId));
    const group = { admin: staff[0], coordinator: staff[1], staff: staff[2], student: studentRep };
    const { programme, activities } = await openProgramme(system.apiUrl, everyone, 'BSYK', group);
    const studentApi = await ApiClient.as(system.apiUrl, student.id);
    const admin = await ApiClient.as(system.apiUrl, group.admin.id);
    const id = (await studentApi.post<{ id: string }>('/api/certificates', { programmeId: programme.id })).body.id;

    // The key must be printable ASCII; the error names the header.
    const badKey = await studentApi.post<{ fields: { field: string }[] }>(`/api/certificates/${id}/participations`, {}, { 'idempotency-key': 'ø'.repeat(3) });
    expect(badKey.status).toBe(400);
    expect(badKey.body.fields.map((f) => f.field)).toEqual(['Idempotency-Key']);

    const participation = { activityId: activities.cafe, startedOn: '2027-01-10', endedOn: '2027-03-01', description: 'Four meetings', reflection: 'Listening better, in two languages.', sessions: 4 };
    const key = { 'idempotency-key': randomUUID() };
    const first = await studentApi.post<{ participationId: string }>(`/api/certificates/${id}/participations`, participation, key);
    const repeat = await studentApi.post<{ participationId: string }>(`/api/certificates/${id}/participations`, participation, key);
    expect([first.status, repeat.status]).toEqual([201, 201]);
    expect(repeat.body.participationId).toBe(first.body.participationId);
    expect(await count('participation WHERE certificate_id = $1', [id])).toBe(1);
    // The same key for another request is refused, not taken as a repeat.
    const reused = await studentApi.post(`/api/certificates/${id}/participations`, { ...participation, activityId: activities.buddy, semesters: 1 }, key);
    expect(reused.status).toBe(422);
    // Without a key, a second call is a second participation (the first stays one).
    const unkeyed = await studentApi.post<{ participationId: string }>(`/api/certificates/${id}/participations`, { ...participation, activityId: activities.exchange, sessions: undefined, semesters: 1 });
    expect(unkeyed.status).toBe(201);
    expect(await count('participation WHERE certificate_id = $1', [id])).toBe(2);

    // The task decision: repeated with the key, the first outcome; without it, 409.
    const taskId = `certificate-${id}:confirm:${first.body.participationId}`;
    const decideKey = { 'idempotency-key': randomUUID() };
    const decisionPath = `/api/tasks/${encodeURIComponent(taskId)}/decision`;
    const decided = await admin.post(decisionPath, { outcome: 'confirm' }, decideKey);
    const decidedAgain = await admin.post(decisionPath, { outcome: 'confirm' }, decideKey);
    expect([decided.status, decidedAgain.status]).toEqual([200, 200]);
    expect(decidedAgain.body).toEqual(decided.body);
    expect((await admin.post(decisionPath, { outcome: 'confirm' })).status).toBe(409);
    const view = await studentApi.get<{ participations: { id: string; status: string }[] }>(`/api/certificates/${id}`);
    expect(view.body.participations.find((p) => p.id === first.body.participationId)?.status).toBe('confirmed');

    // One task e-mail to the confirmer and one confirmation to the student, for all the repeats.
    const taskMailKey = `certificate-${id}:confirm:${first.body.participationId}:assigned/${group.admin.id}`;
    const confirmedKey = `certificate-${id}:confirm:${first.body.participationId}:confirm/${student.id}`;
    await waitForMail(system.mailboxUrl, (m) => m.messageId === messageIdFor(confirmedKey));
    const mail = await allMail(system.mailboxUrl);
    expect(mail.filter((m) => m.messageId === messageIdFor(taskMailKey))).toHaveLength(1);
    expect(mail.filter((m) => m.messageId === messageIdFor(confirmedKey))).toHaveLength(1);
    expect(await count("mail_outbox WHERE case_id = $1 AND kind = 'task_assigned'", [id])).toBe(2); // one per participation
  });

  it('takes ten concurrent copies of one signed event once: one participation, one kept event, one outcome', async () => {
    const anyone = await ApiClient.as(system.apiUrl, everyone[0].id);
    let programme = (await anyone.get<{ id: string; code: string; enrolmentOpen: boolean }[]>('/api/programmes')).body.find((p) => p.code === 'BSYK')!;
    const [student, studentRep] = everyone.filter((p) => p.roles.some((g) => g.role === 'student' && g.programmeId === programme.id));
    if (!programme.enrolmentOpen) {
      const staff = everyone.filter((p) => p.roles.length === 0);
      programme = { ...(await openProgramme(system.apiUrl, everyone, 'BSYK', { admin: staff[0], coordinator: staff[1], staff: staff[2], student: studentRep })).programme, enrolmentOpen: true };
    }
    const studentApi = await ApiClient.as(system.apiUrl, student.id);
    const id = (await studentApi.post<{ id: string }>('/api/certificates', { programmeId: programme.id })).body.id;
    const buddy = (await studentApi.get<{ id: string; name: string }[]>(`/api/programmes/${programme.id}/catalogue`)).body.find((a) => a.name === 'Buddy scheme')!.id;
    const post = (event: Record<string, unknown>) => {
      const raw = JSON.stringify(event);
      const timestamp = String(Math.floor(Date.now() / 1000));
      return fetch(`${system.apiUrl}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cil-source': SOURCE, 'x-cil-timestamp': timestamp, 'x-cil-signature': signEvent(SECRET, timestamp, raw) }, body: raw });
    };
    const burst = (event: Record<string, unknown>) => Promise.all(Array.from({ length: 10 }, async () => {
      const reply = await post(event);
      return { status: reply.status, body: (await reply.json()) as Record<string, unknown> };
    }));
    const kept = (key: string) => count('inbound_event WHERE source = $1 AND idempotency_key = $2', [SOURCE, key]);

    const event = { idempotencyKey: `burst-${randomUUID()}`, type: 'activity_completed', studentEmail: student.email, programmeCode: programme.code, activityId: buddy, semesters: 1, startedOn: '2027-01-10', endedOn: '2027-06-20', occurredAt: new Date().toISOString() };
    const before = await count('participation WHERE certificate_id = $1', [id]);
    const replies = await burst(event);
    expect(await count('participation WHERE certificate_id = $1', [id])).toBe(before + 1);
    expect(await kept(event.idempotencyKey)).toBe(1);
    // One copy does the work; the nine others wait for it and answer that it was done, naming the same certificate.
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(replies.map((r) => r.body.status).sort()).toEqual(['accepted', ...Array<string>(9).fill('duplicate')]);
    expect(replies.map((r) => ({ ...r.body, status: 'same' }))).toEqual(Array(10).fill({ status: 'same', certificateId: id }));
    // The workflow has it once, confirmed; a later repeat is a duplicate and adds nothing.
    const view = await studentApi.get<{ participations: { activityId: string; status: string }[] }>(`/api/certificates/${id}`);
    expect(view.body.participations.filter((p) => p.activityId === buddy && p.status === 'confirmed').length).toBeGreaterThanOrEqual(1);
    const rows = await db.query<{ id: string }>(`SELECT id FROM participation WHERE certificate_id = $1 AND description = $2`, [id, `Reported by ${SOURCE}`]);
    expect(rows.rows).toHaveLength(1);
    expect(view.body.participations.map((p) => (p as unknown as { id: string }).id)).toContain(rows.rows[0].id);
    const later = await post(event);
    expect({ status: later.status, body: (await later.json()) as unknown }).toEqual({ status: 200, body: { status: 'duplicate', certificateId: id } });
    expect(await count('participation WHERE certificate_id = $1', [id])).toBe(before + 1);

    // A rejected event: kept once, 422 for the copy that decided it, duplicate for the others.
    const unknown = { ...event, idempotencyKey: `burst-${randomUUID()}`, studentEmail: 'nobody@example.org' };
    const refused = await burst(unknown);
    expect(refused.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 422]);
    expect(refused.find((r) => r.status === 422)?.body).toMatchObject({ message: 'unknown student' });
    expect(refused.filter((r) => r.status === 200).map((r) => r.body)).toEqual(Array(9).fill({ status: 'duplicate' }));
    expect(await kept(unknown.idempotencyKey)).toBe(1);
  });
});
