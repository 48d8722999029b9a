import { waitFor } from '../../infra/kit/wait.js';
import { ApiClient, type Person } from './api.js';

interface Programme {
  id: string;
  code: string;
  faculty: { id: string; code: string };
  department: { id: string };
}

/** How the journeys wait for the system to catch up. */
const POLL = { everyMs: 100, timeoutMs: 20_000 };

/**
 * BFYS's programme leader submits an initiative over the API; answers once the section head's
 * assessment task is open (for tests of the pages that decide it).
 */
export async function initiativeAwaitingSectionHead(baseUrl: string, everyone: Person[]): Promise<{ caseId: string; taskId: string; sectionHead: Person }> {
  const anyone = await ApiClient.as(baseUrl, everyone[0].id);
  const programme = (await anyone.get<Programme[]>('/api/programmes')).body.find((p) => p.code === 'BFYS')!;
  const leader = everyone.find((p) => p.roles.some((r) => r.role === 'programme_leader' && r.programmeId === programme.id))!;
  const sectionHead = everyone.find((p) => p.roles.some((r) => r.role === 'section_head' && r.facultyId === programme.faculty.id))!;
  const initiative = await (await ApiClient.as(baseUrl, leader.id)).post<{ id: string }>('/api/rollouts', {
    programmeId: programme.id,
    motivation: 'CIL would suit physiotherapy.',
    expectedStudentsPerYear: 10,
    initiatorCapacity: 'programme_leader',
  });
  if (initiative.status !== 201) throw new Error(`BFYS initiative: ${initiative.status} ${JSON.stringify(initiative.body)}`);
  const head = await ApiClient.as(baseUrl, sectionHead.id);
  const task = await waitFor('the section head’s anchoring task', async () => (await head.get<{ id: string; caseId: string }[]>('/api/tasks')).body.find((t) => t.caseId === initiative.body.id), { ...POLL, timeoutMs: 30_000 });
  return { caseId: initiative.body.id, taskId: task.id, sectionHead };
}

/** Decides the signed-in person's open task of this type (waiting for it to appear). */
export async function decideMyTask(api: ApiClient, type: string, decision: unknown): Promise<string> {
  const task = await waitFor(`a ${type} task`, async () => (await api.get<{ id: string; type: string }[]>('/api/tasks')).body.find((t) => t.type === type), POLL);
  const res = await api.post(`/api/tasks/${encodeURIComponent(task.id)}/decision`, decision);
  if (res.status !== 200) throw new Error(`deciding ${type}: ${res.status} ${JSON.stringify(res.body)}`);
  return task.id;
}

/**
 * Takes a programme through its rollout over HTTP to "development": the initiative approved, the
 * local group of the given people registered, nothing in the catalogue yet.
 */
export async function programmeInDevelopment(baseUrl: string, everyone: Person[], code: string, group: { admin: Person; coordinator: Person; staff: Person; student: Person }) {
  const anyone = await ApiClient.as(baseUrl, everyone[0].id);
  const programme = (await anyone.get<Programme[]>('/api/programmes')).body.find((p) => p.code === code)!;
  const holder = (role: string, match: (g: Person['roles'][number]) => boolean) => everyone.find((p) => p.roles.some((g) => g.role === role && match(g)))!;
  const initiator = holder('programme_leader', (g) => g.programmeId === programme.id);
  const as = (p: Person) => ApiClient.as(baseUrl, p.id);
  const created = await (await as(initiator)).post<{ id: string }>('/api/rollouts', {
    programmeId: programme.id,
    motivation: 'CIL fits this programme well.',
    expectedStudentsPerYear: 15,
    initiatorCapacity: 'programme_leader',
  });
  if (created.status !== 201) throw new Error(`initiative: ${created.status} ${JSON.stringify(created.body)}`);
  const assessment = { outcome: 'approve', assessment: { developmentHours: 30, operationHoursPerSemester: 8, covered: true } };
  await decideMyTask(await as(initiator), 'anchoring_programme_leader', assessment);
  await decideMyTask(await as(holder('section_head', (g) => g.facultyId === programme.faculty.id)), 'anchoring_section_head', assessment);
  await decideMyTask(await as(holder('head_of_department', (g) => g.departmentId === programme.department.id)), 'final_approval', { outcome: 'approve' });
  await decideMyTask(await as(holder('faculty_representative', (g) => g.facultyId === programme.faculty.id)), 'register_local_group', {
    outcome: 'register',
    members: [
      { personId: group.admin.id, seat: 'administrative_resource' },
      { personId: group.coordinator.id, seat: 'academic_coordinator' },
      { personId: group.staff.id, seat: 'academic_staff' },
      { personId: group.student.id, seat: 'student' },
    ],
  });
  const admin = await as(group.admin);
  await waitFor('development', async () => ((await admin.get<{ state: string }>(`/api/rollouts/${created.body.id}`)).body.state === 'development' ? true : undefined), POLL);
  return { programme, rolloutId: created.body.id };
}

/**
 * Takes a programme through its rollout over HTTP to "open", with a local group of the given
 * people and a catalogue; answers the programme and the catalogue's activity ids.
 */
export async function openProgramme(baseUrl: string, everyone: Person[], code: string, group: { admin: Person; coordinator: Person; staff: Person; student: Person }) {
  const { programme, rolloutId } = await programmeInDevelopment(baseUrl, everyone, code, group);
  const admin = await ApiClient.as(baseUrl, group.admin.id);
  const base = `/api/programmes/${programme.id}`;
  const add = async (body: Record<string, unknown>) => (await admin.post<{ id: string }>(`${base}/catalogue`, body)).body.id;
  const activities = {
    cafe: await add({ name: 'Language café', description: 'Conversation in other languages', category: 'home', minimumSessions: 3 }),
    lectures: await add({ name: 'Guest lectures', description: 'Three guest lectures by international guests', category: 'home', minimumSessions: 3 }),
    buddy: await add({ name: 'Buddy scheme', description: 'Buddy for an international student', category: 'home', minimumSemesters: 1 }),
    exchange: await add({ name: 'Exchange semester', description: 'A semester at a partner university', category: 'abroad', minimumSemesters: 1 }),
  };
  const published = await admin.post(`${base}/publish`);
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return { programme, activities, rolloutId };
}
