import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import { repoRoot } from '../../services/platform/config/config.schema.js';
import { seedAsImport } from '../../services/features/organisation/seed.js';
import type { OrganisationImport } from '../../services/features/organisation/import/import-format.js';
import { ApiClient, people, type Person } from '../support/api.js';
import { initiativeAwaitingSectionHead, openProgramme } from '../support/journeys.js';
import { waitForMail } from '../support/mailbox.js';
import { startSystem, type RunningSystem } from '../support/system.js';

jest.setTimeout(240_000);

/** The import's JSON file format (README, "The organisation from the university's data"). */
function asFile(imp: OrganisationImport): string {
  return JSON.stringify({
    faculties: imp.faculties!.map((f) => ({ code: f.code, name_nb: f.nameNb, name_en: f.nameEn })),
    departments: imp.departments!.map((d) => ({ code: d.code, faculty: d.faculty, name_nb: d.nameNb, name_en: d.nameEn })),
    programmes: imp.programmes!.map((p) => ({ code: p.code, department: p.department, name_nb: p.nameNb, name_en: p.nameEn })),
    people: imp.people!.map((p) => ({ id: p.id, name: p.name, email: p.email, language: p.language, student_number: p.studentNumber })),
    roles: imp.roles!.map((r) => ({ person: r.person, role: r.role, scope: r.scope, seat: r.seat })),
  });
}

