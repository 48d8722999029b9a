import { Body, Controller, Get, Inject, NotFoundException, Post, Query, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsOptional, IsString, IsUUID } from 'class-validator';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';
import { html, page } from '../../platform/http/html.js';
import { csrfField } from '../../platform/http/security.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { Public, type RequestWithPrincipal } from './auth.decorators.js';
import { OidcService, type LoginStart, type ProviderIdentity } from './oidc.service.js';
import type { Principal } from './principal.js';
import { PrincipalService } from './principal.service.js';
import { SessionStore } from './session-store.js';
import { SESSION_COOKIE, SessionService } from './session.service.js';

const LOGIN_STATE_COOKIE = 'cil_login';

/** Only same-site paths: a sign-in must never redirect to another site. Without one, the staff workspace's home. */
export function safeReturnTo(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : fallback;
}

/**
 * Where a sign-in lands: the page it was started from, and without one (or from My tasks, the
 * workspace's home) the person's own start page: My certificate (their certificate, or the enrol
 * page) for someone whose only role is student, My tasks for everyone else.
 */
export function signInLanding(principal: Pick<Principal, 'grants'>, returnTo: unknown): string {
  const target = safeReturnTo(returnTo);
  if (target !== '/') return target;
  const onlyStudent = principal.grants.length > 0 && principal.grants.every((g) => g.role === 'student');
  return onlyStudent ? '/certificates' : '/';
}

export class DevSignInDto {
  @IsUUID()
  personId!: string;

  @IsOptional()
  @IsString()
  returnTo?: string;
}

/**
 * Sign-in and sign-out. Production: OpenID Connect (code flow with PKCE). Dev and embedded mode:
 * a page to pick a seeded person, which does not exist when AUTH_MODE is oidc.
 */
