import type { DataSource } from 'typeorm';
import { CentralResourceGroupEntity } from '../../platform/db/entities/index.js';
import type { OrganisationImport } from './import/import-format.js';
import { applyImport } from './import/organisation-import.js';
import { CENTRAL_GROUP, FACULTIES, seedPeople } from './seed-data.js';

/** The demo organisation as an organisation import (the same rows an import file holds; see README). */
export function seedAsImport(): OrganisationImport {
  const people = seedPeople().map((p, i) => ({ ...p, id: `demo-${String(i + 1).padStart(4, '0')}` }));
  return {
    sources: ['demo seed'],
    faculties: FACULTIES.map((f) => ({ code: f.code, nameNb: f.nameNb, nameEn: f.nameEn })),
    departments: FACULTIES.flatMap((f) => f.departments.map((d) => ({ code: d.code, faculty: f.code, nameNb: d.nameNb, nameEn: d.nameEn }))),
    programmes: FACULTIES.flatMap((f) => f.departments.flatMap((d) => d.programmes.map((p) => ({ code: p.code, department: d.code, nameNb: p.nameNb, nameEn: p.nameEn })))),
    people: people.map((p) => ({ id: p.id, name: p.name, email: p.email, language: p.language, studentNumber: p.roles.some((r) => r.role === 'student') ? `9${p.id.slice(5)}` : null })),
    roles: people.flatMap((p) => p.roles.map((r) => ({ person: p.id, role: r.role, scope: r.faculty ?? r.department ?? r.programme ?? null, seat: r.localGroupRole ?? null }))),
  };
}

/**
 * Writes the demo organisation, as an additive import: a second run changes nothing (rows are
 * matched by code, the person's id, or e-mail), so the dev launcher runs it at every start.
 */
export async function seedDemo(db: DataSource): Promise<{ people: number; programmes: number }> {
  const imp = seedAsImport();
  // Additive: it deactivates nobody, so no task loses its holder and no notice needs a link.
  await applyImport(db, imp, undefined, { actor: 'demo seed', publicUrl: '', additive: true });
  if (!(await db.getRepository(CentralResourceGroupEntity).exists())) await db.getRepository(CentralResourceGroupEntity).insert(CENTRAL_GROUP);
  return { people: imp.people!.length, programmes: imp.programmes!.length };
}
