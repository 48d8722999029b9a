import { Injectable } from '@nestjs/common';
import { OrganisationRepository, type PersonWithGrants } from '../organisation/organisation.repository.js';
import type { Principal } from './principal.js';

/** Turns a person id or a verified e-mail address into a Principal with its role grants. */
@Injectable()
export class PrincipalService {
  constructor(private readonly organisation: OrganisationRepository) {}

  async byPersonId(personId: string): Promise<Principal | undefined> {
    return toPrincipal(await this.organisation.personWithGrants({ id: personId }));
  }

  async byEmail(email: string): Promise<Principal | undefined> {
    return toPrincipal(await this.organisation.personWithGrants({ email }));
  }
}

function toPrincipal(person: PersonWithGrants | undefined): Principal | undefined {
  return person && { personId: person.id, name: person.name, email: person.email, language: person.preferredLanguage, grants: person.grants };
}
