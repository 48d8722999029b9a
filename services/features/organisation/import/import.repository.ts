import { In, type DataSource, type EntityManager } from 'typeorm';
import { scopeKeyOf, ROLE_SCOPE } from '../../auth/roles.js';
import { DepartmentEntity, FacultyEntity, OrganisationChangeEntity, PersonEntity, ProgrammeEntity, RoleAssignmentEntity, TaskEntity } from '../../../platform/db/entities/index.js';
import type { CurrentCodes } from './import-format.js';
import type { ImportPlan, Snapshot, Unit } from './import-plan.js';

/** Rows per INSERT: large imports write in chunks. */
const CHUNK = 1000;

const chunks = <T>(rows: T[]): T[][] => Array.from({ length: Math.ceil(rows.length / CHUNK) }, (_, i) => rows.slice(i * CHUNK, (i + 1) * CHUNK));

/** An open task held by a person the import deactivates: to be given to someone else. */
export interface OrphanedTask {
  taskId: string;
  caseType: string;
  caseId: string;
  type: string;
  assigneeId: string;
  dueAt: Date;
}

/** The organisation's tables as the import reads and writes them: the only place its queries live. */
export class OrganisationImportRepository {
  constructor(private readonly db: DataSource) {}

  async snapshot(): Promise<Snapshot> {
    const [faculties, departments, programmes, people, roles] = await Promise.all([
      this.db.getRepository(FacultyEntity).find(),
      this.db.getRepository(DepartmentEntity).find(),
      this.db.getRepository(ProgrammeEntity).find(),
      this.db.getRepository(PersonEntity).find({ select: { id: true, externalId: true, name: true, email: true, preferredLanguage: true, studentNumber: true, active: true } }),
      this.db.getRepository(RoleAssignmentEntity).find(),
    ]);
    return { faculties, departments, programmes, people, roles };
  }

  static codes(s: Snapshot): CurrentCodes {
    return {
      faculties: new Set(s.faculties.filter((u) => u.active).map((u) => u.code)),
      departments: new Set(s.departments.filter((u) => u.active).map((u) => u.code)),
      programmes: new Set(s.programmes.filter((u) => u.active).map((u) => u.code)),
      people: new Set(s.people.filter((p) => p.active && p.externalId).map((p) => p.externalId!)),
    };
  }

  /**
   * Writes the plan in one transaction, with its record in the import history, and answers the
   * open tasks of the people it deactivated. `progress` hears how far it is on a large import.
   */
  async apply(plan: ImportPlan, record: { actor: string; source: string }, progress: (msg: string) => void = () => {}): Promise<OrphanedTask[]> {
    return this.db.transaction(async (tx) => {
      await this.writeUnit(tx, FacultyEntity, plan.units.faculty, () => ({}));
      const facultyIds = await this.idsByCode(tx, FacultyEntity);
      await this.writeUnit(tx, DepartmentEntity, plan.units.department, (parent) => ({ facultyId: facultyIds.get(parent!)! }));
      const departmentIds = await this.idsByCode(tx, DepartmentEntity);
      await this.writeUnit(tx, ProgrammeEntity, plan.units.programme, (parent) => ({ departmentId: departmentIds.get(parent!)! }));
      const programmeIds = await this.idsByCode(tx, ProgrammeEntity);

      const people = tx.getRepository(PersonEntity);
      let written = 0;
      const total = plan.people.insert.length + plan.people.update.length;
      const tick = (n: number) => {
        const before = Math.floor(written / 2000);
        written += n;
        if (total >= 2000 && Math.floor(written / 2000) > before) progress(`people: ${written} of ${total} written`);
      };
      for (const chunk of chunks(plan.people.insert)) {
        await people.insert(chunk);
        tick(chunk.length);
      }
      for (const u of plan.people.update) {
        await people.update({ id: u.id }, { ...u.values, deactivatedAt: null });
        tick(1);
      }
      for (const ids of chunks(plan.people.deactivate)) await people.update({ id: In(ids) }, { active: false, deactivatedAt: new Date() });

      const roles = tx.getRepository(RoleAssignmentEntity);
      for (const ids of chunks(plan.roles.end)) await roles.delete({ id: In(ids) });
      if (plan.roles.grant.length) {
        const personIds = new Map((await people.find({ select: { id: true, externalId: true }, where: { externalId: In([...new Set(plan.roles.grant.map((g) => g.person))]) } })).map((p) => [p.externalId!, p.id]));
        const scopeIds: Record<Unit, Map<string, string>> = { faculty: facultyIds, department: departmentIds, programme: programmeIds };
        const rows = plan.roles.grant.map((g) => {
          const scope = ROLE_SCOPE[g.role];
          const id = scope === 'global' ? null : scopeIds[scope].get(g.scope!)!;
          const grant = { facultyId: scope === 'faculty' ? id : null, departmentId: scope === 'department' ? id : null, programmeId: scope === 'programme' ? id : null };
          return { personId: personIds.get(g.person)!, role: g.role, ...grant, scopeKey: scopeKeyOf(grant), localGroupRole: g.seat };
        });
        for (const chunk of chunks(rows)) await roles.insert(chunk);
      }

      await tx.getRepository(OrganisationChangeEntity).insert({ actor: record.actor, kind: 'import', source: record.source, summary: plan.summary, changes: plan.changes });
      if (!plan.people.deactivate.length) return [];
      const open = await tx.getRepository(TaskEntity).find({ where: { assigneeId: In(plan.people.deactivate), status: 'open' }, order: { dueAt: 'ASC' } });
      return open.map((t) => ({ taskId: t.id, caseType: t.caseType, caseId: t.caseId, type: t.type, assigneeId: t.assigneeId, dueAt: t.dueAt }));
    });
  }

  private async writeUnit<E extends FacultyEntity | DepartmentEntity | ProgrammeEntity>(
    tx: EntityManager,
    entity: new () => E,
    ops: ImportPlan['units'][Unit],
    parentOf: (parentCode: string | undefined) => Partial<E>,
  ): Promise<void> {
    const repo = tx.getRepository(entity);
    const values = (r: (typeof ops.insert)[number]) => ({ code: r.code, nameNb: r.nameNb, nameEn: r.nameEn, ...parentOf(r.parent) }) as never;
    for (const chunk of chunks(ops.insert)) await repo.insert(chunk.map(values));
    for (const u of ops.update) await repo.update({ id: u.id } as never, { ...(values(u.row) as object), active: true } as never);
    for (const ids of chunks(ops.deactivate)) await repo.update({ id: In(ids) } as never, { active: false } as never);
  }

  private async idsByCode(tx: EntityManager, entity: typeof FacultyEntity | typeof DepartmentEntity | typeof ProgrammeEntity): Promise<Map<string, string>> {
    const rows = (await tx.getRepository(entity).find({ select: { id: true, code: true } })) as { id: string; code: string }[];
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  /** The import history, newest first. */
  history(limit = 50): Promise<OrganisationChangeEntity[]> {
    return this.db.getRepository(OrganisationChangeEntity).find({ order: { at: 'DESC' }, take: limit });
  }
}
