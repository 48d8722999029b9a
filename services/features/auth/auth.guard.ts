import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY, type RequestWithPrincipal } from './auth.decorators.js';
import { OidcService } from './oidc.service.js';
import { hasAnyRole, type Principal } from './principal.js';
import { PrincipalService } from './principal.service.js';
import type { Role } from './roles.js';
import { SessionStore } from './session-store.js';
import { SESSION_COOKIE } from './session.service.js';

/**
 * Every request acts as a person. The session cookie (pages) or a bearer token (API: one of our
 * session tokens, or an access token from the OpenID provider) says who; 401 when nobody is
 * signed in, 403 when the route's roles are not held.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
    private readonly principals: PrincipalService,
    private readonly oidc: OidcService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<RequestWithPrincipal>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      // Public routes work even when the sign-in service is down, and never cost a call to it.
      req.principal = await this.identify(req, { askProvider: false }).catch(() => undefined);
      return true;
    }
    req.principal = await this.identify(req, { askProvider: true });
    if (!req.principal) throw new UnauthorizedException('sign in first: /auth/login, or send a bearer token');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !hasAnyRole(req.principal, roles)) {
      throw new ForbiddenException(`this needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  private async identify(req: RequestWithPrincipal, options: { askProvider: boolean }): Promise<Principal | undefined> {
    const header = req.headers.authorization;
    const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    // A bearer token, when sent, is the only credential: a failing one does not fall back to the cookie.
    for (const token of bearer ? [bearer] : [cookie]) {
      if (!token) continue;
      const session = await this.sessions.check(token);
      if (session) {
        req.sessionId = session.sessionId;
        return this.principals.byPersonId(session.personId);
      }
    }
    if (bearer && this.oidc.enabled && options.askProvider) {
      const identity = await this.oidc.identityForAccessToken(bearer);
      if (identity) return this.principals.byProviderIdentity(identity);
    }
    return undefined;
  }
}
