import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Api } from './http.js';
import { waitFor } from './wait.js';

/** The data the journeys need is not there, and cannot be made: the message says what is missing. */
export class FixtureError extends Error {
  override name = 'FixtureError';
}

export type Db = pg.Pool;

/** How the set-up waits for the changes it makes to show. */
const POLL = { everyMs: 100, timeoutMs: 60_000 };

export function connectDb(url: string): Db {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
  // An idle connection the server closes (the stack stopping) is dropped by the pool; queries still fail on their own.
  pool.on('error', () => undefined);
  return pool;
}

export interface Person {
  id: string;
  email: string;
}

export interface Activity {
  id: string;
  category: 'home' | 'abroad';
  minimumSessions: number | null;
  minimumSemesters: number | null;
}

/** The programme every journey runs on: open for enrolment, with its local group and a review meeting. */
export interface BenchProgramme {
  id: string;
  code: string;
  /** Confirms participations (the workflow's confirmer: the group's administrative resource) and decides reports. */
  admin: Person & { api: Api };
  /** Records the presentation (the academic coordinator, else the administrative resource). */
  coordinator: Person & { api: Api };
  /** Two activities at home and one abroad. */
  activities: [Activity, Activity, Activity];
  meetingId: string;
  /** Whether this run took the programme through its rollout (false: it was open already). */
  opened: boolean;
}

/** Adds people (and, for students, their role on the programme) straight to the database. */
export async function insertPeople(db: Db, rows: { name: string; email: string }[], studentOf?: string): Promise<Person[]> {
  const people: Person[] = [];
  for (let i = 0; i < rows.length; i += 2_000) {
    const batch = rows.slice(i, i + 2_000);
    const inserted = await db.query<Person>(
      `INSERT INTO person (name, email, preferred_language) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) RETURNING id, email`,
      [batch.map((r) => r.name), batch.map((r) => r.email.toLowerCase()), batch.map(() => 'en')],
    );
    people.push(...inserted.rows);
  }
  if (studentOf) {
    for (let i = 0; i < people.length; i += 2_000) {
      const ids = people.slice(i, i + 2_000).map((p) => p.id);
      await db.query(`INSERT INTO role_assignment (person_id, role, programme_id, scope_key) SELECT unnest($1::uuid[]), 'student', $2::uuid, $2::text`, [ids, studentOf]);
    }
  }
  const order = new Map(rows.map((r, i) => [r.email.toLowerCase(), i]));
  return people.sort((a, b) => order.get(a.email)! - order.get(b.email)!);
}

async function holder(db: Db, role: string, scopeKey: string): Promise<string> {
  const found = await db.query<{ person_id: string }>('SELECT person_id FROM role_assignment WHERE role = $1 AND scope_key = $2 ORDER BY created_at LIMIT 1', [role, scopeKey]);
  if (!found.rows.length) throw new FixtureError(`nobody holds the role ${role} for ${scopeKey}`);
  return found.rows[0].person_id;
}

/** Decides the signed-in person's open task of this type, waiting for it to appear. */
async function decideMyTask(api: Api, type: string, decision: unknown): Promise<void> {
  const task = await waitFor(`a ${type} task`, async () => (await api.get<{ id: string; type: string }[]>('/api/tasks')).find((t) => t.type === type), POLL);
  await api.post(`/api/tasks/${encodeURIComponent(task.id)}/decision`, decision, [200]);
}

/**
 * Takes a programme through its rollout over HTTP to "open", as the people who hold the roles
 * would: initiative, both assessments, the final approval, the local group (new bench people),
 * and a catalogue of two activities at home and one abroad.
 */
