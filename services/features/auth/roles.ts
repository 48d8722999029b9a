/** Roles from docs/domain.md, "Organisation and roles". Stored in role_assignment.role. */
export const ROLES = [
  'programme_leader', // studieleder
  'section_head', // seksjonssjef for studieadministrasjon og internasjonalisering
  'head_of_department', // instituttleder
  'dean', // dekan
  'pro_dean', // prodekan for studier og internasjonalisering
  'faculty_representative', // fakultetets representant i den sentrale ressursgruppen
  'central_group_member', // sentral ressursgruppe
  'local_group_member', // lokal ressursgruppe
  'student',
] as const;
export type Role = (typeof ROLES)[number];

export type RoleScope = 'faculty' | 'department' | 'programme' | 'global';

/** Where each role applies. */
export const ROLE_SCOPE: Record<Role, RoleScope> = {
  programme_leader: 'programme',
  section_head: 'faculty',
  head_of_department: 'department',
  dean: 'faculty',
  pro_dean: 'faculty',
  faculty_representative: 'faculty',
  central_group_member: 'global',
  local_group_member: 'programme',
  student: 'programme',
};

/** The seats of a local resource group (lokal ressursgruppe). */
export const LOCAL_GROUP_ROLES = [
  'administrative_resource', // administrativ ressurs
  'academic_coordinator', // vitenskapelig internasjonal koordinator
  'academic_staff', // representant for UF-personalet
  'student', // studentrepresentant
] as const;
export type LocalGroupRole = (typeof LOCAL_GROUP_ROLES)[number];

export interface RoleGrant {
  role: Role;
  facultyId: string | null;
  departmentId: string | null;
  programmeId: string | null;
  localGroupRole: LocalGroupRole | null;
}

/** A role assignment is well-formed when it carries exactly the scope its role needs. */
export function scopeProblem(grant: RoleGrant): string | undefined {
  const scope = ROLE_SCOPE[grant.role];
  const has = {
    faculty: grant.facultyId !== null,
    department: grant.departmentId !== null,
    programme: grant.programmeId !== null,
  };
  const set = (Object.keys(has) as (keyof typeof has)[]).filter((k) => has[k]);
  if (scope === 'global' && set.length > 0) return `${grant.role} applies everywhere and takes no ${set.join('/')}`;
  if (scope !== 'global' && (set.length !== 1 || set[0] !== scope)) return `${grant.role} needs exactly a ${scope}`;
  if ((grant.role === 'local_group_member') !== (grant.localGroupRole !== null)) {
    return grant.role === 'local_group_member' ? 'local_group_member needs a local group role' : 'only local_group_member takes a local group role';
  }
  return undefined;
}

/** The value of role_assignment.scope_key for a grant. */
export function scopeKeyOf(grant: Pick<RoleGrant, 'facultyId' | 'departmentId' | 'programmeId'>): string {
  return grant.programmeId ?? grant.departmentId ?? grant.facultyId ?? 'global';
}
