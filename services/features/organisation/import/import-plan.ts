import { scopeKeyOf, ROLE_SCOPE, type LocalGroupRole, type Role } from '../../auth/roles.js';
import type { Language } from '../../../platform/db/entities/index.js';
import { ImportRejected, type ImportProblem, type OrganisationImport } from './import-format.js';

/** What the database holds today, as the plan compares it. */
export interface Snapshot {
  faculties: { id: string; code: string; nameNb: string; nameEn: string; active: boolean }[];
  departments: { id: string; code: string; facultyId: string; nameNb: string; nameEn: string; active: boolean }[];
  programmes: { id: string; code: string; departmentId: string; nameNb: string; nameEn: string; active: boolean }[];
  people: { id: string; externalId: string | null; name: string; email: string; preferredLanguage: Language; studentNumber: string | null; active: boolean }[];
  roles: { id: string; personId: string; role: Role; facultyId: string | null; departmentId: string | null; programmeId: string | null; localGroupRole: LocalGroupRole | null }[];
}

export type Unit = 'faculty' | 'department' | 'programme';
export type Action = 'add' | 'change' | 'reactivate' | 'deactivate' | 'grant' | 'end';

/**
 * One change, as the dry run prints it and the import history keeps it: codes and the
 * university's person ids, and for a change the names of the fields that change (never their
 * values: the history holds no names or e-mail addresses).
 */
export interface Change {
  kind: Unit | 'person' | 'role';
  action: Action;
  /** A code, a person's id, or for a role "person role [scope] [seat]". */
  key: string;
  fields?: string[];
}

interface UnitRow {
  code: string;
  nameNb: string;
  nameEn: string;
  /** The parent's code: a department's faculty, a programme's department. */
  parent?: string;
}

export interface UnitOps {
  insert: UnitRow[];
  update: { id: string; row: UnitRow }[];
  deactivate: string[];
}

/** What applying the import writes, in the order it is written. */
export interface ImportPlan {
  changes: Change[];
  units: Record<Unit, UnitOps>;
  people: {
    insert: { externalId: string; name: string; email: string; preferredLanguage: Language; studentNumber: string | null }[];
    update: { id: string; values: { externalId: string; name: string; email: string; preferredLanguage: Language; studentNumber: string | null; active: true } }[];
    deactivate: string[];
  };
  roles: {
    grant: { person: string; role: Role; scope: string | null; seat: LocalGroupRole | null }[];
    end: string[];
  };
  /** Counts per kind and action, e.g. { 'person.add': 3 }. */
  summary: Record<string, number>;
}

const scopeKind = (role: Role): Unit | undefined => ({ faculty: 'faculty', department: 'department', programme: 'programme', global: undefined } as const)[ROLE_SCOPE[role]];

/**
 * The difference between the import and the database: what to add, change, reactivate and
 * deactivate (never delete). A kind the import does not give is left as it is; a person or unit the
 * import does not list is deactivated; a person without the university's id yet is matched by
 * e-mail and gets it. Roles: the import's roles are the roles, except local group seats (the
 * faculty representative registers the local group in CIL Flow): an import adds seats but ends a
 * seat only of a person it deactivates. An additive plan (the demo seed) adds and changes only.
 * Throws ImportRejected when an e-mail address would move to
 * another person's row.
 */