@ApiExcludeController()
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionService,
    private readonly oidc: OidcService,
    private readonly principals: PrincipalService,
    private readonly organisation: OrganisationRepository,
    private readonly store: SessionStore,
  ) {}

  @Get('login')
  async login(@Query('returnTo') returnTo: string | undefined, @Res() res: Response): Promise<void> {
    const target = safeReturnTo(returnTo);
    if (this.config.auth.mode === 'dev') {
      res.redirect(303, `/auth/dev?returnTo=${encodeURIComponent(target)}`);
      return;
    }
    const start = await this.oidc.startLogin(target);
    const token = await this.sessions.sign('login', 'login', { s: start.state }, 600);
    res.cookie(LOGIN_STATE_COOKIE, token, this.sessions.cookieOptions(600));
    res.redirect(303, start.url);
  }

  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const token = (req.cookies as Record<string, string> | undefined)?.[LOGIN_STATE_COOKIE];
    const saved = token ? await this.sessions.verify('login', token) : undefined;
    if (!saved || !this.oidc.enabled) throw new UnauthorizedException('the sign-in has expired or was not started here; start again at /auth/login');
    const state = saved.s as LoginStart['state'];
    // The registered redirect URL (which may carry a path prefix behind a proxy) with this request's query.
    const callbackUrl = new URL(this.config.auth.oidc.redirectUrl);
    callbackUrl.search = new URL(req.originalUrl, 'http://callback').search;
    let identity: ProviderIdentity;
    try {
      identity = await this.oidc.finishLogin(callbackUrl, state);
    } catch {
      throw new UnauthorizedException('the sign-in could not be completed; start again at /auth/login');
    }
    const principal = await this.principals.byProviderIdentity(identity);
    res.clearCookie(LOGIN_STATE_COOKIE, { path: '/' });
    if (!principal) {
      res.status(403).type('html').send(page('No access', html`<h1>No access</h1><p>You signed in, but CIL Flow has no person with your e-mail address, or that person is no longer active. Ask the central resource group to add you.</p>`));
      return;
    }
    await this.startSession(res, principal.personId);
    res.redirect(303, signInLanding(principal, state.returnTo));
  }

  /** Ends this session: the cookie is cleared and the token (cookie or bearer) stops working everywhere. */
  @Post('logout')
  async logout(@Req() req: RequestWithPrincipal, @Res() res: Response): Promise<void> {
    if (req.sessionId) await this.store.revoke(req.sessionId);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    this.signedOut(req, res);
  }

  /** Ends every session of the signed-in person, on every device. */
  @Post('logout-everywhere')
  async logoutEverywhere(@Req() req: RequestWithPrincipal, @Res() res: Response): Promise<void> {
    if (!req.principal) throw new UnauthorizedException('sign in first: /auth/login');
    await this.store.revokeAll(req.principal.personId);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    this.signedOut(req, res);
  }

  /** A form post (a page's sign-out button) gets a page; an API client gets 204. */
  private signedOut(req: Request, res: Response): void {
    if (req.is('application/x-www-form-urlencoded')) {
      res.status(200).type('html').send(page('Signed out', html`<h1>Signed out · Logget ut</h1><p><a href="/auth/login">Sign in again · Logg inn igjen</a></p>`));
      return;
    }
    res.status(204).end();
  }

  @Get('dev')
  async devPage(@Query('returnTo') returnTo: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.assertDevMode();
    const [people, programmes] = await Promise.all([this.organisation.listPeopleWithRoles(), this.organisation.listProgrammes()]);
    // Where each role applies, by code: the programme (local groups, leaders, students), else the department or faculty.
    const scope = new Map<string, string>();
    for (const p of programmes) {
      scope.set(p.id, p.code);
      if (p.department) scope.set(p.department.id, p.department.code);
      if (p.department?.faculty) scope.set(p.department.faculty.id, p.department.faculty.code);
    }
    const label = (r: { role: string; localGroupRole: string | null; programmeId: string | null; departmentId: string | null; facultyId: string | null }) => {
      const where = [r.localGroupRole, scope.get(r.programmeId ?? r.departmentId ?? r.facultyId ?? '')].filter(Boolean);
      return where.length ? `${r.role} (${where.join(', ')})` : r.role;
    };
    const rows = people.map(
      ({ person, roles }) => html`<tr><td>${person.name}</td><td>${person.email}</td><td>${person.preferredLanguage}</td><td class="muted">${roles.map(label).join(', ') || '—'}</td>
<td><form method="post" action="/auth/dev/sign-in">${csrfField(req)}<input type="hidden" name="personId" value="${person.id}"><input type="hidden" name="returnTo" value="${safeReturnTo(returnTo)}"><button type="submit">Sign in</button></form></td></tr>`,
    );
    res.type('html').send(
      page('Sign in (development)', html`<h1>Sign in as a seeded person</h1>
<p class="muted">Development sign-in: this page does not exist in production, where people sign in with OpenID Connect.</p>
<table id="people"><thead><tr><th scope="col">Person</th><th scope="col">E-mail</th><th scope="col">Language</th><th scope="col">Roles</th><th scope="col"><span class="skip">Sign in</span></th></tr></thead><tbody>${rows}</tbody></table>`),
    );
  }

  /** Form post from the dev page (303 to returnTo), or JSON `{ token }` for API clients. */
  @Post('dev/sign-in')
  async devSignIn(@Body() body: DevSignInDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.assertDevMode();
    const principal = await this.principals.byPersonId(body.personId);
    if (!principal) throw new NotFoundException('no person with that id');
    const token = await this.startSession(res, principal.personId);
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ token, personId: principal.personId, expiresIn: this.sessions.ttlSeconds });
      return;
    }
    res.redirect(303, signInLanding(principal, body.returnTo));
  }

  private assertDevMode(): void {
    if (this.config.auth.mode !== 'dev' || this.config.production) {
      throw new NotFoundException('development sign-in is not available here; sign in at /auth/login');
    }
  }

  private async startSession(res: Response, personId: string): Promise<string> {
    const token = await this.store.start(personId);
    res.cookie(SESSION_COOKIE, token, this.sessions.cookieOptions());
    return token;
  }
}
