import { Injectable, Optional } from '@nestjs/common';
import { PgListener } from '../../platform/db/pg-listener.js';
import { OrganisationRepository, type PersonWithGrants } from '../organisation/organisation.repository.js';
import type { ProviderIdentity } from './oidc.service.js';
import type { Principal } from './principal.js';

/** The channel the database notifies when a person or their roles change (the PrincipalChanged migration). */
export const PRINCIPAL_CHANNEL = 'principal_changed';
/** However well notifications arrive, no principal is older than this. */
const PRINCIPAL_CACHE_MS = 10_000;
const PRINCIPAL_CACHE_MAX = 10_000;

/**
 * Turns a person id or a verified e-mail address into a Principal with its role grants. Every
 * request asks for one by person id, so those are kept in memory, briefly and only while the
 * database's change notifications arrive: a role granted or ended, a person changed or deactivated,
 * by this process or any other, is forgotten at once (and after 10 s at the latest).
 */
@Injectable()
export class PrincipalService {
  private readonly cache = new Map<string, { principal: Principal | undefined; until: number }>();
  /** Counts what was forgotten, so that a lookup begun before a change does not keep its stale answer. */
  private generation = 0;

  constructor(
    private readonly organisation: OrganisationRepository,
    @Optional() private readonly listener?: PgListener,
  ) {
    organisation.onPersonChanged((personId) => this.forget(personId));
    listener?.subscribe(PRINCIPAL_CHANNEL, {
      notify: (personId) => (personId === '*' ? this.forgetAll() : this.forget(personId)),
      // Notifications sent while not listening are lost: start again from nothing.
      connection: () => this.forgetAll(),
    });
  }

  async byPersonId(personId: string): Promise<Principal | undefined> {
    const cached = this.cache.get(personId);
    if (cached && cached.until > Date.now() && this.listener?.listening) return cached.principal;
    const generation = this.generation;
    const principal = toPrincipal(await this.organisation.personWithGrants({ id: personId }));
    if (this.listener?.listening && generation === this.generation) {
      if (this.cache.size >= PRINCIPAL_CACHE_MAX) this.cache.clear();
      this.cache.set(personId, { principal, until: Date.now() + PRINCIPAL_CACHE_MS });
    }
    return principal;
  }

  /** Forgets one person's principal (this process changed them; the notification follows for the others). */
  forget(personId: string): void {
    this.generation++;
    this.cache.delete(personId);
  }

  forgetAll(): void {
    this.generation++;
    this.cache.clear();
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
