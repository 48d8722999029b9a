import { scopeProblem, ROLES } from '../auth/roles.js';
import { FACULTIES, seedPeople } from './seed-data.js';

describe('demo seed', () => {
  const people = seedPeople();
  const programmes: { code: string }[] = FACULTIES.flatMap((f) => f.departments.flatMap((d): readonly { code: string }[] => d.programmes));

  it('has the four faculties of docs/domain.md', () => {
    expect(FACULTIES.map((f) => f.nameEn)).toEqual([
      'Faculty of Health Sciences',
      'Faculty of Education and International Studies',
      'Faculty of Social Sciences',
      'Faculty of Technology, Art and Design',
    ]);
  });

  it('gives every person a unique e-mail on the reserved domain', () => {
    const emails = people.map((p) => p.email);
    expect(new Set(emails).size).toBe(emails.length);
    for (const e of emails) expect(e).toMatch(/^[a-z.0-9]+@example\.org$/);
  });

  it('fills every role, with exactly one holder per role and place', () => {
    const held = new Map<string, number>();
    for (const p of people) for (const r of p.roles) {
      const key = `${r.role}:${r.faculty ?? r.department ?? r.programme ?? 'global'}`;
      held.set(key, (held.get(key) ?? 0) + 1);
    }
    for (const role of ROLES.filter((r) => !['local_group_member', 'student', 'central_group_member'].includes(r))) {
      expect([...held.keys()].some((k) => k.startsWith(`${role}:`))).toBe(true);
    }
    for (const p of programmes) expect(held.get(`programme_leader:${p.code}`)).toBe(1);
    for (const f of FACULTIES) for (const role of ['dean', 'pro_dean', 'section_head', 'faculty_representative']) expect(held.get(`${role}:${f.code}`)).toBe(1);
    expect(held.get('central_group_member:global')).toBeGreaterThanOrEqual(1);
  });

  it('writes only well-formed role assignments', () => {
    for (const p of people) for (const r of p.roles) {
      const grant = { role: r.role, facultyId: r.faculty ?? null, departmentId: r.department ?? null, programmeId: r.programme ?? null, localGroupRole: r.localGroupRole ?? null };
      expect(scopeProblem(grant)).toBeUndefined();
    }
  });

  it('has students who prefer English as well as Norwegian', () => {
    const languages = new Set(people.filter((p) => p.roles.some((r) => r.role === 'student')).map((p) => p.language));
    expect(languages).toEqual(new Set(['nb', 'en']));
  });
});
