import type { RoleGrant } from './roles.js';
import { safeReturnTo, signInLanding } from './auth.controller.js';

describe('sign-in return paths', () => {
  it.each([
    ['/api/me', '/api/me'],
    ['/cases?stage=open', '/cases?stage=open'],
    ['/tasks/1?x=2', '/tasks/1?x=2'],
    ['//evil.example.com', '/'],
    ['/\\evil.example.com', '/'],
    ['https://evil.example.com', '/'],
    ['', '/'],
    [undefined, '/'],
  ])('%s → %s', (given, expected) => {
    expect(safeReturnTo(given)).toBe(expected);
  });
});

describe('where sign-in lands', () => {
  const grant = (role: RoleGrant['role']): RoleGrant => ({ role, facultyId: null, departmentId: null, programmeId: null, localGroupRole: null });
  const student = { grants: [grant('student')] };
  const studentInGroup = { grants: [grant('student'), grant('local_group_member')] };
  const staff = { grants: [] };

  it('takes a student, and nothing else, to My certificate instead of My tasks', () => {
    expect(signInLanding(student, undefined)).toBe('/certificates');
    expect(signInLanding(student, '/')).toBe('/certificates');
    expect(signInLanding(student, '//evil.example.com')).toBe('/certificates');
  });

  it('takes everyone else to My tasks', () => {
    expect(signInLanding(staff, undefined)).toBe('/');
    expect(signInLanding(studentInGroup, '/')).toBe('/');
    expect(signInLanding({ grants: [grant('central_group_member')] }, undefined)).toBe('/');
  });

  it('goes back to the page the sign-in started from, for students too', () => {
    expect(signInLanding(student, '/certificates/1')).toBe('/certificates/1');
    expect(signInLanding(student, '/?status=completed')).toBe('/?status=completed');
    expect(signInLanding(staff, '/cases')).toBe('/cases');
  });
});
