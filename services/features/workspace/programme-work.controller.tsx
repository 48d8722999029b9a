import { Body, Controller, Get, HttpException, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import type { Request, Response } from 'express';
import type { ComponentChildren } from 'preact';
import { Public } from '../auth/auth.decorators.js';
import { CertificateRepository } from '../certificates/certificate.repository.js';
import { ReviewDecisionDto } from '../certificates/certificates.dto.js';
import { CertificatesService } from '../certificates/certificates.service.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { CatalogueRepository } from '../programme-work/catalogue.repository.js';
import { ActivityMinimumsDto, CatalogueActivityDto, DevelopmentRecordDto, ReviewMeetingDto } from '../programme-work/programme-work.dto.js';
import { ProgrammeWorkService } from '../programme-work/programme-work.service.js';
import { LocalGroupRepository } from '../rollouts/local-group.repository.js';
import { RolloutRepository } from '../rollouts/rollout.repository.js';
import { CATEGORY_LABELS, SEAT_LABELS } from '../tasks/task-labels.js';
import { ACTIVITY_CATEGORIES, DEVELOPMENT_RECORD_KINDS, type CatalogueActivityEntity, type ProgrammeEntity } from '../../platform/db/entities/index.js';
import { toErrorBody } from '../../platform/http/errors.js';
import { Badge, describedBy, Field, Layout, renderPage, SubNav, type Lang } from '../../platform/http/ui/components.js';
import { dateFormat, dateTime, isUuid } from '../../platform/http/ui/format.js';
import { STAGE_LABELS } from './cases.controller.js';
import { pageSession, sendPage, type PageSession } from './page-session.js';
import { KIND_LABELS, messageText, minimumText, REPORT_STATUS_LABELS, semesterLabel, T } from './programme-work.text.js';
import { errorsOf as fieldErrorsOf, validationErrors } from '../../platform/http/ui/problems.js';


type Section = 'overview' | 'catalogue' | 'development' | 'publish' | 'meetings';
type Values = Record<string, string | string[]>;
type Errors = Record<string, string>;
/** A form sent back: what went wrong (by field; `form` for the rest) and what was typed. */
interface Sent {
  errors: Errors;
  values: Values;
}

const NO_FORM: Sent = { errors: {}, values: {} };

const when = (d: Date | string, lang: Lang) => dateFormat(lang, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(d));
/** A calendar day (YYYY-MM-DD) as people write it. */
const day = (d: string, lang: Lang) => dateFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
const programmeName = (p: ProgrammeEntity, lang: Lang) => `${lang === 'nb' ? p.nameNb : p.nameEn} (${p.code})`;

/** The text fields of a posted form, as typed (anything else is dropped). */
function formValues(body: unknown, names: readonly string[]): Record<string, string> {
  const b = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(names.map((n) => [n, typeof b[n] === 'string' ? b[n] : '']));
}

/** A whole number as typed, or the text itself so that validation names the problem. */
const whole = (value: string): number | string => (/^\s*\d+\s*$/.test(value) ? Number(value) : value.trim());

/** The offset of Norwegian time from UTC at an instant, in minutes. */
function osloOffsetMinutes(at: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return (Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute) - at) / 60_000;
}

/** `2027-05-20T10:00` (a datetime-local field, Norwegian time) with its UTC offset; anything else as typed, for validation to name. */
export function osloDateTime(local: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!m) return local.trim();
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  const offset = osloOffsetMinutes(wall - osloOffsetMinutes(wall) * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local.trim()}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Problems from validation or a service's refusal, by field in the reader's language; anything else under `form`. */
const errorsOf = (err: unknown, lang: Lang): Errors => fieldErrorsOf(err, lang, messageText);
const problemsOf = (dto: object, lang: Lang): Promise<Errors | undefined> => validationErrors(dto, lang);

function FormErrors({ id, errors, lang }: { id: string; errors: Errors; lang: Lang }) {
  if (!Object.keys(errors).length) return null;
  return (
    <div class="error" role="alert" id={id}>
      <p>
        <strong>{errors.form ?? T[lang].problem}</strong>
      </p>
    </div>
  );
}

const str = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '');

/** A one-line input in a Field, with its id `${form}-${name}`. */
function Input(props: { form: string; name: string; label: string; sent: Sent; type?: string; hint?: string; required?: boolean; min?: number; max?: number; maxLength?: number }) {
  const id = `${props.form}-${props.name}`;
  const error = props.sent.errors[props.name];
  return (
    <Field id={id} label={props.label} error={error} hint={props.hint}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={str(props.sent.values[props.name])}
        required={props.required}
        min={props.min}
        max={props.max}
        maxLength={props.maxLength}
        {...describedBy(id, error, props.hint)}
      />
    </Field>
  );
}

function TextArea(props: { form: string; name: string; label: string; sent: Sent; hint?: string; rows?: number; required?: boolean; maxLength?: number }) {
  const id = `${props.form}-${props.name}`;
  const error = props.sent.errors[props.name];
  return (
    <Field id={id} label={props.label} error={error} hint={props.hint}>
      <textarea id={id} name={props.name} rows={props.rows ?? 4} cols={60} required={props.required} maxLength={props.maxLength ?? 5000} {...describedBy(id, error, props.hint)}>
        {str(props.sent.values[props.name])}
      </textarea>
    </Field>
  );
}

