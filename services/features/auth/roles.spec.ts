import { ROLES, ROLE_SCOPE, scopeKeyOf, scopeProblem, type RoleGrant } from './roles.js';

const grant = (g: Partial<RoleGrant> & Pick<RoleGrant, 'role'>): RoleGrant => ({
  facultyId: null,
  departmentId: null,
  programmeId: null,
  localGroupRole: null,
  ...g,
});

describe('role assignments', () => {
  it('give every role a scope', () => {
    for (const role of ROLES) expect(ROLE_SCOPE[role]).toBeDefined();
  });

  it('accept the scope a role needs and nothing else', () => {
    expect(scopeProblem(grant({ role: 'dean', facultyId: 'f' }))).toBeUndefined();
    expect(scopeProblem(grant({ role: 'dean', programmeId: 'p' }))).toMatch(/needs exactly a faculty/);
    expect(scopeProblem(grant({ role: 'head_of_department', departmentId: 'd' }))).toBeUndefined();
    expect(scopeProblem(grant({ role: 'central_group_member' }))).toBeUndefined();
    expect(scopeProblem(grant({ role: 'central_group_member', facultyId: 'f' }))).toMatch(/takes no faculty/);
    expect(scopeProblem(grant({ role: 'student', programmeId: 'p', facultyId: 'f' }))).toMatch(/exactly a programme/);
  });

  it('need a seat for local group members, and only for them', () => {
    expect(scopeProblem(grant({ role: 'local_group_member', programmeId: 'p' }))).toMatch(/needs a local group role/);
    expect(scopeProblem(grant({ role: 'local_group_member', programmeId: 'p', localGroupRole: 'student' }))).toBeUndefined();
    expect(scopeProblem(grant({ role: 'student', programmeId: 'p', localGroupRole: 'student' }))).toMatch(/only local_group_member/);
  });

  it('key their uniqueness on the scope', () => {
    expect(scopeKeyOf({ facultyId: 'f', departmentId: null, programmeId: null })).toBe('f');
    expect(scopeKeyOf({ facultyId: null, departmentId: null, programmeId: 'p' })).toBe('p');
    expect(scopeKeyOf({ facultyId: null, departmentId: null, programmeId: null })).toBe('global');
  });
});