async function openProgramme(db: Db, apiUrl: string, run: string, programme: { id: string; code: string; department_id: string; faculty_id: string }, say: (m: string) => void) {
  say(`opening ${programme.code} for enrolment through its rollout…`);
  const as = (personId: string) => Api.signIn(apiUrl, personId);
  const [admin, coordinator, staff, student] = await insertPeople(db, [
    { name: `Bench Admin ${run}`, email: `bench-${run}-admin@example.org` },
    { name: `Bench Coordinator ${run}`, email: `bench-${run}-coordinator@example.org` },
    { name: `Bench Staff ${run}`, email: `bench-${run}-staff@example.org` },
    { name: `Bench Student Rep ${run}`, email: `bench-${run}-student-rep@example.org` },
  ]);
  await db.query(`INSERT INTO role_assignment (person_id, role, programme_id, scope_key) VALUES ($1, 'student', $2::uuid, $2::text)`, [student.id, programme.id]);
  const initiator = await as(await holder(db, 'programme_leader', programme.id));
  const created = await initiator.post<{ id: string }>('/api/rollouts', {
    programmeId: programme.id,
    motivation: 'CIL fits this programme well.',
    expectedStudentsPerYear: 15,
    initiatorCapacity: 'programme_leader',
  });
  const assessment = { outcome: 'approve', assessment: { developmentHours: 30, operationHoursPerSemester: 8, covered: true } };
  await decideMyTask(initiator, 'anchoring_programme_leader', assessment);
  await decideMyTask(await as(await holder(db, 'section_head', programme.faculty_id)), 'anchoring_section_head', assessment);
  await decideMyTask(await as(await holder(db, 'head_of_department', programme.department_id)), 'final_approval', { outcome: 'approve' });
  await decideMyTask(await as(await holder(db, 'faculty_representative', programme.faculty_id)), 'register_local_group', {
    outcome: 'register',
    members: [
      { personId: admin.id, seat: 'administrative_resource' },
      { personId: coordinator.id, seat: 'academic_coordinator' },
      { personId: staff.id, seat: 'academic_staff' },
      { personId: student.id, seat: 'student' },
    ],
  });
  const adminApi = await as(admin.id);
  await waitFor('the rollout to reach development', async () => ((await adminApi.get<{ state: string }>(`/api/rollouts/${created.id}`)).state === 'development' ? true : undefined), POLL);
  const base = `/api/programmes/${programme.id}`;
  const add = (body: Record<string, unknown>) => adminApi.post<{ id: string }>(`${base}/catalogue`, body);
  const cafe = await add({ name: 'Language café', description: 'Conversation in other languages', category: 'home', minimumSessions: 3 });
  const buddy = await add({ name: 'Buddy scheme', description: 'Buddy for an international student', category: 'home', minimumSemesters: 1 });
  const exchange = await add({ name: 'Exchange semester', description: 'A semester at a partner university', category: 'abroad', minimumSemesters: 1 });
  await adminApi.post(`${base}/publish`, {}, [200]);
  await waitFor('enrolment to open', async () => ((await db.query<{ open: boolean }>('SELECT enrolment_open AS open FROM programme WHERE id = $1', [programme.id])).rows[0]?.open ? true : undefined), POLL);
  const activities: [Activity, Activity, Activity] = [
    { id: cafe.id, category: 'home', minimumSessions: 3, minimumSemesters: null },
    { id: buddy.id, category: 'home', minimumSessions: null, minimumSemesters: 1 },
    { id: exchange.id, category: 'abroad', minimumSessions: null, minimumSemesters: 1 },
  ];
  return { admin: { ...admin, api: adminApi }, coordinator: { ...coordinator, api: await as(coordinator.id) }, activities };
}

/** An open programme's local group and catalogue, as they are (adding activities if two at home and one abroad are missing). */
async function reuseProgramme(db: Db, apiUrl: string, programme: { id: string; code: string }, say: (m: string) => void) {
  say(`${programme.code} is open for enrolment already: the journeys use its local group and catalogue`);
  const group = await db.query<{ person_id: string; email: string; local_group_role: string }>(
    `SELECT ra.person_id, p.email, ra.local_group_role FROM role_assignment ra JOIN person p ON p.id = ra.person_id
      WHERE ra.programme_id = $1 AND ra.role = 'local_group_member' ORDER BY ra.created_at`,
    [programme.id],
  );
  const seat = (name: string) => group.rows.find((r) => r.local_group_role === name);
  const confirmer = seat('administrative_resource') ?? seat('academic_coordinator');
  if (!confirmer) throw new FixtureError(`${programme.code} has no administrative resource or academic coordinator in its local group`);
  const coordinator = seat('academic_coordinator') ?? confirmer;
  const adminApi = await Api.signIn(apiUrl, confirmer.person_id);
  const catalogue = await db.query<{ id: string; category: 'home' | 'abroad'; minimum_sessions: number | null; minimum_semesters: number | null }>(
    `SELECT id, category, minimum_sessions, minimum_semesters FROM catalogue_activity WHERE programme_id = $1 AND status = 'active' ORDER BY created_at`,
    [programme.id],
  );
  const all: Activity[] = catalogue.rows.map((r) => ({ id: r.id, category: r.category, minimumSessions: r.minimum_sessions, minimumSemesters: r.minimum_semesters }));
  const pick = async (category: 'home' | 'abroad', count: number): Promise<Activity[]> => {
    const found = all.filter((a) => a.category === category).slice(0, count);
    while (found.length < count) {
      const added = await adminApi.post<{ id: string }>(`/api/programmes/${programme.id}/catalogue`, { name: `Benchmark activity (${category}) ${found.length + 1}`, description: 'Added by the benchmark', category });
      found.push({ id: added.id, category, minimumSessions: null, minimumSemesters: null });
    }
    return found;
  };
  const [home1, home2] = await pick('home', 2);
  const [abroad] = await pick('abroad', 1);
  return {
    admin: { id: confirmer.person_id, email: confirmer.email, api: adminApi },
    coordinator: { id: coordinator.person_id, email: coordinator.email, api: coordinator === confirmer ? adminApi : await Api.signIn(apiUrl, coordinator.person_id) },
    activities: [home1, home2, abroad] as [Activity, Activity, Activity],
  };
}

