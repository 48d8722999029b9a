import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { repoRoot } from '../../services/platform/config/config.schema.js';
import { connectWithin, createDataSource } from '../../services/platform/db/data-source.js';
import { CentralResourceGroupEntity, MailOutboxEntity, OrganisationChangeEntity, PersonEntity, ProgrammeEntity, RoleAssignmentEntity, RolloutCaseEntity, TaskEntity, FacultyEntity } from '../../services/platform/db/entities/index.js';
import { runMigrations } from '../../services/platform/db/migrate.js';
import { PrincipalService } from '../../services/features/auth/principal.service.js';
import { OrganisationRepository } from '../../services/features/organisation/organisation.repository.js';
import { OrganisationAdminService } from '../../services/features/organisation/organisation-admin.service.js';
import { ImportRejected } from '../../services/features/organisation/import/import-format.js';
import { importOrganisation } from '../../services/features/organisation/import/organisation-import.js';
import { seedDemo } from '../../services/features/organisation/seed.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

jest.setTimeout(120_000);

const EXAMPLE = join(repoRoot, 'docs', 'organisation', 'example');
const options = { actor: 'test', publicUrl: 'https://cil.example.org' };

/** A copy of the example directory, changed by `edit` (file name → its text → the new text). */
function exampleWith(edit: Record<string, (text: string) => string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cil-org-'));
  cpSync(EXAMPLE, dir, { recursive: true });
  for (const [file, change] of Object.entries(edit)) writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

describe('the organisation import on a real PostgreSQL', () => {
  let database: TestDatabase;
  let db: DataSource;
  const count = (entity: new () => object) => db.getRepository(entity).count();
  const person = (externalId: string) => db.getRepository(PersonEntity).findOneByOrFail({ externalId });

  beforeAll(async () => {
    database = await createTestDatabase();
    await runMigrations(database.url, 20_000);
    db = await connectWithin(createDataSource(database.url, 2), 20_000);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.close();
  });

  it('a dry run prints what would be added and writes nothing', async () => {
    const outcome = await importOrganisation(db, [EXAMPLE], { ...options, dryRun: true });
    expect(outcome.applied).toBe(false);
    expect(outcome.lines).toEqual(expect.arrayContaining(['+ faculty HV: add', '+ programme BSYK: add', '+ person S2002: add', '+ role E1006 programme_leader BADT: grant', '+ role E1007 central_group_member: grant']));
    expect(outcome.lines.at(-1)).toBe('in all: faculty.add 2, department.add 2, programme.add 3, person.add 10, role.grant 11');
    expect([await count(FacultyEntity), await count(PersonEntity), await count(OrganisationChangeEntity)]).toEqual([0, 0, 0]);
  });

  it('imports the example, records it in the history, and a second run changes nothing', async () => {
    const first = await importOrganisation(db, [EXAMPLE], options);
    expect(first.applied).toBe(true);
    expect([await count(FacultyEntity), await count(ProgrammeEntity), await count(PersonEntity), await count(RoleAssignmentEntity)]).toEqual([2, 3, 10, 11]);
    const leader = await person('E1006');
    const grants = await db.getRepository(RoleAssignmentEntity).findBy({ personId: leader.id });
    expect(grants.map((g) => g.role).sort()).toEqual(['head_of_department', 'programme_leader']);
    expect(await person('S2001')).toMatchObject({ name: 'Emil Kristiansen', email: 'emil.kristiansen@example.org', preferredLanguage: 'nb', studentNumber: '900001', active: true });
    const [history] = await db.getRepository(OrganisationChangeEntity).find();
    expect(history).toMatchObject({ actor: 'test', kind: 'import', summary: { 'person.add': 10, 'role.grant': 11 } });
    expect(JSON.stringify(history.changes)).not.toMatch(/example\.org|Kristiansen/); // the history holds ids and codes, no personal data

    const again = await importOrganisation(db, [EXAMPLE], options);
    expect({ applied: again.applied, changes: again.plan.changes, lines: again.lines }).toEqual({ applied: false, changes: [], lines: ['no changes: the database already says what the import says'] });
    // The same organisation as JSON is the same: nothing to change either.
    expect((await importOrganisation(db, [join(repoRoot, 'docs', 'organisation', 'example.json')], options)).plan.changes).toEqual([]);
    expect(await count(OrganisationChangeEntity)).toBe(1);
  });

  it('refuses a file with any problem and writes nothing', async () => {
    const dir = exampleWith({ 'people.csv': (t) => t.replace('lars.larsen@example.org', 'lars.larsen@') });
    const before = await db.getRepository(PersonEntity).find({ order: { email: 'ASC' } });
    await expect(importOrganisation(db, [dir], options)).rejects.toThrow(ImportRejected);
    await expect(importOrganisation(db, [dir], options)).rejects.toThrow(/people\.csv:5:3 \(email\): "lars\.larsen@" is not an e-mail address/);
    expect(await db.getRepository(PersonEntity).find({ order: { email: 'ASC' } })).toEqual(before);
  });

  it('deactivates what the import no longer lists, keeps its history, and lists the open tasks to reassign', async () => {
    // E1004 (head of department at HV-SHA) holds an open task on a BSYK rollout.
    const holder = await person('E1004');
    const bsyk = await db.getRepository(ProgrammeEntity).findOneByOrFail({ code: 'BSYK' });
    const hv = await db.getRepository(FacultyEntity).findOneByOrFail({ code: 'HV' });
    const caseId = '4b0c6c52-8a57-4d7e-9c1e-2f1f6a1b0c11';
    await db.getRepository(CentralResourceGroupEntity).insert({ name: 'Sentral ressursgruppe', mailbox: 'cil-sentral@example.org' });
    await db.getRepository(RolloutCaseEntity).insert({ id: caseId, workflowId: `rollout-${caseId}`, programmeId: bsyk.id, facultyId: hv.id, initiatorId: (await person('E1005')).id, stage: 'final_approval', motivation: 'm', proposedActivities: null, expectedStudentsPerYear: 20, initiatorCapacity: 'programme_leader' } as never);
    await db.getRepository(TaskEntity).insert({ id: `rollout-${caseId}:final-approval`, caseType: 'rollout', caseId, workflowId: `rollout-${caseId}`, type: 'final_approval', assigneeId: holder.id, dueAt: new Date('2027-01-15T12:00:00Z') } as never);

    const dir = exampleWith({
      'people.csv': (t) => t.split('\n').filter((l) => !l.startsWith('E1004,')).join('\n').replace('ola.johansen@example.org', 'ola.johansen@oslomet.example'),
      'roles.csv': (t) => t.split('\n').filter((l) => !l.startsWith('E1004,') && !l.includes(',BADT,')).join('\n'),
      'programmes.csv': (t) => t.replace('Master in Advanced Clinical Nursing', 'Master in Advanced Nursing').split('\n').filter((l) => !l.startsWith('BADT,')).join('\n'),
    });
    const dry = await importOrganisation(db, [dir], { ...options, dryRun: true });
    expect(dry.lines).toEqual([
      '~ programme MSYK: change (name_en)',
      '− programme BADT: deactivate',
      '~ person E1002: change (email)',
      '− person E1004: deactivate',
      '− role E1004 head_of_department HV-SHA: end',
      '− role E1006 programme_leader BADT: end',
      '− role S2003 student BADT: end',
      'in all: programme.change 1, programme.deactivate 1, person.change 1, person.deactivate 1, role.end 3',
    ]);
    const outcome = await importOrganisation(db, [dir], options);
    expect(outcome.orphanedTasks).toEqual([expect.objectContaining({ taskId: `rollout-${caseId}:final-approval`, caseId, type: 'final_approval', assigneeId: holder.id })]);
    // Nothing deleted: the person, their task and the programme stay, inactive.
    expect(await person('E1004')).toMatchObject({ active: false, deactivatedAt: expect.any(Date) as unknown });
    expect(await db.getRepository(TaskEntity).findOneByOrFail({ caseId })).toMatchObject({ assigneeId: holder.id, status: 'open' });
    expect(await db.getRepository(ProgrammeEntity).findOneByOrFail({ code: 'BADT' })).toMatchObject({ active: false });
    expect(await db.getRepository(RoleAssignmentEntity).countBy({ personId: holder.id })).toBe(0);
    // The central group and HV's faculty representative (E1003, who reads English) are told, once each.
    const mails = await db.getRepository(MailOutboxEntity).find({ where: { kind: 'organisation_orphaned_tasks' } });
    expect(mails.map((m) => m.recipient).sort()).toEqual(['cil-sentral@example.org', 'kari.olsen@example.org']);
    const toRep = mails.find((m) => m.recipient === 'kari.olsen@example.org')!;
    expect((toRep.content as { subject: string; text: string }).subject).toBe('CIL: 1 open tasks need a new holder');
    expect((toRep.content as { text: string }).text).toContain(`https://cil.example.org/cases/${caseId}`);
    // A deactivated person cannot sign in; the others can.
    const principals = new PrincipalService(new OrganisationRepository(db));
    expect(await principals.byPersonId(holder.id)).toBeUndefined();
    expect(await principals.byEmail('ola.johansen@oslomet.example')).toMatchObject({ name: 'Ola Johansen' });
    // Listed again, the person is active again.
    const back = await importOrganisation(db, [EXAMPLE], { ...options, dryRun: true });
    expect(back.lines).toEqual(expect.arrayContaining(['↑ person E1004: reactivate', '↑ programme BADT: reactivate', '+ role E1004 head_of_department HV-SHA: grant', '+ role S2003 student BADT: grant']));
  });

  it('links the sign-in provider’s subject at the first sign-in, so a changed e-mail address locks nobody out', async () => {
    const principals = new PrincipalService(new OrganisationRepository(db));
    const kari = await person('E1003');
    expect(kari.oidcSub).toBeNull();
    expect(await principals.byProviderIdentity({ sub: 'feide:kari-7', email: 'kari.olsen@example.org' })).toMatchObject({ personId: kari.id });
    expect((await person('E1003')).oidcSub).toBe('feide:kari-7');
    // The university changes her address; the provider still says the old one, or none.
    await importOrganisation(db, [exampleWith({ 'people.csv': (t) => t.replace('kari.olsen@example.org', 'kari.olsen@oslomet.example') })], options);
    expect(await principals.byProviderIdentity({ sub: 'feide:kari-7', email: 'kari.olsen@example.org' })).toMatchObject({ personId: kari.id });
    expect(await principals.byProviderIdentity({ sub: 'feide:kari-7', email: undefined })).toMatchObject({ personId: kari.id });
    // Another subject with her new address does not take her over.
    expect(await principals.byProviderIdentity({ sub: 'feide:someone-else', email: 'kari.olsen@oslomet.example' })).toBeUndefined();
    expect((await person('E1003')).oidcSub).toBe('feide:kari-7');
  });

  it('the demo seed is an import: its people get ids, and people from before imports are matched by e-mail', async () => {
    const fresh = await createTestDatabase();
    try {
      await runMigrations(fresh.url, 20_000);
      const other = await connectWithin(createDataSource(fresh.url, 2), 20_000);
      try {
        // A person from before imports (no id): the seed matches them by e-mail and gives them the id.
        await other.getRepository(PersonEntity).insert({ name: 'Ingrid Hansen', email: 'ingrid.hansen@example.org', preferredLanguage: 'nb' });
        const seeded = await seedDemo(other);
        expect(await other.getRepository(PersonEntity).count()).toBe(seeded.people);
        expect(await other.getRepository(PersonEntity).findOneByOrFail({ email: 'ingrid.hansen@example.org' })).toMatchObject({ externalId: 'demo-0001' });
        await seedDemo(other);
        expect(await other.getRepository(OrganisationChangeEntity).count()).toBe(1);
      } finally {
        await other.destroy();
      }
    } finally {
      await fresh.close();
    }
  });

  it('the administration refuses to end the last membership of the central group', async () => {
    const admin = new OrganisationAdminService(db, {} as never);
    const member = await person('E1007');
    const principal = { personId: member.id, name: member.name, email: member.email, language: 'en' as const, grants: [{ role: 'central_group_member' as const, facultyId: null, departmentId: null, programmeId: null, localGroupRole: null }] };
    const [membership] = await db.getRepository(RoleAssignmentEntity).findBy({ personId: member.id, role: 'central_group_member' });
    await expect(admin.endRole(principal, member.id, membership.id, 'Leaving the group')).rejects.toThrow(/last membership of the central resource group/);
    expect(await db.getRepository(RoleAssignmentEntity).countBy({ role: 'central_group_member' })).toBe(1);
  });
});