describe('a role that changes hands in the organisation import moves its open work', () => {
  let system: RunningSystem;
  let everyone: Person[];
  /** The organisation as the next import gives it (each test changes it further). */
  const imp = seedAsImport();
  const idOf = new Map(imp.people!.map((p) => [p.email, p.id]));
  const write = () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cil-org-')), 'organisation.json');
    writeFileSync(file, asFile(imp));
    return file;
  };

  beforeAll(async () => {
    system = await startSystem();
    everyone = await people(system.apiUrl);
  });
  afterAll(async () => {
    await system?.stop();
  });

  /** `npm run org:import -- FILE` against the running system (its database and Temporal). */
  const orgImport = async (file: string) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATA_DIR: system.dataDir };
    for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'PUBLIC_URL'] as const) delete env[key];
    Object.assign(env, { PORT: String(system.ports.PORT), DEV_POSTGRES_PORT: String(system.ports.DEV_POSTGRES_PORT), DEV_TEMPORAL_PORT: String(system.ports.DEV_TEMPORAL_PORT) });
    try {
      const { stdout, stderr } = await promisify(execFile)('node', [join(repoRoot, 'dist', 'infra', 'tools', 'org-import.js'), file], { env, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('the section head changes: the open assessment moves to the new one, with the notices and a timeline entry', async () => {
    const { caseId, taskId, sectionHead } = await initiativeAwaitingSectionHead(system.apiUrl, everyone);
    const newHead = everyone.find((p) => p.roles.length === 0)!;
    const faculty = imp.roles!.find((r) => r.person === idOf.get(sectionHead.email) && r.role === 'section_head')!.scope;
    imp.roles = imp.roles!.filter((r) => !(r.person === idOf.get(sectionHead.email) && r.role === 'section_head')).concat([{ person: idOf.get(newHead.email)!, role: 'section_head', scope: faculty, seat: null }]);
    const file = write();

    const run = await orgImport(file);
    expect({ code: run.code, stderr: run.code ? run.stderr : '' }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`− role ${idOf.get(sectionHead.email)} section_head ${faculty}: end`);
    expect(run.stdout).toContain(`+ role ${idOf.get(newHead.email)} section_head ${faculty}: grant`);
    expect(run.stdout).toContain(`open task ${taskId} (anchoring_section_head) moved to the role's new holder, case ${caseId}`);

    // The new section head holds it (and may decide it); the old one no longer sees it among theirs.
    const mine = async (p: Person) => (await (await ApiClient.as(system.apiUrl, p.id)).get<{ id: string }[]>('/api/tasks')).body.map((t) => t.id);
    expect(await mine(newHead)).toContain(taskId);
    expect(await mine(sectionHead)).not.toContain(taskId);
    // The same notices as a manual reassignment: to the old holder, and the new one.
    await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(sectionHead.email) && /^(Oppgave flyttet|Task reassigned):/.test(m.subject));
    await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(newHead.email));
    const central = everyone.find((p) => p.roles.some((r) => r.role === 'central_group_member'))!;
    const rollout = await (await ApiClient.as(system.apiUrl, central.id)).get<{ timeline: { kind: string; actorId: string | null; data: { taskId?: string; from?: string; to?: string } | null }[] }>(`/api/rollouts/${caseId}`);
    expect(rollout.body.timeline.filter((e) => e.kind === 'task.reassigned')).toEqual([expect.objectContaining({ actorId: null, data: { taskId, from: sectionHead.id, to: newHead.id } })]);

    // The same file again: nothing to change, nothing moves.
    const again = await orgImport(file);
    expect({ code: again.code, out: again.stdout.trim() }).toEqual({ code: 0, out: 'no changes: the database already says what the import says' });
  });

  it('the confirming seat of a local group ends with its holder: the open confirmations go to the group’s next confirmer, who may decide them', async () => {
    const staff = everyone.filter((p) => p.roles.length === 0).slice(1); // the first became a section head above
    const programmes = (await (await ApiClient.as(system.apiUrl, everyone[0].id)).get<{ id: string; code: string }[]>('/api/programmes')).body;
    const [student, studentRep] = everyone.filter((p) => p.roles.some((g) => g.role === 'student' && g.programmeId === programmes.find((q) => q.code === 'BUTV')!.id));
    const group = { admin: staff[0], coordinator: staff[1], staff: staff[2], student: studentRep };
    const { programme, activities } = await openProgramme(system.apiUrl, everyone, 'BUTV', group);
    const studentApi = await ApiClient.as(system.apiUrl, student.id);
    const certificate = (await studentApi.post<{ id: string }>('/api/certificates', { programmeId: programme.id })).body.id;
    const reflection = 'I learned how much a conversation in another language opens up. '.repeat(6);
    expect((await studentApi.post(`/api/certificates/${certificate}/participations`, { activityId: activities.cafe, startedOn: '2027-01-10', endedOn: '2027-03-01', description: 'Four meetings', reflection, sessions: 4 })).status).toBe(201);
    const adminApi = await ApiClient.as(system.apiUrl, group.admin.id);
    let confirmTask: string | undefined;
    for (let i = 0; i < 100 && !confirmTask; i++) {
      confirmTask = (await adminApi.get<{ id: string; type: string }[]>('/api/tasks')).body.find((t) => t.type === 'confirm_participation')?.id;
      if (!confirmTask) await new Promise((r) => setTimeout(r, 200));
    }
    expect(confirmTask).toBeDefined();

    // The administrative resource leaves the university: the import no longer lists them.
    const adminId = idOf.get(group.admin.email)!;
    imp.people = imp.people!.filter((p) => p.id !== adminId);
    const run = await orgImport(write());
    expect({ code: run.code, stderr: run.code ? run.stderr : '' }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`− person ${adminId}: deactivate`);
    expect(run.stdout).toContain(`− role ${adminId} local_group_member BUTV administrative_resource: end`);
    expect(run.stdout).toContain(`open confirmations of certificate ${certificate} moved to the role's new holder`);
    expect(run.stdout).not.toContain('open task of a deactivated person'); // moved, so nobody needs to reassign it

    // The coordinator holds it now, and the workflow takes their decision.
    const coordinatorApi = await ApiClient.as(system.apiUrl, group.coordinator.id);
    expect((await coordinatorApi.get<{ id: string }[]>('/api/tasks')).body.map((t) => t.id)).toContain(confirmTask);
    const decided = await coordinatorApi.post(`/api/tasks/${encodeURIComponent(confirmTask!)}/decision`, { outcome: 'confirm' });
    expect(decided.status).toBe(200);
    // The person the import deactivated cannot sign in any more.
    const signIn = await fetch(`${system.apiUrl}/auth/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ personId: group.admin.id }) });
    expect(signIn.ok).toBe(false);
    // Nor can a task be given to them.
    const central = everyone.find((p) => p.roles.some((r) => r.role === 'central_group_member'))!;
    const centralApi = await ApiClient.as(system.apiUrl, central.id);
    const open = (await centralApi.get<{ id: string; type: string; caseType?: string }[]>('/api/tasks')).body;
    const rolloutTask = open.find((t) => t.type === 'anchoring_programme_leader') ?? open[0];
    if (rolloutTask) {
      const refused = await centralApi.post<{ fields: { field: string; problems: string[] }[] }>(`/api/tasks/${encodeURIComponent(rolloutTask.id)}/reassign`, { assigneeId: group.admin.id });
      expect({ status: refused.status, field: refused.body.fields?.[0]?.field }).toEqual({ status: 400, field: 'assigneeId' });
    }
  });
});
