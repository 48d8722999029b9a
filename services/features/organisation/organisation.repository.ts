import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  CentralResourceGroupEntity,
  PersonEntity,
  ProgrammeEntity,
  RoleAssignmentEntity,
  type Language,
} from '../../platform/db/entities/index.js';
import type { RoleGrant } from '../auth/roles.js';

export interface PersonWithGrants {
  id: string;
  name: string;
  email: string;
  preferredLanguage: Language;
  active: boolean;
  grants: RoleGrant[];
}

/** Reads of the organisation: the only place its queries live. */
@Injectable()
export class OrganisationRepository {
  private readonly changeListeners = new Set<(personId: string) => void>();

  constructor(private readonly db: DataSource) {}

  /** Called when this process changes a person or their roles (other processes learn it from the database's notification). */
  onPersonChanged(listener: (personId: string) => void): void {
    this.changeListeners.add(listener);
  }

  /** Tells this process's caches, at once, that the person or their roles changed. */
  personChanged(personId: string): void {
    for (const listener of this.changeListeners) listener(personId);
  }

  /**
   * A person with their role grants, by id or by (lower-cased) e-mail, in one query: every
   * authenticated request asks it.
   */
  async personWithGrants(by: { id: string } | { email: string } | { oidcSub: string }): Promise<PersonWithGrants | undefined> {
    const [where, value] = 'id' in by ? ['p.id = $1', by.id] : 'email' in by ? ['p.email = $1', by.email.trim().toLowerCase()] : ['p.oidc_sub = $1', by.oidcSub];
    const rows: PersonWithGrants[] = await this.db.query(
      `SELECT p.id, p.name, p.email, p.preferred_language AS "preferredLanguage", p.active,
              coalesce(json_agg(json_build_object('role', r.role, 'facultyId', r.faculty_id, 'departmentId', r.department_id,
                                                  'programmeId', r.programme_id, 'localGroupRole', r.local_group_role) ORDER BY r.role)
                         FILTER (WHERE r.id IS NOT NULL), '[]') AS grants
         FROM person p LEFT JOIN role_assignment r ON r.person_id = p.id
        WHERE ${where}
        GROUP BY p.id`,
      [value],
    );
    return rows[0];
  }

  /** Links the sign-in provider's subject to the person, unless they are linked to another one already; true when linked to `sub`. */
  async linkProviderSubject(personId: string, sub: string): Promise<boolean> {
    await this.db.getRepository(PersonEntity).createQueryBuilder().update().set({ oidcSub: sub }).where('id = :personId AND oidc_sub IS NULL', { personId }).execute();
    const person = await this.db.getRepository(PersonEntity).findOne({ where: { id: personId }, select: { id: true, oidcSub: true } });
    return person?.oidcSub === sub;
  }

  /** The active people (those an import has not deactivated) with their roles. */
  listPeopleWithRoles(): Promise<{ person: PersonEntity; roles: RoleAssignmentEntity[] }[]> {
    return Promise.all([
      this.db.getRepository(PersonEntity).find({ where: { active: true }, order: { name: 'ASC' } }),
      this.db.getRepository(RoleAssignmentEntity).find(),
    ]).then(([people, roles]) =>
      people.map((person) => ({ person, roles: roles.filter((r) => r.personId === person.id) })),
    );
  }

  listProgrammes(): Promise<ProgrammeEntity[]> {
    return this.db.getRepository(ProgrammeEntity).find({
      relations: { department: { faculty: true } },
      order: { code: 'ASC' },
    });
  }

  findProgramme(id: string): Promise<ProgrammeEntity | null> {
    return this.db.getRepository(ProgrammeEntity).findOne({ where: { id }, relations: { department: { faculty: true } } });
  }

  centralGroup(): Promise<CentralResourceGroupEntity | null> {
    return this.db.getRepository(CentralResourceGroupEntity).findOne({ where: {} });
  }

  /** Sets the language a person reads CIL Flow in (pages and e-mail); false when there is no such person. */
  async setPreferredLanguage(personId: string, language: Language): Promise<boolean> {
    const result = await this.db.getRepository(PersonEntity).update({ id: personId }, { preferredLanguage: language });
    this.personChanged(personId);
    return (result.affected ?? 0) > 0;
  }

  /** Which of these people are students of the programme. */
  async studentsOfProgramme(personIds: string[], programmeId: string): Promise<Set<string>> {
    if (!personIds.length) return new Set();
    const grants = await this.db.getRepository(RoleAssignmentEntity).findBy({ personId: In([...new Set(personIds)]), role: 'student', programmeId });
    return new Set(grants.map((g) => g.personId));
  }

  /** The people with these ids (those that exist), by id. */
  async peopleById(ids: string[]): Promise<Map<string, PersonEntity>> {
    const unique = [...new Set(ids)];
    const people = unique.length ? await this.db.getRepository(PersonEntity).findBy({ id: In(unique) }) : [];
    return new Map(people.map((p) => [p.id, p]));
  }
}
