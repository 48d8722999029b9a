import { jest } from '@jest/globals';
import { signEvent } from '../../services/features/certificates/events.service.js';
import type { ParticipationReport, ProgrammeFigures } from '../../services/features/reports/participation-report.js';
import { csvField } from '../../services/features/reports/participation-report.js';
import { ApiClient, people, type Person } from '../support/api.js';
import { decideMyTask, openProgramme } from '../support/journeys.js';
import { startSystem, type RunningSystem } from '../support/system.js';
import { waitFor } from '../../infra/kit/wait.js';

jest.setTimeout(240_000);

const SOURCE = 'exchange-system';
const SECRET = 'exchange-system-shared-secret-0123456789';
const REPORT = '/api/reports/participation';

const until = <T>(what: string, probe: () => Promise<T | undefined>) => waitFor(what, probe, { everyMs: 100, timeoutMs: 20_000 });

describe('the participation report for the central group', () => {
  let system: RunningSystem;
  let everyone: Person[];
  let centralPerson: Person;
  let central: ApiClient;

  beforeAll(async () => {
    system = await startSystem({ env: { EVENT_SOURCES: `${SOURCE}:${SECRET}`, REFLECTION_MIN_CHARS: '20' } });
    everyone = await people(system.apiUrl);
    centralPerson = everyone.find((p) => p.roles.some((g) => g.role === 'central_group_member'))!;
    central = await ApiClient.as(system.apiUrl, centralPerson.id);
  });
  afterAll(async () => {
    await system?.stop();
  });

  const send = (body: Record<string, unknown>) => {
    const raw = JSON.stringify({ occurredAt: new Date().toISOString(), ...body });
    const timestamp = String(Math.floor(Date.now() / 1000));
    return fetch(`${system.apiUrl}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cil-source': SOURCE, 'x-cil-timestamp': timestamp, 'x-cil-signature': signEvent(SECRET, timestamp, raw) },
      body: raw,
    });
  };

  it('is for the central group only', async () => {
    const student = everyone.find((p) => p.roles.every((g) => g.role === 'student') && p.roles.length > 0)!;
    const res = await (await ApiClient.as(system.apiUrl, student.id)).get(REPORT);
    expect(res.status).toBe(403);
    expect((await fetch(`${system.apiUrl}${REPORT}`)).status).toBe(401);
    expect((await central.get(`${REPORT}?format=xml`)).status).toBe(400);
  });

  it('lists every faculty and programme, all zero before anyone enrols', async () => {
    const res = await central.get<ParticipationReport>(REPORT);
    expect(res.status).toBe(200);
    expect(res.body.faculties.length).toBeGreaterThan(0);
    const programmes = res.body.faculties.flatMap((f) => f.programmes);
    expect(programmes.map((p) => p.code)).toEqual(expect.arrayContaining(['BSYK', 'BADT', 'BJOU']));
    expect(res.body.totals).toEqual({ enrolled: 0, inProgress: 0, completed: 0, withdrawn: 0, closedIncomplete: 0, confirmedParticipations: { home: 0, abroad: 0 } });
  });

  it('counts certificates by stage and confirmed participations by category, as JSON and CSV', async () => {
    const staff = everyone.filter((p) => p.roles.length === 0);
    const programmes = (await central.get<{ id: string; code: string }[]>('/api/programmes')).body;
    const bjou = programmes.find((p) => p.code === 'BJOU')!;
    const [student, studentRep] = everyone.filter((p) => p.roles.some((g) => g.role === 'student' && g.programmeId === bjou.id));
    const group = { admin: staff[0], coordinator: staff[1], staff: staff[2], student: studentRep };
    const { programme, activities } = await openProgramme(system.apiUrl, everyone, 'BJOU', group);
    const studentApi = await ApiClient.as(system.apiUrl, student.id);
    const admin = await ApiClient.as(system.apiUrl, group.admin.id);

    // One certificate withdrawn, then a new one in progress.
    const first = await studentApi.post<{ id: string }>('/api/certificates', { programmeId: programme.id });
    expect(first.status).toBe(201);
    expect((await studentApi.post(`/api/certificates/${first.body.id}/withdraw`, { reason: 'Started too early' })).status).toBe(200);
    await until('the withdrawal', async () => ((await studentApi.get<{ id: string; stage: string }[]>('/api/certificates/mine')).body.some((c) => c.id === first.body.id && c.stage === 'withdrawn') ? true : undefined));
    const second = await studentApi.post<{ id: string }>('/api/certificates', { programmeId: programme.id });
    expect(second.status).toBe(201);
    const id = second.body.id;

    // Confirmed three ways: by the local group's task, by an event naming the participation, and by
    // an event that brings its own; one more stays unconfirmed.
    const participation = (activityId: string, extra: Record<string, unknown>) =>
      studentApi.post<{ participationId: string }>(`/api/certificates/${id}/participations`, { activityId, startedOn: '2027-01-10', endedOn: '2027-03-01', description: 'Took part', reflection: 'What I learnt from it, in some words.', ...extra });
    expect((await participation(activities.cafe, { sessions: 4 })).status).toBe(201);
    await decideMyTask(admin, 'confirm_participation', { outcome: 'confirm' });
    const buddy = await participation(activities.buddy, { semesters: 1 });
    expect(buddy.status).toBe(201);
    expect((await send({ idempotencyKey: 'buddy-1', type: 'activity_completed', studentEmail: student.email, programmeCode: 'BJOU', activityId: activities.buddy, participationId: buddy.body.participationId, semesters: 1 })).status).toBe(200);
    expect((await send({ idempotencyKey: 'exch-1', type: 'exchange_completed', studentEmail: student.email, programmeCode: 'BJOU', activityId: activities.exchange, semesters: 1, startedOn: '2027-08-15', endedOn: '2027-12-20' })).status).toBe(200);
    expect((await participation(activities.lectures, { sessions: 3 })).status).toBe(201);

    const expected = { enrolled: 2, inProgress: 1, completed: 0, withdrawn: 1, closedIncomplete: 0, confirmedParticipations: { home: 2, abroad: 1 } };
    const report = await until('the figures', async () => {
      const res = await central.get<ParticipationReport>(REPORT);
      const row = res.body.faculties.flatMap((f) => f.programmes).find((p) => p.code === 'BJOU')!;
      return row.confirmedParticipations.home === 2 && row.confirmedParticipations.abroad === 1 ? res.body : undefined;
    });
    const faculty = report.faculties.find((f) => f.programmes.some((p) => p.code === 'BJOU'))!;
    const row: ProgrammeFigures = faculty.programmes.find((p) => p.code === 'BJOU')!;
    expect(row).toMatchObject({ id: programme.id, code: 'BJOU', enrolmentOpen: true, ...expected });
    expect(faculty).toMatchObject(expected);
    expect(report.totals).toEqual(expected);
    for (const other of report.faculties.flatMap((f) => f.programmes).filter((p) => p.code !== 'BJOU')) expect(other.enrolled).toBe(0);

    // CSV: by Accept or by ?format=csv; a header and one row per programme.
    const name = (x: { nameNb: string; nameEn: string }) => (centralPerson.preferredLanguage === 'nb' ? x.nameNb : x.nameEn);
    for (const request of [{ path: REPORT, accept: 'text/csv' }, { path: `${REPORT}?format=csv`, accept: '*/*' }]) {
      const res = await fetch(`${system.apiUrl}${request.path}`, { headers: { authorization: `Bearer ${central.token}`, accept: request.accept } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="cil-participation-\d{4}-\d{2}-\d{2}\.csv"$/);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
      expect(text.startsWith('\uFEFF')).toBe(true);
      const lines = text.slice(1).trimEnd().split('\r\n');
      expect(lines[0]).toBe('faculty_code,faculty_name,programme_code,programme_name,enrolment_open,enrolled,in_progress,completed,withdrawn,closed_incomplete,confirmed_home,confirmed_abroad');
      expect(lines).toHaveLength(1 + report.faculties.reduce((n, f) => n + f.programmes.length, 0));
      expect(lines).toContain([faculty.code, csvField(name(faculty)), 'BJOU', csvField(name(row)), 'true', '2', '1', '0', '1', '0', '2', '1'].join(','));
    }
    // JSON stays the default for anything else.
    const json = await fetch(`${system.apiUrl}${REPORT}`, { headers: { authorization: `Bearer ${central.token}` } });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
