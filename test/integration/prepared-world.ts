import { ApiClient, people, type Person } from '../support/api.js';
import { openProgramme } from '../support/journeys.js';
import { devToken } from '../support/system.js';
import { waitFor } from '../../infra/kit/wait.js';

/**
 * A seeded organisation with something on every route: BSYK opened over HTTP (its rollout, local
 * group, catalogue and a review meeting), one of its students enrolled, and a second programme of
 * the same faculty, BFYS, whose initiative waits for the section head.
 */

/**
 * The people every route is tried as; all of them hold their role in BSYK's faculty, department or
 * programme. `studentSeat` is the student member of BSYK's local group: a student of BSYK (the seat
 * needs one), not the enrolled student.
 */
export const ROLES = ['nobody', 'student', 'programmeLeader', 'sectionHead', 'headOfDepartment', 'dean', 'facultyRepresentative', 'centralGroup', 'localGroup', 'studentSeat'] as const;
export type RoleName = (typeof ROLES)[number];

interface Programme {
  id: string;
  code: string;
  faculty: { id: string; code: string };
  department: { id: string };
}

export interface World {
  everyone: Person[];
  /** The person acting in each role (none for `nobody`). */
  person: Record<Exclude<RoleName, 'nobody'>, Person>;
  /** A bearer token per role (undefined for `nobody`). */
  token: Record<RoleName, string | undefined>;
  /** BSYK: open for enrolment, with its rollout, catalogue and review meeting. */
  programme: Programme;
  rolloutId: string;
  activities: { cafe: string; lectures: string; buddy: string; exchange: string };
  /** An activity nothing depends on, for retiring. */
  spareActivityId: string;
  meetingId: string;
  /** The enrolled student's certificate on BSYK. */
  certificateId: string;
  /** BFYS: its rollout in anchoring, and the section head's open task there. */
  other: { programme: Programme; rolloutId: string; sectionHeadTaskId: string };
}

const until = <T>(what: string, probe: () => Promise<T | undefined>) => waitFor(what, probe, { everyMs: 100, timeoutMs: 30_000 });

export async function prepareWorld(apiUrl: string): Promise<World> {
  const everyone = await people(apiUrl);
  const programmes = (await (await ApiClient.as(apiUrl, everyone[0].id)).get<Programme[]>('/api/programmes')).body;
  const bsyk = programmes.find((p) => p.code === 'BSYK')!;
  const bfys = programmes.find((p) => p.code === 'BFYS')!;
  if (bfys.faculty.id !== bsyk.faculty.id) throw new Error('BSYK and BFYS are expected in the same faculty');
  const holder = (role: string, match: (g: Person['roles'][number]) => boolean = () => true) => {
    const found = everyone.find((p) => p.roles.some((g) => g.role === role && match(g)));
    if (!found) throw new Error(`nobody holds ${role} here`);
    return found;
  };
  const staff = everyone.filter((p) => p.roles.length === 0);
  const [student, studentRep] = everyone.filter((p) => p.roles.some((g) => g.role === 'student' && g.programmeId === bsyk.id));
  const group = { admin: staff[0], coordinator: staff[1], staff: staff[2], student: studentRep };

  const opened = await openProgramme(apiUrl, everyone, 'BSYK', group);
  const person: World['person'] = {
    student,
    programmeLeader: holder('programme_leader', (g) => g.programmeId === bsyk.id),
    sectionHead: holder('section_head', (g) => g.facultyId === bsyk.faculty.id),
    headOfDepartment: holder('head_of_department', (g) => g.departmentId === bsyk.department.id),
    dean: holder('dean', (g) => g.facultyId === bsyk.faculty.id),
    facultyRepresentative: holder('faculty_representative', (g) => g.facultyId === bsyk.faculty.id),
    centralGroup: holder('central_group_member'),
    localGroup: group.admin,
    studentSeat: group.student,
  };
  const token = { nobody: undefined } as World['token'];
  for (const [role, p] of Object.entries(person) as [Exclude<RoleName, 'nobody'>, Person][]) token[role] = await devToken(apiUrl, p.id);
  const as = (role: Exclude<RoleName, 'nobody'>) => ApiClient.as(apiUrl, person[role].id);

  const enrolled = await (await as('student')).post<{ id: string }>('/api/certificates', { programmeId: bsyk.id });
  if (enrolled.status !== 201) throw new Error(`enrolment: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
  const admin = await as('localGroup');
  const meeting = await admin.post<{ id: string }>(`/api/programmes/${bsyk.id}/review-meetings`, { scheduledAt: `${new Date().getUTCFullYear() + 1}-03-01T10:00:00Z` });
  if (meeting.status !== 201) throw new Error(`review meeting: ${meeting.status} ${JSON.stringify(meeting.body)}`);
  const spare = await admin.post<{ id: string }>(`/api/programmes/${bsyk.id}/catalogue`, { name: 'Spare activity', description: 'Kept for retiring', category: 'home' });
  if (spare.status !== 201) throw new Error(`spare activity: ${spare.status} ${JSON.stringify(spare.body)}`);

  const bfysLeader = await ApiClient.as(apiUrl, holder('programme_leader', (g) => g.programmeId === bfys.id).id);
  const initiative = await bfysLeader.post<{ id: string }>('/api/rollouts', { programmeId: bfys.id, motivation: 'CIL would suit physiotherapy.', expectedStudentsPerYear: 10, initiatorCapacity: 'programme_leader' });
  if (initiative.status !== 201) throw new Error(`BFYS initiative: ${initiative.status} ${JSON.stringify(initiative.body)}`);
  const sectionHead = await as('sectionHead');
  const task = await until('the section head’s anchoring task', async () =>
    (await sectionHead.get<{ id: string; type: string; caseId: string }[]>('/api/tasks')).body.find((t) => t.type === 'anchoring_section_head' && t.caseId === initiative.body.id),
  );

  return {
    everyone,
    person,
    token,
    programme: bsyk,
    rolloutId: opened.rolloutId,
    activities: opened.activities,
    spareActivityId: spare.body.id,
    meetingId: meeting.body.id,
    certificateId: enrolled.body.id,
    other: { programme: bfys, rolloutId: initiative.body.id, sectionHeadTaskId: task.id },
  };
}
