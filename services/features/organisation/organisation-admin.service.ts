import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { Brackets, DataSource } from 'typeorm';
import { hasAnyRole, type Principal } from '../auth/principal.js';
import { LOCAL_GROUP_ROLES, ROLE_SCOPE, ROLES, scopeKeyOf, scopeProblem, type LocalGroupRole, type Role } from '../auth/roles.js';
import { ValidationFailed } from '../../platform/http/errors.js';
import { DepartmentEntity, FacultyEntity, OrganisationChangeEntity, PersonEntity, ProgrammeEntity, RoleAssignmentEntity } from '../../platform/db/entities/index.js';
import { handOverThrough, handOverTasksOfEndedRoles, type TaskHandover } from './import/organisation-import.js';

export const PEOPLE_PAGE_SIZE = 50;

export interface RoleView {
  id: string;
  role: Role;
  /** The scope's code (faculty, department or programme), null for a global role. */
  scope: string | null;
  seat: LocalGroupRole | null;
  since: Date;
}

export interface PersonView {
  id: string;
  externalId: string | null;
  name: string;
  email: string;
  active: boolean;
  roles: RoleView[];
}

export interface AssignRole {
  role: string;
  scope: string;
  seat: string;
  reason: string;
}

/**
 * The central group's administration of people and their roles (the pages under /organisation):
 * search people, assign and end a role with a reason, read the history of imports and changes.
 * Ending a role that someone else now holds moves the open tasks it gave, as an import does.
 */
@Injectable()
export class OrganisationAdminService {
  constructor(
    private readonly db: DataSource,
    private readonly temporal: Client,
  ) {}

  /** Only the central group administers the organisation. */
  mayAdminister(principal: Principal): boolean {
    return hasAnyRole(principal, ['central_group_member']);
  }

  private guard(principal: Principal): void {
    if (!this.mayAdminister(principal)) throw new ForbiddenException('only the central resource group administers people and roles');
  }

  /** People whose name, e-mail address or id contains `q` (any case), by name, a page at a time. */
  async searchPeople(principal: Principal, q: string, page: number): Promise<{ people: PersonView[]; total: number }> {
    this.guard(principal);
    const query = this.db.getRepository(PersonEntity).createQueryBuilder('p').orderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC');
    const term = q.trim().toLowerCase();
    if (term) {
      const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.where(new Brackets((w) => w.where('lower(p.name) LIKE :like', { like }).orWhere('p.email LIKE :like', { like }).orWhere('lower(p.external_id) LIKE :like', { like })));
    }
    const [people, total] = await query.skip((page - 1) * PEOPLE_PAGE_SIZE).take(PEOPLE_PAGE_SIZE).getManyAndCount();
    const roles = await this.rolesOf(people.map((p) => p.id));
    return { people: people.map((p) => ({ id: p.id, externalId: p.externalId, name: p.name, email: p.email, active: p.active, roles: roles.get(p.id) ?? [] })), total };
  }

  async person(principal: Principal, id: string): Promise<PersonView> {
    this.guard(principal);
    const p = await this.db.getRepository(PersonEntity).findOneBy({ id });
    if (!p) throw new NotFoundException('no person with that id');
    return { id: p.id, externalId: p.externalId, name: p.name, email: p.email, active: p.active, roles: (await this.rolesOf([p.id])).get(p.id) ?? [] };
  }

  /** The codes a role's scope may name, per kind (active ones only), for the pickers. */
  async scopes(): Promise<Record<'faculty' | 'department' | 'programme', { code: string; nameNb: string; nameEn: string }[]>> {
    const opts = { where: { active: true }, order: { code: 'ASC' as const }, select: { id: true, code: true, nameNb: true, nameEn: true } };
    const [faculty, department, programme] = await Promise.all([this.db.getRepository(FacultyEntity).find(opts), this.db.getRepository(DepartmentEntity).find(opts), this.db.getRepository(ProgrammeEntity).find(opts)]);
    return { faculty, department, programme };
  }