/**
 * Programme work for a programme's local resource group, as pages: the activity catalogue (add,
 * change the minimums, retire), development records, publishing (what is still missing, in
 * words), review meetings and each meeting's agenda (read a report, approve it or ask for a
 * revision). Every read and write goes through ProgrammeWorkService and CertificatesService, so
 * the JSON API's rules apply as they are; a refusal comes back at its field, with what was typed.
 */
@ApiExcludeController()
@Public()
@Controller()
export class ProgrammeWorkPagesController {
  constructor(
    private readonly work: ProgrammeWorkService,
    private readonly certificates: CertificatesService,
    private readonly organisation: OrganisationRepository,
    private readonly rollouts: RolloutRepository,
    private readonly localGroups: LocalGroupRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly reports: CertificateRepository,
  ) {}

  // --- the pages' frame

  private problem(res: Response, session: PageSession, err: unknown): void {
    if (!(err instanceof HttpException)) throw err;
    const { lang } = session;
    const t = T[lang];
    const status = err.getStatus();
    const title = status === 404 ? t.notFound : status === 403 ? t.noAccess : t.work;
    sendPage(
      res,
      renderPage(
        <Layout lang={lang} title={title} person={session.principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <h1>{title}</h1>
          <p id="problem">{messageText(lang, toErrorBody(err).message)}</p>
          <p>
            <a href="/programmes">{t.myProgrammes}</a>
          </p>
        </Layout>,
      ),
      status,
    );
  }

  /** The programme a page is about, or a 404 page (undefined). */
  /**
   * The signed-in person and the programme a page is about, once they may work on it (its local
   * group, the central group); otherwise the sign-in redirect or the problem page has been sent.
   */
  private async open(req: Request, res: Response, id: string): Promise<{ session: PageSession; programme: ProgrammeEntity } | undefined> {
    const session = pageSession(req, res);
    if (!session) return undefined;
    const found = isUuid(id) ? await this.organisation.findProgramme(id) : null;
    if (!found) {
      this.problem(res, session, new NotFoundException(`no programme with id ${id}`));
      return undefined;
    }
    try {
      await this.work.assertGroupMember(session.principal, found.id);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      this.problem(res, session, err);
      return undefined;
    }
    return { session, programme: found };
  }

  private frame(session: PageSession, programme: ProgrammeEntity, section: Section, title: string, children: ComponentChildren): string {
    const { lang } = session;
    const t = T[lang];
    const base = `/programmes/${programme.id}`;
    const sections: { key: Section; href: string; label: string }[] = [
      { key: 'overview', href: base, label: t.overview },
      { key: 'catalogue', href: `${base}/catalogue`, label: t.catalogue },
      { key: 'development', href: `${base}/development`, label: t.development },
      { key: 'publish', href: `${base}/publish`, label: t.publish },
      { key: 'meetings', href: `${base}/meetings`, label: t.meetings },
    ];
    return renderPage(
      <Layout lang={lang} title={`${title} · ${programme.code}`} person={session.principal} nav={session.nav} csrf={session.csrf} path={session.path}>
        <p class="muted" id="programme">
          {t.work}: <a href={base}>{programmeName(programme, lang)}</a>
        </p>
        <SubNav label={t.sections} items={sections.map((s) => ({ href: s.href, label: s.label, current: s.key === section }))} />
        <h1>{title}</h1>
        {children}
      </Layout>,
    );
  }

  // --- the programmes the person works on

  @Get('programmes')
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    const { lang, principal } = session;
    const t = T[lang];
    const seats = new Map(principal.grants.filter((g) => g.role === 'local_group_member' && g.programmeId).map((g) => [g.programmeId!, g.localGroupRole]));
    const central = principal.grants.some((g) => g.role === 'central_group_member');
    const programmes = (await this.organisation.listProgrammes()).filter((p) => central || seats.has(p.id));
    sendPage(
      res,
      renderPage(
        <Layout lang={lang} title={t.work} person={principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <h1>{t.work}</h1>
          <h2>{t.myProgrammes}</h2>
          {programmes.length === 0 ? (
            <p class="muted">{t.noProgrammes}</p>
          ) : (
            <ul id="programmes">
              {programmes.map((p) => {
                const seat = seats.get(p.id);
                return (
                  <li>
                    <a href={`/programmes/${p.id}`}>{programmeName(p, lang)}</a>
                    {seat && <span class="muted"> – {SEAT_LABELS[seat][lang]}</span>}
                  </li>
                );
              })}
            </ul>
          )}
        </Layout>,
      ),
    );
  }

  // --- overview

  @Get('programmes/:programmeId')
  async overview(@Param('programmeId') programmeId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const opened = await this.open(req, res, programmeId);
    if (!opened) return;
    const { session, programme } = opened;
    const { lang } = session;
    const t = T[lang];
    const [activities, records, meetings, readiness] = await Promise.all([this.work.listCatalogue(programme.id, false), this.work.developmentRecords(programme.id), this.work.reviewMeetings(programme.id), this.readiness(programme)]);
    const next = meetings.find((m) => m.scheduledAt.getTime() > Date.now());
    const missing = this.missingWords(readiness, lang);
    const base = `/programmes/${programme.id}`;
    sendPage(
      res,
      this.frame(
        session,
        programme,
        'overview',
        t.work,
        <>
          <p>
            {t.stage}: <Badge tone={readiness.stage === 'open' ? 'ok' : 'plain'}>{readiness.stage ? STAGE_LABELS[readiness.stage][lang] : t.noRollout}</Badge>
          </p>
          <table id="summary">
            <tbody>
              <tr>
                <th scope="row">
                  <a href={`${base}/catalogue`}>{t.catalogue}</a>
                </th>
                <td>{t.summaryCatalogue(activities.filter((a) => a.category === 'home').length, activities.filter((a) => a.category === 'abroad').length)}</td>
              </tr>
              <tr>
                <th scope="row">
                  <a href={`${base}/development`}>{t.development}</a>
                </th>
                <td>{t.summaryRecords(records.length)}</td>
              </tr>
              <tr>
                <th scope="row">
                  <a href={`${base}/publish`}>{t.publish}</a>
                </th>
                <td>{programme.enrolmentOpen ? t.published : missing.length ? `${t.stillMissing} ${missing.join('; ')}.` : t.readyToPublish}</td>
              </tr>
              <tr>
                <th scope="row">
                  <a href={`${base}/meetings`}>{t.meetings}</a>
                </th>
                <td>
                  {t.nextMeeting}: {next ? <a href={`/meetings/${next.id}`}>{when(next.scheduledAt, lang)}</a> : t.none}
                </td>
              </tr>
            </tbody>
          </table>
        </>,
      ),
    );
  }

  // --- the catalogue

  @Get('programmes/:programmeId/catalogue')
  async cataloguePage(@Param('programmeId') programmeId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const opened = await this.open(req, res, programmeId);
    if (opened) await this.renderCatalogue(res, opened.session, opened.programme, 200, NO_FORM);
  }

  @Post('programmes/:programmeId/catalogue')
  async addActivity(@Param('programmeId') programmeId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const opened = await this.open(req, res, programmeId);
    if (!opened) return;
    const { session, programme } = opened;
    const values = formValues(body, ['name', 'description', 'category', 'minimumSessions', 'minimumSemesters', 'source']);
    const dto = plainToInstance(CatalogueActivityDto, {
      name: values.name.trim(),
      description: values.description.trim(),
      category: values.category,
      ...(values.minimumSessions.trim() ? { minimumSessions: whole(values.minimumSessions) } : {}),
      ...(values.minimumSemesters.trim() ? { minimumSemesters: whole(values.minimumSemesters) } : {}),
      ...(values.source.trim() ? { source: values.source.trim() } : {}),
    });
    const problems = await problemsOf(dto, session.lang);
    if (problems) return this.renderCatalogue(res, session, programme, 400, { errors: problems, values });
    try {
      await this.work.addActivity(session.principal, programme.id, dto);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      return this.renderCatalogue(res, session, programme, err.getStatus(), { errors: errorsOf(err, session.lang), values });
    }
    res.redirect(303, `/programmes/${programme.id}/catalogue#${dto.category}`);
  }

  private async renderCatalogue(res: Response, session: PageSession, programme: ProgrammeEntity, status: number, sent: Sent): Promise<void> {
    const { lang } = session;
    const t = T[lang];
    const all = await this.work.listCatalogue(programme.id, true);
    const active = all.filter((a) => a.status === 'active');
    const retired = all.filter((a) => a.status === 'retired');
    const base = `/programmes/${programme.id}/catalogue`;
    const table = (rows: CatalogueActivityEntity[], id: string, editable: boolean) =>
      rows.length === 0 ? (
        <p class="muted" id={`${id}-none`}>
          {t.noActivities}
        </p>
      ) : (
        <table id={`${id}-activities`}>
          <thead>
            <tr>
              <th scope="col">{t.activity}</th>
              <th scope="col">{t.minimum}</th>
              <th scope="col">{editable ? t.status : t.retiredColumn}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr data-activity={a.id}>
                <td>
                  <a href={`${base}/${a.id}`}>{a.name}</a>
                  <br />
                  <span class="muted">
                    {a.description}
                    {a.source && ` · ${t.source}: ${a.source}`}
                  </span>
                </td>
                <td class="minimum">{minimumText(a, lang) || t.noMinimum}</td>
                <td>{editable ? <Badge tone="ok">{t.active}</Badge> : a.retiredAt ? `${t.retiredOn} ${dateFormat(lang, { dateStyle: 'long' }).format(a.retiredAt)}` : t.retiredOn}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    sendPage(
      res,
      this.frame(
        session,
        programme,
        'catalogue',
        t.catalogue,
        <>
          <h2 id="home">{t.home}</h2>
          {table(
            active.filter((a) => a.category === 'home'),
            'home',
            true,
          )}
          <h2 id="abroad">{t.abroad}</h2>
          {table(
            active.filter((a) => a.category === 'abroad'),
            'abroad',
            true,
          )}
          {retired.length > 0 && (
            <>
              <h2 id="retired">{t.retired}</h2>
              {table(retired, 'retired', false)}
            </>
          )}
          <h2 id="add">{t.add}</h2>
          <p>{t.addHelp}</p>
          <FormErrors id="add-errors" errors={sent.errors} lang={lang} />
          <form method="post" action={base} id="add-form" novalidate>
            <input type="hidden" name="_csrf" value={session.csrf} />
            <Input form="add" name="name" label={t.fields.name} sent={sent} required maxLength={200} />
            <TextArea form="add" name="description" label={t.fields.description} sent={sent} rows={3} required />
            <Field id="add-category" label={t.fields.category} error={sent.errors.category}>
              <select id="add-category" name="category" required {...describedBy('add-category', sent.errors.category)}>
                <option value="">{t.choose}</option>
                {ACTIVITY_CATEGORIES.map((c) => (
                  <option value={c} selected={c === sent.values.category}>
                    {CATEGORY_LABELS[c][lang]}
                  </option>
                ))}
              </select>
            </Field>
            <Input form="add" name="minimumSessions" label={t.fields.minimumSessions} hint={t.minimumSessionsHint} sent={sent} type="number" min={1} max={100} />
            <Input form="add" name="minimumSemesters" label={t.fields.minimumSemesters} hint={t.minimumSemestersHint} sent={sent} type="number" min={1} max={12} />
            <Input form="add" name="source" label={t.fields.source} sent={sent} maxLength={200} />
            <p>
              <button type="submit">{t.addSubmit}</button>
            </p>
          </form>
        </>,
      ),
      status,
    );
  }

  // --- one activity: its minimums, retiring it

  @Get('programmes/:programmeId/catalogue/:activityId')
  async activityPage(@Param('programmeId') programmeId: string, @Param('activityId') activityId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const opened = await this.open(req, res, programmeId);
    if (opened) await this.renderActivity(res, opened.session, opened.programme, activityId, 200, NO_FORM);
  }

  @Post('programmes/:programmeId/catalogue/:activityId/minimums')
  async changeMinimums(@Param('programmeId') programmeId: string, @Param('activityId') activityId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const opened = await this.open(req, res, programmeId);
    if (!opened) return;
    const { session, programme } = opened;
    const values = formValues(body, ['minimumSessions', 'minimumSemesters']);
    const dto = plainToInstance(ActivityMinimumsDto, {
      minimumSessions: values.minimumSessions.trim() ? whole(values.minimumSessions) : null,
      minimumSemesters: values.minimumSemesters.trim() ? whole(values.minimumSemesters) : null,
    });
    const problems = await problemsOf(dto, session.lang);
    if (problems) return this.renderActivity(res, session, programme, activityId, 400, { errors: problems, values });
    try {
      if (!isUuid(activityId)) throw new NotFoundException('no such activity in this programme’s catalogue');
      await this.work.changeMinimums(session.principal, programme.id, activityId, dto);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      return this.renderActivity(res, session, programme, activityId, err.getStatus(), { errors: errorsOf(err, session.lang), values });
    }
    res.redirect(303, `/programmes/${programme.id}/catalogue#home`);
  }

  @Post('programmes/:programmeId/catalogue/:activityId/retire')
  async retire(@Param('programmeId') programmeId: string, @Param('activityId') activityId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const opened = await this.open(req, res, programmeId);
    if (!opened) return;
    const { session, programme } = opened;
    try {
      if (!isUuid(activityId)) throw new NotFoundException('no such activity in this programme’s catalogue');
      await this.work.retireActivity(session.principal, programme.id, activityId);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      return this.renderActivity(res, session, programme, activityId, err.getStatus(), { errors: { retire: errorsOf(err, session.lang).form ?? '' }, values: {} });
    }
    res.redirect(303, `/programmes/${programme.id}/catalogue#retired`);
  }

  private async renderActivity(res: Response, session: PageSession, programme: ProgrammeEntity, activityId: string, status: number, sent: Sent): Promise<void> {
    const { lang } = session;
    const t = T[lang];
    const activity = isUuid(activityId) ? (await this.work.listCatalogue(programme.id, true)).find((a) => a.id === activityId) : undefined;
    if (!activity) return this.problem(res, session, new NotFoundException('no such activity in this programme’s catalogue'));
    const base = `/programmes/${programme.id}/catalogue/${activity.id}`;
    const shown: Sent = Object.keys(sent.values).length
      ? sent
      : { errors: sent.errors, values: { minimumSessions: activity.minimumSessions ? String(activity.minimumSessions) : '', minimumSemesters: activity.minimumSemesters ? String(activity.minimumSemesters) : '' } };
    const minimumErrors = Object.fromEntries(Object.entries(sent.errors).filter(([k]) => k !== 'retire'));
    sendPage(
      res,
      this.frame(
        session,
        programme,
        'catalogue',
        activity.name,
        <>
          <table id="activity">
            <tbody>
              <tr>
                <th scope="row">{t.category}</th>
                <td>{CATEGORY_LABELS[activity.category][lang]}</td>
              </tr>
              <tr>
                <th scope="row">{t.description}</th>
                <td>{activity.description}</td>
              </tr>
              {activity.source && (
                <tr>
                  <th scope="row">{t.source}</th>
                  <td>{activity.source}</td>
                </tr>
              )}
              <tr>
                <th scope="row">{t.minimum}</th>
                <td>{minimumText(activity, lang) || t.noMinimum}</td>
              </tr>
              <tr>
                <th scope="row">{t.status}</th>
                <td>{activity.status === 'active' ? <Badge tone="ok">{t.active}</Badge> : <Badge tone="plain">{t.retiredOn}</Badge>}</td>
              </tr>
            </tbody>
          </table>
          {activity.status === 'retired' ? (
            <p id="retired-note">{t.retiredNote}</p>
          ) : (
            <>
              <h2>{t.minimumsTitle}</h2>
              <p>{t.minimumsHelp}</p>
              <FormErrors id="minimums-errors" errors={minimumErrors} lang={lang} />
              <form method="post" action={`${base}/minimums`} id="minimums-form" novalidate>
                <input type="hidden" name="_csrf" value={session.csrf} />
                <Input form="minimums" name="minimumSessions" label={t.fields.minimumSessions} hint={t.minimumSessionsHint} sent={{ ...shown, errors: minimumErrors }} type="number" min={1} max={100} />
                <Input form="minimums" name="minimumSemesters" label={t.fields.minimumSemesters} hint={t.minimumSemestersHint} sent={{ ...shown, errors: minimumErrors }} type="number" min={1} max={12} />
                <p>
                  <button type="submit">{t.saveMinimums}</button>
                </p>
              </form>
              <h2>{t.retire}</h2>
              <form method="post" action={`${base}/retire`} id="retire-form">
                <input type="hidden" name="_csrf" value={session.csrf} />
                <p class="muted" id="retire-help">
                  {t.retireHelp}
                </p>
                {sent.errors.retire && (
                  <p class="error" role="alert" id="retire-error">
                    {sent.errors.retire}
                  </p>
                )}
                <p>
                  <button type="submit" aria-describedby={sent.errors.retire ? 'retire-help retire-error' : 'retire-help'}>
                    {t.retire}
                  </button>
                </p>
              </form>
            </>
          )}
          <p>
            <a href={`/programmes/${programme.id}/catalogue`}>{t.back}</a>
          </p>
        </>,
      ),
      status,
    );
  }

  // --- development records

  @Get('programmes/:programmeId/development')
  async developmentPage(@Param('programmeId') programmeId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const opened = await this.open(req, res, programmeId);
    if (opened) await this.renderDevelopment(res, opened.session, opened.programme, 200, NO_FORM);
  }

  @Post('programmes/:programmeId/development')
  async addRecord(@Param('programmeId') programmeId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const opened = await this.open(req, res, programmeId);
    if (!opened) return;
    const { session, programme } = opened;
    const values: Values = formValues(body, ['kind', 'heldOn', 'outcome']);
    const ticked = (body as Record<string, unknown> | undefined)?.attendees;
    values.attendees = (Array.isArray(ticked) ? ticked : [ticked]).filter((x): x is string => typeof x === 'string');
    const dto = plainToInstance(DevelopmentRecordDto, { kind: values.kind, heldOn: str(values.heldOn).trim(), attendees: values.attendees, outcome: str(values.outcome).trim() });
    const problems = await problemsOf(dto, session.lang);
    if (problems) return this.renderDevelopment(res, session, programme, 400, { errors: problems, values });
    try {
      await this.work.addDevelopmentRecord(session.principal, programme.id, dto);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      return this.renderDevelopment(res, session, programme, err.getStatus(), { errors: errorsOf(err, session.lang), values });
    }
    res.redirect(303, `/programmes/${programme.id}/development#records`);
  }

  private async renderDevelopment(res: Response, session: PageSession, programme: ProgrammeEntity, status: number, sent: Sent): Promise<void> {
    const { lang } = session;
    const t = T[lang];
    const [records, members] = await Promise.all([this.work.developmentRecords(programme.id), this.localGroups.members(programme.id)]);
    const names = await this.organisation.peopleById([...new Set(records.flatMap((r) => [...r.attendees, r.recordedBy]))]);
    const ticked = new Set(Array.isArray(sent.values.attendees) ? sent.values.attendees : []);
    const attendeesError = sent.errors.attendees;
    sendPage(
      res,
      this.frame(
        session,
        programme,
        'development',
        t.development,
        <>
          <p>{t.recordHelp}</p>
          <h2 id="records">{t.records}</h2>
          {records.length === 0 ? (
            <p class="muted" id="no-records">
              {t.noRecords}
            </p>
          ) : (
            <ul id="record-list">
              {records.map((r) => (
                <li data-kind={r.kind}>
                  <strong>{KIND_LABELS[r.kind][lang]}</strong>, {day(r.heldOn, lang)}: {r.outcome}
                  <br />
                  <span class="muted">
                    {t.fields.attendees}: {r.attendees.length ? r.attendees.map((id) => names.get(id)?.name ?? id).join(', ') : t.nobody} · {t.recordedBy} {names.get(r.recordedBy)?.name ?? ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h2>{t.addRecord}</h2>
          <FormErrors id="record-errors" errors={sent.errors} lang={lang} />
          <form method="post" action={`/programmes/${programme.id}/development`} id="record-form" novalidate>
            <input type="hidden" name="_csrf" value={session.csrf} />
            <Field id="record-kind" label={t.fields.kind} error={sent.errors.kind}>
              <select id="record-kind" name="kind" required {...describedBy('record-kind', sent.errors.kind)}>
                <option value="">{t.choose}</option>
                {DEVELOPMENT_RECORD_KINDS.map((k) => (
                  <option value={k} selected={k === sent.values.kind}>
                    {KIND_LABELS[k][lang]}
                  </option>
                ))}
              </select>
            </Field>
            <Input form="record" name="heldOn" label={t.fields.heldOn} sent={sent} type="date" required />
            <fieldset class={attendeesError ? 'field invalid' : 'field'} id="record-attendees" aria-describedby={attendeesError ? 'record-attendees-error' : undefined}>
              <legend>{t.fields.attendees}</legend>
              {members.map((m) => (
                <label class="choice">
                  <input type="checkbox" name="attendees" value={m.personId} checked={ticked.has(m.personId)} /> {m.person?.name ?? m.personId}
                  {m.localGroupRole && <span class="muted"> – {SEAT_LABELS[m.localGroupRole][lang]}</span>}
                </label>
              ))}
              {attendeesError && (
                <p class="error" id="record-attendees-error">
                  {attendeesError}
                </p>
              )}
            </fieldset>
            <TextArea form="record" name="outcome" label={t.fields.outcome} sent={sent} rows={4} required />
            <p>
              <button type="submit">{t.recordSubmit}</button>
            </p>
          </form>
        </>,
      ),
      status,
    );
  }

  // --- publishing

  /** What publishing still lacks, in words: the rule is the workflow's, this only says where things stand. */
  private async readiness(programme: ProgrammeEntity) {
    const [rollout, activities] = await Promise.all([this.rollouts.activeFor(programme.id), this.work.listCatalogue(programme.id, false)]);
    const home = activities.filter((a) => a.category === 'home').length;
    const abroad = activities.filter((a) => a.category === 'abroad').length;
    const stage = rollout?.stage;
    return {
      stage,
      home,
      abroad,
      lacks: { home: home < 1, abroad: abroad < 1, stage: stage !== 'development' && stage !== 'open' },
    };
  }

  private missingWords(r: Awaited<ReturnType<ProgrammeWorkPagesController['readiness']>>, lang: Lang): string[] {
    const t = T[lang];
    return [...(r.lacks.home ? [t.missingHome] : []), ...(r.lacks.abroad ? [t.missingAbroad] : []), ...(r.lacks.stage ? [t.missingStage(r.stage ? STAGE_LABELS[r.stage][lang] : t.noRollout)] : [])];
  }

  @Get('programmes/:programmeId/publish')
  async publishPage(@Param('programmeId') programmeId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const opened = await this.open(req, res, programmeId);
    if (opened) await this.renderPublish(res, opened.session, opened.programme, 200, NO_FORM);
  }

  @Post('programmes/:programmeId/publish')
  async publish(@Param('programmeId') programmeId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const opened = await this.open(req, res, programmeId);
    if (!opened) return;
    const { session, programme } = opened;
    try {
      await this.work.publish(session.principal, programme.id);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const body = toErrorBody(err);
      // The workflow refuses a catalogue without a home and an abroad activity: the page says which is missing.
      const aboutCatalogue = body.fields?.some((f) => f.field === 'catalogue');
      return this.renderPublish(res, session, programme, err.getStatus(), { errors: { publish: aboutCatalogue ? '' : messageText(session.lang, body.message) }, values: {} });
    }
    res.redirect(303, `/programmes/${programme.id}/publish`);
  }

  private async renderPublish(res: Response, session: PageSession, programme: ProgrammeEntity, status: number, sent: Sent): Promise<void> {
    const { lang } = session;
    const t = T[lang];
    const [fresh, records] = await Promise.all([this.organisation.findProgramme(programme.id), this.work.developmentRecords(programme.id)]);
    const current = fresh ?? programme;
    const r = await this.readiness(current);
    const missing = this.missingWords(r, lang);
    const refused = 'publish' in sent.errors;
    const item = (met: boolean, text: string, key: string) => (
      <li data-item={key} data-met={met ? 'yes' : 'no'}>
        <Badge tone={met ? 'ok' : 'warn'}>{met ? t.done : t.missing}</Badge> {text}
      </li>
    );
    const has = (kind: string) => records.some((x) => x.kind === kind);
    sendPage(
      res,
      this.frame(
        session,
        programme,
        'publish',
        t.publish,
        <>
          {current.enrolmentOpen ? (
            <p id="published">
              <Badge tone="ok">{t.publishedOn}</Badge> {t.published}
              {current.enrolmentOpenedAt && <span class="muted"> ({dateTime(current.enrolmentOpenedAt, lang)})</span>}
            </p>
          ) : (
            <p id="not-published">{t.notPublished}</p>
          )}
          {current.enrolmentOpen ? (
            <p>
              <a href={`/programmes/${programme.id}/catalogue`}>{t.stillAdd}</a>
            </p>
          ) : (
            <>
              <h2>{t.required}</h2>
              <ul class="checklist" id="required">
                {item(!r.lacks.stage, t.needStage(r.lacks.stage ? (r.stage ? STAGE_LABELS[r.stage][lang] : t.noRollout) : undefined), 'stage')}
                {item(!r.lacks.home, t.needHome(r.home), 'home')}
                {item(!r.lacks.abroad, t.needAbroad(r.abroad), 'abroad')}
              </ul>
              <h2>{t.recommended}</h2>
              <ul class="checklist" id="recommended">
                {item(has('workshop'), t.hadWorkshop, 'workshop')}
                {item(has('calibration_meeting'), t.hadCalibration, 'calibration_meeting')}
                {item(has('information_work'), t.hadInformation, 'information_work')}
              </ul>
            </>
          )}
          {!current.enrolmentOpen && (
            <form method="post" action={`/programmes/${programme.id}/publish`} id="publish-form">
              <input type="hidden" name="_csrf" value={session.csrf} />
              {refused ? (
                <div class="error" role="alert" id="publish-error">
                  <p>
                    <strong>{sent.errors.publish || t.cannotPublish}</strong>
                    {missing.length > 0 && ` ${t.stillMissing} ${missing.join('; ')}.`}
                  </p>
                </div>
              ) : (
                <p id="publish-status">{missing.length ? `${t.stillMissing} ${missing.join('; ')}.` : t.readyToPublish}</p>
              )}
              <p>
                <button type="submit" aria-describedby={refused ? 'publish-error' : 'publish-status'}>
                  {t.publishSubmit}
                </button>
              </p>
            </form>
          )}
        </>,
      ),
      status,
    );
  }

  // --- review meetings

  @Get('programmes/:programmeId/meetings')
  async meetingsPage(@Param('programmeId') programmeId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const opened = await this.open(req, res, programmeId);
    if (opened) await this.renderMeetings(res, opened.session, opened.programme, 200, NO_FORM);
  }

  @Post('programmes/:programmeId/meetings')
  async schedule(@Param('programmeId') programmeId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const opened = await this.open(req, res, programmeId);
    if (!opened) return;
    const { session, programme } = opened;
    const values = formValues(body, ['scheduledAt', 'location']);
    const dto = plainToInstance(ReviewMeetingDto, { scheduledAt: osloDateTime(values.scheduledAt), ...(values.location.trim() ? { location: values.location.trim() } : {}) });
    const problems = await problemsOf(dto, session.lang);
    if (problems) return this.renderMeetings(res, session, programme, 400, { errors: problems, values });
    try {
      await this.work.scheduleReviewMeeting(session.principal, programme.id, dto);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const errors = errorsOf(err, session.lang);
      // "Already two meetings that semester" is about the date chosen.
      if (errors.form && err.getStatus() === 409) return this.renderMeetings(res, session, programme, 409, { errors: { scheduledAt: errors.form }, values });
      return this.renderMeetings(res, session, programme, err.getStatus(), { errors, values });
    }
    res.redirect(303, `/programmes/${programme.id}/meetings#upcoming`);
  }

  private async renderMeetings(res: Response, session: PageSession, programme: ProgrammeEntity, status: number, sent: Sent): Promise<void> {
    const { lang } = session;
    const t = T[lang];
    const meetings = await this.work.reviewMeetings(programme.id);
    const now = Date.now();
    const upcoming = meetings.filter((m) => m.scheduledAt.getTime() >= now);
    const past = meetings.filter((m) => m.scheduledAt.getTime() < now).reverse();
    const table = (rows: typeof meetings, id: string) => (
      <table id={id}>
        <thead>
          <tr>
            <th scope="col">{t.when}</th>
            <th scope="col">{t.semester}</th>
            <th scope="col">{t.where}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr data-meeting={m.id}>
              <td>
                <a href={`/meetings/${m.id}`}>{when(m.scheduledAt, lang)}</a>
              </td>
              <td>{semesterLabel(m.semester, lang)}</td>
              <td>{m.location ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
    sendPage(
      res,
      this.frame(
        session,
        programme,
        'meetings',
        t.meetings,
        <>
          <h2 id="upcoming">{t.upcoming}</h2>
          {upcoming.length ? table(upcoming, 'upcoming-meetings') : <p class="muted" id="no-meetings">{t.noMeetings}</p>}
          {past.length > 0 && (
            <>
              <h2>{t.past}</h2>
              {table(past, 'past-meetings')}
            </>
          )}
          <h2>{t.schedule}</h2>
          <p>{t.scheduleHelp}</p>
          <FormErrors id="meeting-errors" errors={sent.errors} lang={lang} />
          <form method="post" action={`/programmes/${programme.id}/meetings`} id="meeting-form" novalidate>
            <input type="hidden" name="_csrf" value={session.csrf} />
            <Input form="meeting" name="scheduledAt" label={t.fields.scheduledAt} hint={t.scheduledAtHint} sent={sent} type="datetime-local" required />
            <Input form="meeting" name="location" label={t.fields.location} sent={sent} maxLength={200} />
            <p>
              <button type="submit">{t.scheduleSubmit}</button>
            </p>
          </form>
        </>,
      ),
      status,
    );
  }

  // --- a meeting's agenda, and each report on it

  /** The agenda as CertificatesService answers it (who may read it is its decision), with the meeting and the programme. */
  private async agenda(res: Response, session: PageSession, meetingId: string) {
    try {
      if (!isUuid(meetingId)) throw new NotFoundException('no such review meeting');
      const agenda = await this.certificates.agenda(session.principal, meetingId);
      const meeting = await this.catalogue.findReviewMeeting(meetingId);
      const programme = meeting && (await this.organisation.findProgramme(meeting.programmeId));
      if (!meeting || !programme) throw new NotFoundException('no such review meeting');
      const students = new Map<string, string>();
      for (const id of new Set(agenda.reports.map((r) => r.certificateId))) students.set(id, (await this.certificates.find(id)).student?.name ?? '');
      const rows = new Map((await Promise.all(agenda.reports.map((r) => this.reports.report(r.reportId)))).flatMap((row) => (row ? [[row.id, row] as const] : [])));
      return { agenda, meeting, programme, students, rows };
    } catch (err) {
      this.problem(res, session, err);
      return undefined;
    }
  }

  @Get('meetings/:meetingId')
  async agendaPage(@Param('meetingId') meetingId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    const found = await this.agenda(res, session, meetingId);
    if (!found) return;
    const { agenda, meeting, programme, students, rows } = found;
    const { lang } = session;
    const t = T[lang];
    sendPage(
      res,
      this.frame(
        session,
        programme,
        'meetings',
        t.agendaOf(when(meeting.scheduledAt, lang)),
        <>
          <p>
            {t.semester}: {semesterLabel(meeting.semester, lang)}
            {meeting.location && ` · ${t.where}: ${meeting.location}`}
          </p>
          {agenda.reports.length === 0 ? (
            <p class="muted" id="no-reports">
              {t.noReports}
            </p>
          ) : (
            <table id="agenda">
              <thead>
                <tr>
                  <th scope="col">{t.student}</th>
                  <th scope="col">{t.round}</th>
                  <th scope="col">{t.handedIn}</th>
                  <th scope="col">{t.status}</th>
                </tr>
              </thead>
              <tbody>
                {agenda.reports.map((r) => (
                  <tr data-report={r.reportId} data-status={r.status}>
                    <td>
                      <a href={`/meetings/${meeting.id}/reports/${r.reportId}`}>
                        {students.get(r.certificateId)}, {t.round.toLowerCase()} {r.round}
                      </a>
                    </td>
                    <td>{r.round}</td>
                    <td>{rows.get(r.reportId) ? dateTime(rows.get(r.reportId)!.submittedAt, lang) : ''}</td>
                    <td>
                      <Badge tone={r.status === 'approved' ? 'ok' : r.status === 'revise' ? 'warn' : 'plain'}>{REPORT_STATUS_LABELS[r.status][lang]}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            <a href={`/programmes/${programme.id}/meetings`}>{t.backToMeetings}</a>
          </p>
        </>,
      ),
    );
  }

  @Get('meetings/:meetingId/reports/:reportId')
  async reportPage(@Param('meetingId') meetingId: string, @Param('reportId') reportId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    await this.renderReport(res, session, meetingId, reportId, 200, NO_FORM);
  }

  @Post('meetings/:meetingId/reports/:reportId/decision')
  async decide(@Param('meetingId') meetingId: string, @Param('reportId') reportId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    const found = await this.agenda(res, session, meetingId);
    if (!found) return;
    const report = found.agenda.reports.find((r) => r.reportId === reportId);
    if (!report) return this.problem(res, session, new NotFoundException('no such report on this meeting’s agenda'));
    const values = formValues(body, ['outcome', 'comment']);
    const dto = plainToInstance(ReviewDecisionDto, { certificateId: report.certificateId, outcome: values.outcome, ...(values.comment.trim() ? { comment: values.comment.trim() } : {}) });
    const problems = await problemsOf(dto, session.lang);
    if (problems) return this.renderReport(res, session, meetingId, reportId, 400, { errors: problems, values });
    try {
      await this.certificates.review(session.principal, meetingId, dto);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      return this.renderReport(res, session, meetingId, reportId, err.getStatus(), { errors: errorsOf(err, session.lang), values });
    }
    res.redirect(303, `/meetings/${meetingId}/reports/${reportId}#decision`);
  }

  private async renderReport(res: Response, session: PageSession, meetingId: string, reportId: string, status: number, sent: Sent): Promise<void> {
    const found = await this.agenda(res, session, meetingId);
    if (!found) return;
    const { agenda, meeting, programme, students, rows } = found;
    const report = agenda.reports.find((r) => r.reportId === reportId);
    if (!report) return this.problem(res, session, new NotFoundException('no such report on this meeting’s agenda'));
    const { lang } = session;
    const t = T[lang];
    const row = rows.get(report.reportId);
    const outcomeError = sent.errors.outcome;
    sendPage(
      res,
      this.frame(
        session,
        programme,
        'meetings',
        t.reportOf(students.get(report.certificateId) ?? ''),
        <>
          <p>
            <a href={`/meetings/${meeting.id}`}>{t.agendaOf(when(meeting.scheduledAt, lang))}</a>
          </p>
          <table id="report-facts">
            <tbody>
              <tr>
                <th scope="row">{t.round}</th>
                <td>{report.round}</td>
              </tr>
              {row && (
                <tr>
                  <th scope="row">{t.handedIn}</th>
                  <td>{dateTime(row.submittedAt, lang)}</td>
                </tr>
              )}
              <tr>
                <th scope="row">{t.status}</th>
                <td id="report-status">
                  <Badge tone={report.status === 'approved' ? 'ok' : report.status === 'revise' ? 'warn' : 'plain'}>{REPORT_STATUS_LABELS[report.status][lang]}</Badge>
                  {row?.comment && <span class="muted"> {lang === 'nb' ? `«${row.comment}»` : `“${row.comment}”`}</span>}
                </td>
              </tr>
            </tbody>
          </table>
          <div class="text" id="report-text">
            {report.text}
          </div>
          <h2 id="decision">{t.decision}</h2>
          {report.status !== 'submitted' ? (
            <p id="decided">{t.decided}</p>
          ) : (
            <>
              <FormErrors id="decision-errors" errors={sent.errors} lang={lang} />
              <form method="post" action={`/meetings/${meeting.id}/reports/${report.reportId}/decision`} id="decision-form" novalidate>
                <input type="hidden" name="_csrf" value={session.csrf} />
                <fieldset class={outcomeError ? 'field invalid' : 'field'} id="decision-outcome" aria-describedby={outcomeError ? 'decision-outcome-error' : undefined}>
                  <legend>{t.fields.outcomeDecision}</legend>
                  {(['approve', 'revise'] as const).map((o) => (
                    <label class="choice">
                      <input type="radio" name="outcome" value={o} checked={sent.values.outcome === o} required /> {o === 'approve' ? t.approve : t.revise}
                    </label>
                  ))}
                  {outcomeError && (
                    <p class="error" id="decision-outcome-error">
                      {outcomeError}
                    </p>
                  )}
                </fieldset>
                <TextArea form="decision" name="comment" label={t.fields.comment} hint={t.commentHint} sent={sent} rows={4} />
                <p>
                  <button type="submit">{t.decide}</button>
                </p>
              </form>
            </>
          )}
          <p>
            <a href={`/meetings/${meeting.id}`}>{t.backToAgenda}</a>
          </p>
        </>,
      ),
      status,
    );
  }
}
