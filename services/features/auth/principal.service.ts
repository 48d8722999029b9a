import { Injectable } from '@nestjs/common';
import { OrganisationRepository, type PersonWithGrants } from '../organisation/organisation.repository.js';
import type { ProviderIdentity } from './oidc.service.js';
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

  /**
   * The person the sign-in provider names: by its subject once linked, so that a changed e-mail
   * address locks nobody out; at the first sign-in by verified e-mail, which links the subject to
   * that person. A person already linked to another subject is not taken over by e-mail.
   */
  async byProviderIdentity(identity: ProviderIdentity): Promise<Principal | undefined> {
    if (identity.sub) {
      const linked = await this.organisation.personWithGrants({ oidcSub: identity.sub });
      if (linked) return toPrincipal(linked);
    }
    if (!identity.email) return undefined;
    const person = await this.organisation.personWithGrants({ email: identity.email });
    if (!person || !identity.sub) return toPrincipal(person);
    return (await this.organisation.linkProviderSubject(person.id, identity.sub)) ? toPrincipal(person) : undefined;
  }
}

/** Only an active person signs in: one an import deactivated keeps their history, not their access. */
function toPrincipal(person: PersonWithGrants | undefined): Principal | undefined {
  if (!person?.active) return undefined;
  return { personId: person.id, name: person.name, email: person.email, language: person.preferredLanguage, grants: person.grants };
}