/** The review meeting the reports go to: the programme's next one, or a new one next year. */
async function reviewMeeting(admin: Api, programmeId: string): Promise<string> {
  const soon = Date.now() + 24 * 3_600_000;
  const meetings = await admin.get<{ id: string; scheduledAt: string }[]>(`/api/programmes/${programmeId}/review-meetings`);
  const next = meetings.filter((m) => Date.parse(m.scheduledAt) > soon).sort((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt))[0];
  if (next) return next.id;
  const year = new Date().getUTCFullYear() + 1;
  return (await admin.post<{ id: string }>(`/api/programmes/${programmeId}/review-meetings`, { scheduledAt: `${year}-03-01T10:00:00Z`, location: 'Benchmark' })).id;
}

export async function prepareProgramme(db: Db, apiUrl: string, run: string, code: string | undefined, say: (m: string) => void): Promise<BenchProgramme> {
  const programmes = await db.query<{ id: string; code: string; department_id: string; faculty_id: string; enrolment_open: boolean; active_rollout: boolean; has_confirmer: boolean }>(
    `SELECT p.id, p.code, p.department_id, d.faculty_id, p.enrolment_open,
            EXISTS (SELECT 1 FROM rollout_case r WHERE r.programme_id = p.id AND r.stage NOT IN ('declined', 'withdrawn')) AS active_rollout,
            EXISTS (SELECT 1 FROM role_assignment ra WHERE ra.programme_id = p.id AND ra.role = 'local_group_member'
                      AND ra.local_group_role IN ('administrative_resource', 'academic_coordinator')) AS has_confirmer
       FROM programme p JOIN department d ON d.id = p.department_id ORDER BY p.code`,
  );
  const candidates = programmes.rows.filter((p) => !code || p.code === code);
  if (!candidates.length) throw new FixtureError(code ? `no programme with the code ${code}` : 'the database has no programmes (is it seeded?)');
  const open = candidates.find((p) => p.enrolment_open && p.has_confirmer);
  const closed = candidates.find((p) => !p.active_rollout);
  const chosen = open ?? closed;
  if (!chosen) throw new FixtureError(`${code ?? 'every programme'} has a rollout under way that is not open yet; name an open programme, or one without a rollout, with --programme`);
  const setup = chosen === open ? await reuseProgramme(db, apiUrl, chosen, say) : await openProgramme(db, apiUrl, run, chosen, say);
  const meetingId = await reviewMeeting(setup.admin.api, chosen.id);
  return { id: chosen.id, code: chosen.code, ...setup, meetingId, opened: chosen !== open };
}

/** Bench students of the programme, `bench-<run>-<phase>-<i>@example.org`. */
export function insertStudents(db: Db, run: string, phase: string, count: number, programmeId: string): Promise<Person[]> {
  return insertPeople(
    db,
    Array.from({ length: count }, (_, i) => ({ name: `Bench Student ${phase} ${i + 1}`, email: `bench-${run}-${phase}-${i + 1}@example.org` })),
    programmeId,
  );
}

/**
 * Certificate rows (stage "collecting") for students whose workflows the benchmark starts straight
 * through Temporal: the API would insert the row at enrolment, and the workflow's activities update it.
 */
export async function insertCertificates(db: Db, students: Person[], programmeId: string): Promise<{ id: string; studentId: string }[]> {
  const certificates = students.map((s) => ({ id: randomUUID(), studentId: s.id }));
  for (let i = 0; i < certificates.length; i += 2_000) {
    const batch = certificates.slice(i, i + 2_000);
    await db.query(
      `INSERT INTO certificate (id, workflow_id, student_id, programme_id, stage) SELECT c.id, 'certificate-' || c.id, c.student_id, $3::uuid, 'collecting' FROM unnest($1::uuid[], $2::uuid[]) AS c(id, student_id)`,
      [batch.map((c) => c.id), batch.map((c) => c.studentId), programmeId],
    );
  }
  return certificates;
}
