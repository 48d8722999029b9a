import { Injectable } from '@nestjs/common';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import type { Principal } from './principal.js';

/** Turns a person id or a verified e-mail address into a Principal with its role grants. */
@Injectable()
export class PrincipalService {
  constructor(private readonly organisation: OrganisationRepository) {}

  async byPersonId(personId: string): Promise<Principal | undefined> {
    const person = await this.organisation.findPersonById(personId);
    return person ? this.withRoles(person) : undefined;
  }

  async byEmail(email: string): Promise<Principal | undefined> {
    const person = await this.organisation.findPersonByEmail(email);
    return person ? this.withRoles(person) : undefined;
  }

  private async withRoles(person: { id: string; name: string; email: string; preferredLanguage: Principal['language'] }): Promise<Principal> {
    const roles = await this.organisation.rolesOf(person.id);
    return {
      personId: person.id,
      name: person.name,
      email: person.email,
      language: person.preferredLanguage,
      grants: roles.map((r) => ({
        role: r.role,
        facultyId: r.facultyId,
        departmentId: r.departmentId,
        programmeId: r.programmeId,
        localGroupRole: r.localGroupRole,
      })),
    };
  }
}
