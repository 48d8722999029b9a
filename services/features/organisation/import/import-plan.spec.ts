import { describe, expect, it } from '@jest/globals';
import type { OrganisationImport } from './import-format.js';
import { describePlan, planImport, type Snapshot } from './import-plan.js';

const faculty = { id: 'f1', code: 'HV', nameNb: 'Helse', nameEn: 'Health', active: true };
const department = { id: 'd1', code: 'HV-SHA', facultyId: 'f1', nameNb: 'Sykepleie', nameEn: 'Nursing', active: true };
const programme = { id: 'p1', code: 'BSYK', departmentId: 'd1', nameNb: 'Bachelor i sykepleie', nameEn: 'Bachelor in Nursing', active: true };
const person = (id: string, externalId: string | null, email: string) => ({ id, externalId, name: `Person ${id}`, email, preferredLanguage: 'nb' as const, studentNumber: null, active: true });

const now: Snapshot = {
  faculties: [faculty],
  departments: [department],
  programmes: [programme],
  people: [person('u1', 'E1', 'a@example.org'), person('u2', null, 'b@example.org'), person('u3', 'E3', 'c@example.org')],
  roles: [
    { id: 'r1', personId: 'u1', role: 'programme_leader', facultyId: null, departmentId: null, programmeId: 'p1', localGroupRole: null },
    { id: 'r2', personId: 'u1', role: 'local_group_member', facultyId: null, departmentId: null, programmeId: 'p1', localGroupRole: 'academic_staff' },
    { id: 'r3', personId: 'u3', role: 'dean', facultyId: 'f1', departmentId: null, programmeId: null, localGroupRole: null },
  ],
};

const imp: OrganisationImport = {
  sources: ['test'],
  people: [
    { id: 'E1', name: 'Person u1', email: 'a@example.org', language: 'nb', studentNumber: null },
    { id: 'E2', name: 'Person u2', email: 'b@example.org', language: 'en', studentNumber: null },
  ],
  roles: [{ person: 'E2', role: 'programme_leader', scope: 'BSYK', seat: null }],
};

describe('planning an organisation import', () => {
  it('matches a person without an id by e-mail, deactivates who is missing, and moves roles; local group seats stay', () => {
    const plan = planImport(imp, now);
    expect(describePlan(plan)).toEqual([
      '~ person E2: change (id, language)',
      '− person E3: deactivate',
      '− role E3 dean HV: end',
      '+ role E2 programme_leader BSYK: grant',
      '− role E1 programme_leader BSYK: end',
      'in all: person.change 1, person.deactivate 1, role.end 2, role.grant 1',
    ]);
    expect(plan.people.update).toEqual([{ id: 'u2', values: expect.objectContaining({ externalId: 'E2', preferredLanguage: 'en', active: true }) as unknown }]);
    expect(plan.people.deactivate).toEqual(['u3']);
    expect(plan.roles.end.sort()).toEqual(['r1', 'r3']); // r2, E1's seat in the local group, is not the import's to end
  });

  it('an additive plan (the demo seed) adds and changes, and deactivates and ends nothing', () => {
    const plan = planImport(imp, now, { additive: true });
    expect(plan.people.deactivate).toEqual([]);
    expect(plan.roles.end).toEqual([]);
    expect(plan.roles.grant).toEqual([{ person: 'E2', role: 'programme_leader', scope: 'BSYK', seat: null }]);
  });

  it('a kind the import does not give is left as it is', () => {
    const plan = planImport({ sources: ['test'], programmes: [{ code: 'BSYK', department: 'HV-SHA', nameNb: 'Bachelor i sykepleie', nameEn: 'Bachelor in Nursing' }] }, now);
    expect(plan.changes).toEqual([]);
  });

  it('refuses an e-mail address that belongs to another person', () => {
    expect(() => planImport({ sources: ['test'], people: [{ id: 'E1', name: 'x', email: 'c@example.org', language: 'nb', studentNumber: null }, { id: 'E3', name: 'y', email: 'a@example.org', language: 'nb', studentNumber: null }] }, now)).toThrow(/belongs to another person/);
  });

  it('never ends the roles of people no file can name (no id yet), nor the last central group membership', () => {
    const withCentral: Snapshot = {
      ...now,
      people: [...now.people, person('u4', null, 'd@example.org')],
      roles: [...now.roles, { id: 'r4', personId: 'u4', role: 'central_group_member', facultyId: null, departmentId: null, programmeId: null, localGroupRole: null }],
    };
    // Roles only: u4 has no id, so its membership stays.
    const rolesOnly = planImport({ sources: ['test'], roles: [{ person: 'E1', role: 'programme_leader', scope: 'BSYK', seat: null }] }, withCentral);
    expect(rolesOnly.roles.end).toEqual(['r3']);
    // u4 given an id by e-mail and left without the membership: the last one would end, refused.
    const people = [...imp.people!, { id: 'E3', name: 'Person u3', email: 'c@example.org', language: 'nb' as const, studentNumber: null }, { id: 'E4', name: 'Person u4', email: 'd@example.org', language: 'nb' as const, studentNumber: null }];
    expect(() => planImport({ sources: ['test'], people, roles: [] }, withCentral)).toThrow(/leave nobody in the central resource group/);
    expect(planImport({ sources: ['test'], people, roles: [{ person: 'E4', role: 'central_group_member', scope: null, seat: null }] }, withCentral).roles.end.sort()).toEqual(['r1', 'r3']);
  });
});