export function planImport(imp: OrganisationImport, now: Snapshot, mode: { additive?: boolean } = {}): ImportPlan {
  const changes: Change[] = [];
  const problems: ImportProblem[] = [];
  const note = (c: Change) => changes.push(c);
  const codeOf = {
    faculty: new Map(now.faculties.map((u) => [u.id, u.code])),
    department: new Map(now.departments.map((u) => [u.id, u.code])),
    programme: new Map(now.programmes.map((u) => [u.id, u.code])),
  };

  const unitOps = <T extends { id: string; code: string; nameNb: string; nameEn: string; active: boolean }>(kind: Unit, rows: UnitRow[] | undefined, current: T[], parentOf: (u: T) => string | undefined): UnitOps => {
    const ops: UnitOps = { insert: [], update: [], deactivate: [] };
    if (!rows) return ops;
    const byCode = new Map(current.map((u) => [u.code, u]));
    for (const row of rows) {
      const was = byCode.get(row.code);
      if (!was) {
        ops.insert.push(row);
        note({ kind, action: 'add', key: row.code });
        continue;
      }
      const fields = [was.nameNb !== row.nameNb && 'name_nb', was.nameEn !== row.nameEn && 'name_en', row.parent !== undefined && parentOf(was) !== row.parent && (kind === 'department' ? 'faculty' : 'department')].filter((f): f is string => !!f);
      if (fields.length || !was.active) ops.update.push({ id: was.id, row });
      if (!was.active) note({ kind, action: 'reactivate', key: row.code, ...(fields.length ? { fields } : {}) });
      else if (fields.length) note({ kind, action: 'change', key: row.code, fields });
    }
    const listed = new Set(rows.map((r) => r.code));
    for (const u of mode.additive ? [] : current) {
      if (u.active && !listed.has(u.code)) {
        ops.deactivate.push(u.id);
        note({ kind, action: 'deactivate', key: u.code });
      }
    }
    return ops;
  };
  const units: Record<Unit, UnitOps> = {
    faculty: unitOps('faculty', imp.faculties, now.faculties, () => undefined),
    department: unitOps('department', imp.departments?.map((d) => ({ ...d, parent: d.faculty })), now.departments, (d) => codeOf.faculty.get(d.facultyId)),
    programme: unitOps('programme', imp.programmes?.map((p) => ({ ...p, parent: p.department })), now.programmes, (p) => codeOf.department.get(p.departmentId)),
  };

  // People: by the university's id, else (a person from before imports) by e-mail.
  const people: ImportPlan['people'] = { insert: [], update: [], deactivate: [] };
  const externalIdOf = new Map(now.people.map((p) => [p.id, p.externalId]));
  const deactivated = new Set<string>();
  if (imp.people) {
    const byExternal = new Map(now.people.filter((p) => p.externalId).map((p) => [p.externalId!, p]));
    const byEmail = new Map(now.people.map((p) => [p.email, p]));
    const matched = new Set<string>();
    for (const row of imp.people) {
      const was = byExternal.get(row.id) ?? (byEmail.get(row.email)?.externalId ? undefined : byEmail.get(row.email));
      const holder = byEmail.get(row.email);
      if (holder && holder !== was) {
        problems.push({ ...(row.at ?? { file: imp.sources.join(', '), line: 1, column: 1, field: 'email' }), message: `the e-mail address belongs to another person (${holder.externalId ?? 'one without an id'}); change theirs first` });
        continue;
      }
      const values = { externalId: row.id, name: row.name, email: row.email, preferredLanguage: row.language, studentNumber: row.studentNumber, active: true as const };
      if (!was) {
        people.insert.push(values);
        note({ kind: 'person', action: 'add', key: row.id });
        continue;
      }
      matched.add(was.id);
      externalIdOf.set(was.id, row.id);
      const fields = [was.externalId !== row.id && 'id', was.name !== row.name && 'name', was.email !== row.email && 'email', was.preferredLanguage !== row.language && 'language', was.studentNumber !== row.studentNumber && 'student_number'].filter((f): f is string => !!f);
      if (fields.length || !was.active) people.update.push({ id: was.id, values });
      if (!was.active) note({ kind: 'person', action: 'reactivate', key: row.id, ...(fields.length ? { fields } : {}) });
      else if (fields.length) note({ kind: 'person', action: 'change', key: row.id, fields });
    }
    for (const p of mode.additive ? [] : now.people) {
      if (p.active && !matched.has(p.id)) {
        people.deactivate.push(p.id);
        deactivated.add(p.id);
        note({ kind: 'person', action: 'deactivate', key: p.externalId ?? p.email.replace(/^[^@]+/, '…') });
      }
    }
  }
  if (problems.length) throw new ImportRejected(problems);

  // Roles, compared as "person role scope seat" with the person's university id and the scope's code.
  const roleKey = (r: { person: string; role: Role; scope: string | null; seat: LocalGroupRole | null }) => [r.person, r.role, r.scope ?? '', r.seat ?? ''].join(' ').trim();
  const roles: ImportPlan['roles'] = { grant: [], end: [] };
  const currentRoles = now.roles.map((r) => {
    const kind = scopeKind(r.role);
    const scope = kind ? (codeOf[kind].get(scopeKeyOf(r)) ?? null) : null;
    return { id: r.id, personId: r.personId, key: roleKey({ person: externalIdOf.get(r.personId) ?? r.personId, role: r.role, scope, seat: r.localGroupRole }), role: r.role };
  });
  const end = (r: (typeof currentRoles)[number]) => {
    roles.end.push(r.id);
    note({ kind: 'role', action: 'end', key: r.key });
  };
  for (const r of currentRoles) if (deactivated.has(r.personId)) end(r);
  if (imp.roles) {
    const wanted = new Map(imp.roles.map((r) => [roleKey(r), r]));
    const held = new Set(currentRoles.filter((r) => !deactivated.has(r.personId)).map((r) => r.key));
    for (const [key, r] of wanted) {
      if (!held.has(key)) {
        roles.grant.push(r);
        note({ kind: 'role', action: 'grant', key });
      }
    }
    // A person without the university's id cannot be named by a file: their roles are not the files' to end.
    const nameable = (personId: string) => !!externalIdOf.get(personId);
    if (!mode.additive) for (const r of currentRoles) if (!deactivated.has(r.personId) && r.role !== 'local_group_member' && nameable(r.personId) && !wanted.has(r.key)) end(r);
  }

  // Nobody would be left to administer the organisation: refused, whatever else the files say.
  const endedIds = new Set(roles.end);
  const centralLeft = now.roles.filter((r) => r.role === 'central_group_member' && !endedIds.has(r.id)).length + roles.grant.filter((g) => g.role === 'central_group_member').length;
  if (now.roles.some((r) => r.role === 'central_group_member') && centralLeft === 0) {
    throw new ImportRejected([{ file: imp.sources.join(', '), line: 1, column: 1, field: 'role', message: 'the import would leave nobody in the central resource group (central_group_member): list at least one' }]);
  }

  const summary: Record<string, number> = {};
  for (const c of changes) summary[`${c.kind}.${c.action}`] = (summary[`${c.kind}.${c.action}`] ?? 0) + 1;
  return { changes, units, people, roles, summary };
}

/** The plan in words, a line per change, then the counts: what the dry run prints. */
export function describePlan(plan: ImportPlan): string[] {
  const sign: Record<Action, string> = { add: '+', grant: '+', change: '~', reactivate: '↑', deactivate: '−', end: '−' };
  const lines = plan.changes.map((c) => `${sign[c.action]} ${c.kind} ${c.key}: ${c.action}${c.fields ? ` (${c.fields.join(', ')})` : ''}`);
  const counts = Object.entries(plan.summary).map(([k, n]) => `${k} ${n}`);
  lines.push(counts.length ? `in all: ${counts.join(', ')}` : 'no changes: the database already says what the import says');
  return lines;
}
