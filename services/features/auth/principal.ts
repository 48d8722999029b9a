import type { Language } from '../../platform/db/entities/index.js';
import type { Role, RoleGrant } from './roles.js';

/** The person a request acts as, with their role assignments. */
export interface Principal {
  personId: string;
  name: string;
  email: string;
  language: Language;
  grants: RoleGrant[];
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.grants.some((g) => roles.includes(g.role));
}
