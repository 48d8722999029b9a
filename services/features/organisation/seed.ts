import type { DataSource } from 'typeorm';
import { scopeKeyOf } from '../auth/roles.js';
import {
  CentralResourceGroupEntity,
  DepartmentEntity,
  FacultyEntity,
  PersonEntity,
  ProgrammeEntity,
  RoleAssignmentEntity,
} from '../../platform/db/entities/index.js';
import { CENTRAL_GROUP, FACULTIES, seedPeople } from './seed-data.js';

/**
 * Writes the demo organisation. Idempotent: a second run changes nothing (rows are matched by
 * code and e-mail), so the dev launcher runs it at every start.
 */
export async function seedDemo(db: DataSource): Promise<{ people: number; programmes: number }> {
  return db.transaction(async (tx) => {
    const ids = { faculty: new Map<string, string>(), department: new Map<string, string>(), programme: new Map<string, string>() };
    const upsert = async <T extends { id: string; code: string }>(entity: new () => T, row: Partial<T>, map: Map<string, string>) => {
      await tx.getRepository(entity).upsert(row as never, ['code']);
      const saved = await tx.getRepository(entity).findOneByOrFail({ code: row.code } as never);
      map.set(saved.code, saved.id);
      return saved.id;
    };
    for (const f of FACULTIES) {
      const facultyId = await upsert(FacultyEntity, { code: f.code, nameNb: f.nameNb, nameEn: f.nameEn }, ids.faculty);
      for (const d of f.departments) {
        const departmentId = await upsert(DepartmentEntity, { code: d.code, nameNb: d.nameNb, nameEn: d.nameEn, facultyId }, ids.department);
        for (const p of d.programmes) {
          await upsert(ProgrammeEntity, { code: p.code, nameNb: p.nameNb, nameEn: p.nameEn, departmentId }, ids.programme);
        }
      }
    }
    if (!(await tx.getRepository(CentralResourceGroupEntity).exists())) {
      await tx.getRepository(CentralResourceGroupEntity).insert(CENTRAL_GROUP);
    }
    const people = seedPeople();
    for (const p of people) {
      await tx.getRepository(PersonEntity).upsert({ name: p.name, email: p.email, preferredLanguage: p.language }, ['email']);
      const person = await tx.getRepository(PersonEntity).findOneByOrFail({ email: p.email });
      for (const r of p.roles) {
        const grant = {
          facultyId: r.faculty ? ids.faculty.get(r.faculty)! : null,
          departmentId: r.department ? ids.department.get(r.department)! : null,
          programmeId: r.programme ? ids.programme.get(r.programme)! : null,
        };
        await tx
          .getRepository(RoleAssignmentEntity)
          .upsert({ personId: person.id, role: r.role, ...grant, scopeKey: scopeKeyOf(grant), localGroupRole: r.localGroupRole ?? null }, ['personId', 'role', 'scopeKey']);
      }
    }
    return { people: people.length, programmes: ids.programme.size };
  });
}
