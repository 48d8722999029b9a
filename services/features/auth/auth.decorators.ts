import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from './roles.js';
import type { Principal } from './principal.js';

export const PUBLIC_KEY = 'cil:public';
export const ROLES_KEY = 'cil:roles';

/** Open to anyone, signed in or not. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only for people holding at least one of these roles (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The request as the guard leaves it: who it acts as, and the session that says so (none for OpenID bearer tokens). */
export type RequestWithPrincipal = Request & { principal?: Principal; sessionId?: string };

/** The signed-in person. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without a signed-in person');
  return principal;
});
