import { Body, Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { LOCAL_GROUP_ROLES, ROLES, type Role } from '../auth/roles.js';
import { OrganisationAdminService, PEOPLE_PAGE_SIZE, type PersonView } from '../organisation/organisation-admin.service.js';
import { toErrorBody } from '../../platform/http/errors.js';
import { Badge, describedBy, Field, Layout, renderPage, SubNav, type Lang } from '../../platform/http/ui/components.js';
import { dateTime, isUuid } from '../../platform/http/ui/format.js';
import { errorsOf, type FieldErrors } from '../../platform/http/ui/problems.js';
import { pageSession, sendPage, type PageSession } from './page-session.js';

const ROLE_NAMES: Record<Role, { nb: string; en: string }> = {
  programme_leader: { nb: 'Studieleder', en: 'Programme leader' },
  section_head: { nb: 'Seksjonssjef', en: 'Section head' },
  head_of_department: { nb: 'Instituttleder', en: 'Head of department' },
  dean: { nb: 'Dekan', en: 'Dean' },
  pro_dean: { nb: 'Prodekan', en: 'Pro-dean' },
  faculty_representative: { nb: 'Fakultetets representant', en: 'Faculty representative' },
  central_group_member: { nb: 'Sentral ressursgruppe', en: 'Central resource group' },
  local_group_member: { nb: 'Lokal ressursgruppe', en: 'Local resource group' },
  student: { nb: 'Student', en: 'Student' },
};
const SEAT_NAMES: Record<(typeof LOCAL_GROUP_ROLES)[number], { nb: string; en: string }> = {
  administrative_resource: { nb: 'administrativ ressurs', en: 'administrative resource' },
  academic_coordinator: { nb: 'vitenskapelig koordinator', en: 'academic coordinator' },
  academic_staff: { nb: 'faglig ansatt', en: 'academic staff' },
  student: { nb: 'studentrepresentant', en: 'student representative' },
};

const T = {
  nb: {
    title: 'Organisasjon',
    sections: 'Organisasjon',
    people: 'Personer og roller',
    history: 'Historikk',
    search: 'Søk etter navn, e-post eller id',
    searchButton: 'Søk',
    found: (n: number) => `${n} ${n === 1 ? 'person' : 'personer'}`,
    name: 'Navn',
    email: 'E-post',
    id: 'Id',
    roles: 'Roller',
    status: 'Status',
    active: 'aktiv',
    inactive: 'deaktivert',
    none: 'Ingen roller',
    previous: 'Forrige side',
    next: 'Neste side',
    pageOf: (p: number, n: number) => `Side ${p} av ${n}`,
    roleAt: 'Rolle',
    where: 'Hvor',
    since: 'Siden',
    everywhere: 'overalt',
    end: 'Avslutt rollen',
    endReason: 'Begrunnelse for å avslutte',
    assign: 'Gi en rolle',
    role: 'Rolle',
    scope: 'Fakultet, institutt eller studieprogram',
    scopeHint: 'Rollens virkeområde: et fakultet (seksjonssjef, dekan, prodekan, representant), et institutt (instituttleder) eller et studieprogram (studieleder, lokal gruppe, student). Tomt for den sentrale gruppen.',
    noScope: '(ingen – gjelder overalt)',
    seat: 'Plass i den lokale gruppen',
    seatHint: 'Bare for den lokale ressursgruppen.',
    noSeat: '(ingen)',
    reason: 'Begrunnelse',
    reasonHint: '3–500 tegn; den står i historikken.',
    assignButton: 'Gi rollen',
    granted: 'Rollen er gitt.',
    ended: (moved: number) => `Rollen er avsluttet.${moved ? ` ${moved} åpne oppgaver er flyttet til den som nå har rollen.` : ''}`,
    problem: 'Rett opp feltene som er merket.',
    noAccess: 'Ingen tilgang',
    forbidden: 'Bare den sentrale ressursgruppen administrerer personer og roller.',
    notFound: 'Ingen person med denne id-en.',
    historyIntro: 'Importer fra universitetets data og endringer gjort her, nyeste først.',
    at: 'Når',
    who: 'Hvem',
    what: 'Hva',
    changes: 'Endringer',
    import: 'Import',
    roleChange: 'Rolle',
    nothing: 'Ingen endringer ennå.',
    back: 'Tilbake til personene',
  },
  en: {
    title: 'Organisation',
    sections: 'Organisation',
    people: 'People and roles',
    history: 'History',
    search: 'Search by name, e-mail or id',
    searchButton: 'Search',
    found: (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`,
    name: 'Name',
    email: 'E-mail',
    id: 'Id',
    roles: 'Roles',
    status: 'Status',
    active: 'active',
    inactive: 'deactivated',
    none: 'No roles',
    previous: 'Previous page',
    next: 'Next page',
    pageOf: (p: number, n: number) => `Page ${p} of ${n}`,
    roleAt: 'Role',
    where: 'Where',
    since: 'Since',
    everywhere: 'everywhere',
    end: 'End the role',
    endReason: 'Reason for ending it',
    assign: 'Assign a role',
    role: 'Role',
    scope: 'Faculty, department or programme',
    scopeHint: "The role's scope: a faculty (section head, dean, pro-dean, representative), a department (head of department) or a programme (programme leader, local group, student). Empty for the central group.",
    noScope: '(none – applies everywhere)',
    seat: 'Seat in the local group',
    seatHint: 'Only for the local resource group.',
    noSeat: '(none)',
    reason: 'Reason',
    reasonHint: '3–500 characters; it is kept in the history.',
    assignButton: 'Assign the role',
    granted: 'The role is assigned.',
    ended: (moved: number) => `The role is ended.${moved ? ` ${moved} open tasks moved to whoever holds the role now.` : ''}`,
    problem: 'Please correct the marked fields.',
    noAccess: 'No access',
    forbidden: 'Only the central resource group administers people and roles.',
    notFound: 'No person with this id.',
    historyIntro: "Imports from the university's data and changes made here, newest first.",
    at: 'When',
    who: 'Who',
    what: 'What',
    changes: 'Changes',
    import: 'Import',
    roleChange: 'Role',
    nothing: 'No changes yet.',
    back: 'Back to the people',
  },
};

const roleText = (r: { role: Role; scope: string | null; seat: string | null }, lang: Lang) =>
  `${ROLE_NAMES[r.role][lang]}${r.seat ? ` (${SEAT_NAMES[r.seat as keyof typeof SEAT_NAMES][lang]})` : ''}${r.scope ? ` · ${r.scope}` : ''}`;
const text = (v: unknown, max = 500) => (typeof v === 'string' ? v.slice(0, max) : '');

/**
 * The central group's administration pages: people and their roles (search, assign, end with a
 * reason) and the history of imports and changes. The same service and rule as everywhere: only
 * the central resource group (OrganisationAdminService.mayAdminister).
 */
@ApiExcludeController()
@Public()
@Controller('organisation')
export class OrganisationPagesController {
  constructor(private readonly admin: OrganisationAdminService) {}

  private sections(session: PageSession, current: 'people' | 'history') {
    const t = T[session.lang];
    return (
      <SubNav
        label={t.sections}
        items={[
          { href: '/organisation', label: t.people, current: current === 'people' },
          { href: '/organisation/history', label: t.history, current: current === 'history' },
        ]}
      />
    );
  }

  private refuse(res: Response, session: PageSession, err: HttpException): void {
    const t = T[session.lang];
    const status = err.getStatus();
    const title = status === 403 ? t.noAccess : t.title;
    sendPage(
      res,
      renderPage(
        <Layout lang={session.lang} title={title} person={session.principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <h1>{title}</h1>
          <p>{status === 403 ? t.forbidden : status === 404 ? t.notFound : toErrorBody(err).message}</p>
        </Layout>,
      ),
      status,
    );
  }

  @Get()
  async people(@Query('q') q: unknown, @Query('page') pageParam: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    const { lang } = session;
    const t = T[lang];
    const query = text(q, 200);
    const page = Math.max(1, Math.min(10_000, Number.parseInt(text(pageParam, 6), 10) || 1));
    let found: { people: PersonView[]; total: number };
    try {
      found = await this.admin.searchPeople(session.principal, query, page);
    } catch (err) {
      if (err instanceof HttpException) return this.refuse(res, session, err);
      throw err;
    }
    const pages = Math.max(1, Math.ceil(found.total / PEOPLE_PAGE_SIZE));
    const link = (p: number) => `/organisation?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(p) }).toString()}`;
    sendPage(
      res,
      renderPage(
        <Layout lang={lang} title={t.title} person={session.principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <h1>{t.title}</h1>
          {this.sections(session, 'people')}
          <form method="get" action="/organisation" role="search" id="people-search">
            <Field id="q" label={t.search}>
              <input id="q" name="q" type="search" value={query} maxLength={200} />
            </Field>
            <p>
              <button type="submit">{t.searchButton}</button>
            </p>
          </form>
          <p role="status" id="people-count">
            {t.found(found.total)}
          </p>
          <table id="people">
            <caption>{t.people}</caption>
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.id}</th>
                <th scope="col">{t.email}</th>
                <th scope="col">{t.roles}</th>
                <th scope="col">{t.status}</th>
              </tr>
            </thead>
            <tbody>
              {found.people.map((p) => (
                <tr data-person={p.externalId ?? p.id}>
                  <th scope="row" data-label={t.name}>
                    <a href={`/organisation/people/${p.id}`}>{p.name}</a>
                  </th>
                  <td data-label={t.id}>{p.externalId ?? '—'}</td>
                  <td data-label={t.email}>{p.email}</td>
                  <td data-label={t.roles}>{p.roles.length ? p.roles.map((r) => roleText(r, lang)).join(', ') : <span class="muted">{t.none}</span>}</td>
                  <td data-label={t.status}>{p.active ? <Badge tone="ok">{t.active}</Badge> : <Badge tone="bad">{t.inactive}</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && (
            <nav aria-label={t.pageOf(page, pages)}>
              <p>
                {page > 1 && <a href={link(page - 1)}>{t.previous}</a>} <span>{t.pageOf(page, pages)}</span> {page < pages && <a href={link(page + 1)}>{t.next}</a>}
              </p>
            </nav>
          )}
        </Layout>,
      ),
    );
  }

  @Get('history')
  async history(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    const { lang } = session;
    const t = T[lang];
    let rows;
    try {
      rows = await this.admin.history(session.principal);
    } catch (err) {
      if (err instanceof HttpException) return this.refuse(res, session, err);
      throw err;
    }
    const names = await this.admin.actorNames(rows.map((r) => r.actor));
    sendPage(
      res,
      renderPage(
        <Layout lang={lang} title={`${t.history} · ${t.title}`} person={session.principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <h1>{t.title}</h1>
          {this.sections(session, 'history')}
          <p>{t.historyIntro}</p>
          {rows.length === 0 ? (
            <p>{t.nothing}</p>
          ) : (
            <table id="history">
              <caption>{t.history}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.at}</th>
                  <th scope="col">{t.who}</th>
                  <th scope="col">{t.what}</th>
                  <th scope="col">{t.changes}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td data-label={t.at}>{dateTime(r.at, lang)}</td>
                    <td data-label={t.who}>{names.get(r.actor) ?? r.actor}</td>
                    <td data-label={t.what}>
                      {r.kind === 'import' ? t.import : t.roleChange} <span class="muted">({r.source})</span>
                    </td>
                    <td data-label={t.changes}>
                      {Object.entries(r.summary)
                        .map(([k, n]) => `${k} ${String(n)}`)
                        .join(', ')}
                      {r.kind === 'role' && (r.changes as { key: string; reason?: string }[]).map((c) => <div class="muted">{`${c.key}${c.reason ? ` — ${c.reason}` : ''}`}</div>)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Layout>,
      ),
    );
  }

  @Get('people/:id')
  async person(@Param('id') id: string, @Query('done') done: unknown, @Query('moved') moved: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    const notice = done === 'granted' ? T[session.lang].granted : done === 'ended' ? T[session.lang].ended(Number.parseInt(text(moved, 4), 10) || 0) : undefined;
    await this.renderPerson(res, session, id, 200, {}, {}, notice);
  }

  @Post('people/:id/roles')
  async assign(@Param('id') id: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    const values = { role: text(body.role, 40), scope: text(body.scope, 32), seat: text(body.seat, 40), reason: text(body.reason).trim() };
    if (!isUuid(id)) return this.renderPerson(res, session, id, 404, {}, values);
    try {
      await this.admin.assignRole(session.principal, id, values);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      return this.renderPerson(res, session, id, err.getStatus(), errorsOf(err, session.lang), values);
    }
    res.redirect(303, `/organisation/people/${id}?done=granted`);
  }

  @Post('people/:id/roles/:roleId/end')
  async end(@Param('id') id: string, @Param('roleId') roleId: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    const reason = text(body.reason).trim();
    if (!isUuid(id) || !isUuid(roleId)) return this.renderPerson(res, session, id, 404, {}, {});
    let moved: number;
    try {
      moved = (await this.admin.endRole(session.principal, id, roleId, reason)).filter((h) => !h.failed).length;
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const errors = errorsOf(err, session.lang);
      return this.renderPerson(res, session, id, err.getStatus(), { [`end-${roleId}`]: errors.reason ?? errors.form ?? Object.values(errors)[0] }, { [`end-${roleId}`]: reason });
    }
    res.redirect(303, `/organisation/people/${id}?done=ended&moved=${moved}`);
  }

  private async renderPerson(res: Response, session: PageSession, id: string, status: number, errors: FieldErrors, values: Record<string, string>, notice?: string): Promise<void> {
    const { lang } = session;
    const t = T[lang];
    let person: PersonView;
    let scopes: Awaited<ReturnType<OrganisationAdminService['scopes']>>;
    try {
      if (!this.admin.mayAdminister(session.principal)) throw new HttpException('forbidden', 403);
      if (!isUuid(id)) throw new HttpException('not found', 404);
      [person, scopes] = await Promise.all([this.admin.person(session.principal, id), this.admin.scopes()]);
    } catch (err) {
      if (err instanceof HttpException) return this.refuse(res, session, err);
      throw err;
    }
    const name = (u: { nameNb: string; nameEn: string }) => (lang === 'nb' ? u.nameNb : u.nameEn);
    const hasErrors = Object.keys(errors).length > 0;
    const assignErrors = ['role', 'scope', 'seat', 'reason', 'form'].some((k) => errors[k]);
    sendPage(
      res,
      renderPage(
        <Layout lang={lang} title={`${person.name} · ${t.title}`} person={session.principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <p>
            <a href="/organisation">{t.back}</a>
          </p>
          <h1>{person.name}</h1>
          <p>
            {person.email} · {t.id} {person.externalId ?? '—'} · {person.active ? <Badge tone="ok">{t.active}</Badge> : <Badge tone="bad">{t.inactive}</Badge>}
          </p>
          {notice && (
            <p class="ok" role="status" id="notice">
              {notice}
            </p>
          )}
          {hasErrors && (
            <div class="error" role="alert" id="errors">
              <p>
                <strong>{errors.form ?? t.problem}</strong>
              </p>
            </div>
          )}
          <h2 id="roles">{t.roles}</h2>
          {person.roles.length === 0 ? (
            <p>{t.none}</p>
          ) : (
            <table id="role-list">
              <caption>{t.roles}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.roleAt}</th>
                  <th scope="col">{t.since}</th>
                  <th scope="col">{t.end}</th>
                </tr>
              </thead>
              <tbody>
                {person.roles.map((r) => {
                  const field = `end-${r.id}`;
                  return (
                    <tr data-role={`${r.role}${r.scope ? ` ${r.scope}` : ''}`}>
                      <th scope="row" data-label={t.roleAt}>
                        {roleText(r, lang)}
                      </th>
                      <td data-label={t.since}>{dateTime(r.since, lang)}</td>
                      <td data-label={t.end}>
                        <form method="post" action={`/organisation/people/${person.id}/roles/${r.id}/end`}>
                          <input type="hidden" name="_csrf" value={session.csrf} />
                          <Field id={field} label={`${t.endReason}: ${roleText(r, lang)}`} error={errors[field]}>
                            <input id={field} name="reason" type="text" required minLength={3} maxLength={500} value={values[field] ?? ''} {...describedBy(field, errors[field])} />
                          </Field>
                          <button type="submit">{t.end}</button>
                        </form>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <h2 id="assign">{t.assign}</h2>
          <form method="post" action={`/organisation/people/${person.id}/roles`} id="assign-form" novalidate>
            <input type="hidden" name="_csrf" value={session.csrf} />
            <Field id="role" label={t.role} error={assignErrors ? errors.role : undefined}>
              <select id="role" name="role" {...describedBy('role', errors.role)}>
                {ROLES.map((r) => (
                  <option value={r} selected={values.role === r}>
                    {ROLE_NAMES[r][lang]}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="scope" label={t.scope} hint={t.scopeHint} error={errors.scope}>
              <select id="scope" name="scope" {...describedBy('scope', errors.scope, t.scopeHint)}>
                <option value="">{t.noScope}</option>
                {(['faculty', 'department', 'programme'] as const).map((kind) => (
                  <optgroup label={{ faculty: lang === 'nb' ? 'Fakulteter' : 'Faculties', department: lang === 'nb' ? 'Institutter' : 'Departments', programme: lang === 'nb' ? 'Studieprogrammer' : 'Programmes' }[kind]}>
                    {scopes[kind].map((u) => (
                      <option value={u.code} selected={values.scope === u.code}>
                        {u.code} – {name(u)}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </Field>
            <Field id="seat" label={t.seat} hint={t.seatHint} error={errors.seat}>
              <select id="seat" name="seat" {...describedBy('seat', errors.seat, t.seatHint)}>
                <option value="">{t.noSeat}</option>
                {LOCAL_GROUP_ROLES.map((s) => (
                  <option value={s} selected={values.seat === s}>
                    {SEAT_NAMES[s][lang]}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="reason" label={t.reason} hint={t.reasonHint} error={errors.reason}>
              <input id="reason" name="reason" type="text" required minLength={3} maxLength={500} value={values.reason ?? ''} {...describedBy('reason', errors.reason, t.reasonHint)} />
            </Field>
            <p>
              <button type="submit">{t.assignButton}</button>
            </p>
          </form>
        </Layout>,
      ),
      status,
    );
  }
}