  async assignRole(principal: Principal, personId: string, input: AssignRole): Promise<RoleView> {
    this.guard(principal);
    const person = await this.person(principal, personId);
    const problems: { field: string; problems: string[] }[] = [];
    const reason = input.reason.trim();
    if (reason.length < 3 || reason.length > 500) problems.push({ field: 'reason', problems: ['reason must be 3 to 500 characters'] });
    if (!(ROLES as readonly string[]).includes(input.role)) problems.push({ field: 'role', problems: [`role must be one of ${ROLES.join(', ')}`] });
    if (!person.active) problems.push({ field: 'role', problems: ['the person is not active: the next import that lists them makes them active again'] });
    if (problems.length) throw new ValidationFailed(problems);
    const role = input.role as Role;
    const kind = ROLE_SCOPE[role];
    let scopeId: string | null = null;
    if (kind !== 'global') {
      const entity = { faculty: FacultyEntity, department: DepartmentEntity, programme: ProgrammeEntity }[kind];
      const unit = input.scope ? await this.db.getRepository(entity).findOneBy({ code: input.scope, active: true }) : null;
      if (!unit) throw new ValidationFailed([{ field: 'scope', problems: [`${role} needs a ${kind}: choose one`] }]);
      scopeId = unit.id;
    }
    const grant = {
      role,
      facultyId: kind === 'faculty' ? scopeId : null,
      departmentId: kind === 'department' ? scopeId : null,
      programmeId: kind === 'programme' ? scopeId : null,
      localGroupRole: role === 'local_group_member' ? ((LOCAL_GROUP_ROLES as readonly string[]).includes(input.seat) ? (input.seat as LocalGroupRole) : null) : null,
    };
    const problem = scopeProblem(grant) ?? (kind === 'global' && input.scope ? `${role} applies everywhere: choose no scope` : undefined);
    if (problem) throw new ValidationFailed([{ field: role === 'local_group_member' && !grant.localGroupRole ? 'seat' : 'scope', problems: [problem] }]);
    const saved = await this.db.transaction(async (tx) => {
      const inserted = await tx.createQueryBuilder().insert().into(RoleAssignmentEntity).values({ personId, ...grant, scopeKey: scopeKeyOf(grant) }).orIgnore().returning(['id', 'createdAt']).execute();
      const row = inserted.raw as { id: string; created_at: Date }[];
      if (!row.length) throw new ConflictException('the person holds this role there already');
      await this.record(tx.getRepository(OrganisationChangeEntity), principal, 'grant', `${person.externalId ?? person.id} ${role}${input.scope && kind !== 'global' ? ` ${input.scope}` : ''}${grant.localGroupRole ? ` ${grant.localGroupRole}` : ''}`, reason);
      return { id: row[0].id, since: row[0].created_at };
    });
    // A confirming seat given may change who confirms the programme's certificates.
    if (role === 'local_group_member' && grant.programmeId && (grant.localGroupRole === 'administrative_resource' || grant.localGroupRole === 'academic_coordinator')) {
      await handOverTasksOfEndedRoles(this.db, [], handOverThrough(this.temporal), undefined, [grant.programmeId]);
    }
    return { id: saved.id, role, scope: kind === 'global' ? null : input.scope, seat: grant.localGroupRole, since: saved.since };
  }

  /** Ends a role with a reason; open tasks it gave move to whoever holds it there now (if anyone). */
  async endRole(principal: Principal, personId: string, roleId: string, reason: string): Promise<TaskHandover[]> {
    // (the hand-overs answered: moved rollout tasks, and certificates whose open confirmations moved)
    this.guard(principal);
    const person = await this.person(principal, personId);
    if (reason.trim().length < 3 || reason.trim().length > 500) throw new ValidationFailed([{ field: 'reason', problems: ['reason must be 3 to 500 characters'] }]);
    const role = await this.db.getRepository(RoleAssignmentEntity).findOneBy({ id: roleId, personId });
    if (!role) throw new NotFoundException('the person holds no such role');
    if (role.role === 'central_group_member' && (await this.db.getRepository(RoleAssignmentEntity).countBy({ role: 'central_group_member' })) <= 1) {
      throw new ConflictException('this is the last membership of the central resource group: assign the role to someone else first');
    }
    const view = person.roles.find((r) => r.id === roleId)!;
    await this.db.transaction(async (tx) => {
      await tx.getRepository(RoleAssignmentEntity).delete({ id: roleId });
      await this.record(tx.getRepository(OrganisationChangeEntity), principal, 'end', `${person.externalId ?? person.id} ${view.role}${view.scope ? ` ${view.scope}` : ''}${view.seat ? ` ${view.seat}` : ''}`, reason.trim());
    });
    return handOverTasksOfEndedRoles(this.db, [role], handOverThrough(this.temporal));
  }

  /** The history of imports and administration changes, newest first. */
  async history(principal: Principal, limit = 100): Promise<OrganisationChangeEntity[]> {
    this.guard(principal);
    return this.db.getRepository(OrganisationChangeEntity).find({ order: { at: 'DESC' }, take: limit });
  }

  /** Names of the people who made changes (actors that are person ids). */
  async actorNames(actors: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(actors.filter((a) => /^[0-9a-f-]{36}$/.test(a)))];
    if (!ids.length) return new Map();
    return new Map((await this.db.getRepository(PersonEntity).createQueryBuilder('p').select(['p.id', 'p.name']).where('p.id IN (:...ids)', { ids }).getMany()).map((p) => [p.id, p.name]));
  }

  private async record(repo: ReturnType<DataSource['getRepository']>, principal: Principal, action: 'grant' | 'end', key: string, reason: string): Promise<void> {
    await repo.insert({ actor: principal.personId, kind: 'role', source: 'administration page', summary: { [`role.${action}`]: 1 }, changes: [{ kind: 'role', action, key, reason }] });
  }

  private async rolesOf(personIds: string[]): Promise<Map<string, RoleView[]>> {
    if (!personIds.length) return new Map();
    const rows: { id: string; personId: string; role: Role; seat: LocalGroupRole | null; since: Date; scope: string | null }[] = await this.db.query(
      `SELECT r.id, r.person_id AS "personId", r.role, r.local_group_role AS seat, r.created_at AS since, coalesce(p.code, d.code, f.code) AS scope
         FROM role_assignment r
         LEFT JOIN programme p ON p.id = r.programme_id LEFT JOIN department d ON d.id = r.department_id LEFT JOIN faculty f ON f.id = r.faculty_id
        WHERE r.person_id = ANY($1) ORDER BY r.role, scope`,
      [personIds],
    );
    const out = new Map<string, RoleView[]>();
    for (const r of rows) out.set(r.personId, [...(out.get(r.personId) ?? []), { id: r.id, role: r.role, scope: r.scope, seat: r.seat, since: r.since }]);
    return out;
  }
}
