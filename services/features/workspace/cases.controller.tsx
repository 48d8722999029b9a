import { Body, Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { CommentDto, SubmitInitiativeDto } from '../rollouts/rollouts.dto.js';
import { RolloutsService } from '../rollouts/rollouts.service.js';
import { TasksService } from '../tasks/tasks.service.js';
import { TASK_TITLES } from '../rollouts/rollout.templates.js';
import { CAPACITY_LABELS, OUTCOME_LABELS, PHASE_LABELS } from '../tasks/task-labels.js';
import { toErrorBody } from '../../platform/http/errors.js';
import { Badge, describedBy, Field, Layout, ProgressLine, renderPage, type Lang } from '../../platform/http/ui/components.js';
import { dateFormat, isUuid } from '../../platform/http/ui/format.js';
import { errorsOf, problemText, validationErrors } from '../../platform/http/ui/problems.js';
import { INITIATOR_CAPACITIES, ROLLOUT_STAGES, WITHDRAWABLE_STAGES, type RolloutStage } from '../../../workflows/contracts/rollout.contract.js';
import { pageSession, sendPage, type PageSession } from './page-session.js';

const PAGE_SIZE = 25;

export const STAGE_LABELS: Record<RolloutStage, Record<Lang, string>> = {
  anchoring: { nb: 'Forankring', en: 'Anchoring' },
  changes_requested: { nb: 'Endringer etterspurt', en: 'Changes asked for' },
  final_approval: { nb: 'Endelig godkjenning', en: 'Final approval' },
  local_group: { nb: 'Lokal ressursgruppe', en: 'Local group' },
  development: { nb: 'Utvikling', en: 'Development' },
  open: { nb: 'Åpent for studenter', en: 'Open to students' },
  declined: { nb: 'Avslått', en: 'Declined' },
  withdrawn: { nb: 'Trukket', en: 'Withdrawn' },
};
/** The stages a case passes through, in order (declined and withdrawn end it early). */
const PROGRESS: RolloutStage[] = ['anchoring', 'final_approval', 'local_group', 'development', 'open'];

const EVENT_LABELS: Record<string, Record<Lang, string>> = {
  'initiative.submitted': { nb: 'Initiativet ble sendt inn', en: 'The initiative was submitted' },
  'initiative.resubmitted': { nb: 'Initiativet ble sendt inn på nytt', en: 'The initiative was resubmitted' },
  'initiative.withdrawn': { nb: 'Initiativet ble trukket', en: 'The initiative was withdrawn' },
  'initiative.declined': { nb: 'Initiativet ble avslått', en: 'The initiative was declined' },
  changes_requested: { nb: 'Det ble bedt om endringer', en: 'Changes were asked for' },
  'local_group.registered': { nb: 'Den lokale ressursgruppen ble registrert', en: 'The local group was registered' },
  'programme.opened': { nb: 'Studieprogrammet ble åpnet for CIL', en: 'The programme was opened for CIL' },
  'task.reassigned': { nb: 'En oppgave fikk ny ansvarlig', en: 'A task was reassigned' },
  comment: { nb: 'Kommentar', en: 'Comment' },
};

const T = {
  nb: {
    cases: 'Saker',
    faculty: 'Fakultet',
    programme: 'Studieprogram',
    stage: 'Fase',
    anyFaculty: 'Alle fakulteter',
    anyProgramme: 'Alle studieprogram',
    anyStage: 'Alle faser',
    show: 'Vis',
    none: 'Ingen saker her.',
    updated: 'Sist endret',
    previous: 'Forrige side',
    next: 'Neste side',
    pages: 'Sider',
    progress: 'Sakens gang',
    initiative: 'Initiativet',
    initiator: 'Initiativtaker',
    motivation: 'Begrunnelse',
    activities: 'Foreslåtte aktiviteter',
    students: 'Forventet antall studenter per år',
    estimate: 'Ressursanslag',
    development: 'Utvikling i alt',
    operation: 'Drift per semester',
    assessments: 'Vurderinger',
    noAssessments: 'Ingen vurderinger ennå.',
    openTasks: 'Åpne oppgaver',
    noOpenTasks: 'Ingen åpne oppgaver.',
    holder: 'Ansvarlig',
    due: 'Frist',
    timeline: 'Tidslinje',
    comment: 'Kommentar',
    addComment: 'Legg til kommentar',
    withdraw: 'Trekk initiativet',
    reassign: 'Gi oppgaven til en annen',
    reassignTo: 'Ny ansvarlig',
    choosePerson: 'Velg en person …',
    reason: 'Begrunnelse (valgfri)',
    newInitiative: 'Nytt CIL-initiativ',
    newHelp: 'Foreslå at CIL tas i bruk på et studieprogram. Studieleder og seksjonssjef vurderer forslaget, og instituttleder gjør det endelige vedtaket.',
    capacity: 'Jeg foreslår dette som',
    expected: 'Forventet antall studenter per år',
    proposed: 'Aktiviteter du har i tankene (valgfritt)',
    motivationHint: 'Minst 10 tegn.',
    submit: 'Send inn initiativet',
    choose: 'Velg …',
    problem: 'Rett opp feltene som er merket.',
    hours: 't',
    covered: 'dekkes',
    notCovered: 'dekkes ikke',
  },
  en: {
    cases: 'Cases',
    faculty: 'Faculty',
    programme: 'Programme',
    stage: 'Stage',
    anyFaculty: 'All faculties',
    anyProgramme: 'All programmes',
    anyStage: 'All stages',
    show: 'Show',
    none: 'No cases here.',
    updated: 'Last changed',
    previous: 'Previous page',
    next: 'Next page',
    pages: 'Pages',
    progress: 'Where the case stands',
    initiative: 'The initiative',
    initiator: 'Initiator',
    motivation: 'Motivation',
    activities: 'Proposed activities',
    students: 'Expected students per year',
    estimate: 'Resource estimate',
    development: 'Development in all',
    operation: 'Operation per semester',
    assessments: 'Assessments',
    noAssessments: 'No assessments yet.',
    openTasks: 'Open tasks',
    noOpenTasks: 'No open tasks.',
    holder: 'Held by',
    due: 'Due',
    timeline: 'Timeline',
    comment: 'Comment',
    addComment: 'Add the comment',
    withdraw: 'Withdraw the initiative',
    reassign: 'Give the task to someone else',
    reassignTo: 'New holder',
    choosePerson: 'Choose a person …',
    reason: 'Reason (optional)',
    newInitiative: 'New CIL initiative',
    newHelp: 'Propose CIL on a study programme. The programme leader and the section head assess it, and the head of department decides.',
    capacity: 'I propose this as',
    expected: 'Expected students per year',
    proposed: 'Activities you have in mind (optional)',
    motivationHint: 'At least 10 characters.',
    submit: 'Submit the initiative',
    choose: 'Choose …',
    problem: 'Please correct the marked fields.',
    hours: 'h',
    covered: 'covered',
    notCovered: 'not covered',
  },
};

const date = (d: Date | string, lang: Lang, time = false) =>
  dateFormat(lang, { dateStyle: 'medium', ...(time ? { timeStyle: 'short' } : {}) }).format(new Date(d));
/** An event in words: a known kind, or a task's decision (`<task type>.<outcome>`). */
function eventText(kind: string, lang: Lang): string {
  if (EVENT_LABELS[kind]) return EVENT_LABELS[kind][lang];
  const [type, outcome] = kind.split('.');
  if (outcome && TASK_TITLES[type as keyof typeof TASK_TITLES]) return `${TASK_TITLES[type as keyof typeof TASK_TITLES][lang]}: ${OUTCOME_LABELS[outcome as keyof typeof OUTCOME_LABELS]?.[lang] ?? outcome}`;
  return kind;
}
const taskTitle = (type: string, lang: Lang) => TASK_TITLES[type as keyof typeof TASK_TITLES]?.[lang] ?? type;
const labelOf = (labels: Record<string, Record<Lang, string>>, key: unknown, lang: Lang) => (typeof key === 'string' ? (labels[key]?.[lang] ?? key) : '');

type Errors = Record<string, string>;

/**
 * Cases (rollouts) as pages: the list the person may see, a case page that follows the case, and
 * the new-initiative form. They call RolloutsService, so the JSON API's case policy applies as is.
 */
@ApiExcludeController()
@Public()
@Controller()
export class CasesController {
  constructor(
    private readonly rollouts: RolloutsService,
    private readonly organisation: OrganisationRepository,
    private readonly tasks: TasksService,
  ) {}

  @Get('cases')
  async list(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    const { lang } = session;
    const t = T[lang];
    const text = (k: string) => (typeof query[k] === 'string' && query[k] ? (query[k]).slice(0, 64) : undefined);
    const faculty = text('faculty');
    const programme = text('programme');
    const stage = ROLLOUT_STAGES.includes(text('stage') as RolloutStage) ? (text('stage') as RolloutStage) : undefined;
    const page = Math.max(1, Math.min(10_000, Number.parseInt(text('page') ?? '1', 10) || 1));
    const [rows, programmes] = await Promise.all([
      this.rollouts.list(session.principal, { faculty, programme, state: stage, limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE }),
      this.organisation.listProgrammes(),
    ]);
    const faculties = [...new Map(programmes.flatMap((p) => (p.department?.faculty ? [[p.department.faculty.code, lang === 'nb' ? p.department.faculty.nameNb : p.department.faculty.nameEn] as const] : []))).entries()].sort();
    const more = rows.length > PAGE_SIZE;
    const pageLink = (n: number) => `/cases?${new URLSearchParams({ ...(faculty ? { faculty } : {}), ...(programme ? { programme } : {}), ...(stage ? { stage } : {}), page: String(n) }).toString()}`;
    sendPage(
      res,
      renderPage(
        <Layout lang={lang} title={t.cases} person={session.principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <h1>{t.cases}</h1>
          <form method="get" action="/cases">
            <label for="cases-faculty">{t.faculty}</label>{' '}
            <select id="cases-faculty" name="faculty">
              <option value="">{t.anyFaculty}</option>
              {faculties.map(([code, name]) => (
                <option value={code} selected={code === faculty}>
                  {name} ({code})
                </option>
              ))}
            </select>{' '}
            <label for="cases-programme">{t.programme}</label>{' '}
            <select id="cases-programme" name="programme">
              <option value="">{t.anyProgramme}</option>
              {programmes.map((p) => (
                <option value={p.code} selected={p.code === programme}>
                  {lang === 'nb' ? p.nameNb : p.nameEn} ({p.code})
                </option>
              ))}
            </select>{' '}
            <label for="cases-stage">{t.stage}</label>{' '}
            <select id="cases-stage" name="stage">
              <option value="">{t.anyStage}</option>
              {ROLLOUT_STAGES.map((s) => (
                <option value={s} selected={s === stage}>
                  {STAGE_LABELS[s][lang]}
                </option>
              ))}
            </select>{' '}
            <button type="submit">{t.show}</button>
          </form>
          {rows.length === 0 ? (
            <p class="muted" id="no-cases">
              {t.none}
            </p>
          ) : (
            <table id="cases">
              <thead>
                <tr>
                  <th scope="col">{t.programme}</th>
                  <th scope="col">{t.faculty}</th>
                  <th scope="col">{t.stage}</th>
                  <th scope="col">{t.updated}</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, PAGE_SIZE).map((r) => (
                  <tr data-case={r.id}>
                    <td>
                      <a href={`/cases/${r.id}`}>{r.programme ? `${lang === 'nb' ? r.programme.nameNb : r.programme.nameEn} (${r.programme.code})` : r.id}</a>
                    </td>
                    <td>{r.faculty?.code ?? ''}</td>
                    <td>{STAGE_LABELS[r.state]?.[lang] ?? r.state}</td>
                    <td>{date(r.updatedAt, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {(page > 1 || more) && (
            <nav aria-label={t.pages}>
              <ul class="filters">
                {page > 1 && (
                  <li>
                    <a href={pageLink(page - 1)} rel="prev">
                      {t.previous}
                    </a>
                  </li>
                )}
                {more && (
                  <li>
                    <a href={pageLink(page + 1)} rel="next">
                      {t.next}
                    </a>
                  </li>
                )}
              </ul>
            </nav>
          )}
        </Layout>,
      ),
    );
  }

  @Get('cases/:id')
  async show(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    await this.renderCase(res, session, id, 200, {});
  }

  @Post('cases/:id/comments')
  async comment(@Param('id') id: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    if (!isUuid(id)) return this.renderCase(res, session, id, 404, {});
    const written = typeof body.comment === 'string' ? body.comment : '';
    const dto = plainToInstance(CommentDto, { comment: written.trim() });
    const refused = await validationErrors(dto, session.lang);
    try {
      if (refused) return await this.renderCase(res, session, id, 400, refused, { comment: written });
      await this.rollouts.comment(session.principal, id, dto);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      return this.renderCase(res, session, id, err.getStatus(), { comment: toErrorBody(err).message }, { comment: written });
    }
    res.redirect(303, `/cases/${id}#timeline`);
  }

  @Post('cases/:id/withdraw')
  async withdraw(@Param('id') id: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    if (!isUuid(id)) return this.renderCase(res, session, id, 404, {});
    const reason = typeof body.reason === 'string' && body.reason.trim() ? body.reason.trim().slice(0, 2000) : undefined;
    try {
      await this.rollouts.withdraw(session.principal, id, reason);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      return this.renderCase(res, session, id, err.getStatus(), { withdraw: toErrorBody(err).message }, { reason: reason ?? '' });
    }
    res.redirect(303, `/cases/${id}`);
  }

  /** The faculty representative or the central group gives an open task to someone else. */
  @Post('cases/:id/tasks/:taskId/reassign')
  async reassign(@Param('id') id: string, @Param('taskId') taskId: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    if (!isUuid(id)) return this.renderCase(res, session, id, 404, {});
    const assigneeId = typeof body.assigneeId === 'string' ? body.assigneeId : '';
    // A task that is not one of this case's open tasks has no row to show its problem in: the form's place.
    const open = (await this.rollouts.get(session.principal, id).catch(() => undefined))?.openTasks.some((x) => x.id === taskId);
    const field = open ? `reassign-${taskId}` : 'form';
    try {
      if (!isUuid(assigneeId)) return await this.renderCase(res, session, id, 400, { [field]: problemText(session.lang, 'assigneeId', 'assigneeId must be a UUID') });
      await this.tasks.reassign(session.principal, taskId, assigneeId);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const errors = errorsOf(err, session.lang);
      return this.renderCase(res, session, id, err.getStatus(), { [field]: errors.assigneeId ?? errors.form ?? '' });
    }
    res.redirect(303, `/cases/${id}#open-tasks`);
  }

  @Get('initiatives/new')
  async newInitiative(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    await this.renderInitiativeForm(res, session, 200, {}, {});
  }

  @Post('initiatives')
  async submit(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    const values = Object.fromEntries(['programmeId', 'initiatorCapacity', 'expectedStudentsPerYear', 'motivation', 'proposedActivities'].map((k) => [k, typeof body[k] === 'string' ? (body[k]).trim() : '']));
    const dto = plainToInstance(SubmitInitiativeDto, {
      programmeId: values.programmeId,
      initiatorCapacity: values.initiatorCapacity,
      expectedStudentsPerYear: /^\d+$/.test(values.expectedStudentsPerYear) ? Number(values.expectedStudentsPerYear) : values.expectedStudentsPerYear,
      motivation: values.motivation,
      ...(values.proposedActivities ? { proposedActivities: values.proposedActivities } : {}),
    });
    const refused = await validationErrors(dto, session.lang);
    if (refused) return this.renderInitiativeForm(res, session, 400, refused, values);
    let created: { id: string };
    try {
      created = await this.rollouts.submit(session.principal, dto);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const errors = errorsOf(err, session.lang);
      // A second initiative on the same programme names the open case: the refusal belongs to the programme field.
      if (errors.form && err.getStatus() === 409) return this.renderInitiativeForm(res, session, 409, { programmeId: errors.form }, values);
      return this.renderInitiativeForm(res, session, err.getStatus(), errors, values);
    }
    res.redirect(303, `/cases/${created.id}`);
  }

  private async renderInitiativeForm(res: Response, session: PageSession, status: number, errors: Errors, values: Record<string, string>): Promise<void> {
    const { lang } = session;
    const t = T[lang];
    const programmes = await this.organisation.listProgrammes();
    const byFaculty = new Map<string, { label: string; items: typeof programmes }>();
    for (const p of programmes) {
      const f = p.department?.faculty;
      const key = f?.code ?? '';
      if (!byFaculty.has(key)) byFaculty.set(key, { label: f ? `${lang === 'nb' ? f.nameNb : f.nameEn} (${f.code})` : '', items: [] });
      byFaculty.get(key)!.items.push(p);
    }
    const hasErrors = Object.keys(errors).length > 0;
    sendPage(
      res,
      renderPage(
        <Layout lang={lang} title={t.newInitiative} person={session.principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <h1>{t.newInitiative}</h1>
          <p>{t.newHelp}</p>
          {hasErrors && (
            <div class="error" role="alert" id="form-errors">
              <p>
                <strong>{errors.form ?? t.problem}</strong>
              </p>
            </div>
          )}
          <form method="post" action="/initiatives" id="initiative-form" novalidate>
            <input type="hidden" name="_csrf" value={session.csrf} />
            <Field id="initiative-programmeId" label={t.programme} error={errors.programmeId}>
              <select id="initiative-programmeId" name="programmeId" required {...describedBy('initiative-programmeId', errors.programmeId)}>
                <option value="">{t.choose}</option>
                {[...byFaculty.values()].map((group) => (
                  <optgroup label={group.label}>
                    {group.items.map((p) => (
                      <option value={p.id} selected={p.id === values.programmeId}>
                        {lang === 'nb' ? p.nameNb : p.nameEn} ({p.code})
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </Field>
            <Field id="initiative-initiatorCapacity" label={t.capacity} error={errors.initiatorCapacity}>
              <select id="initiative-initiatorCapacity" name="initiatorCapacity" required {...describedBy('initiative-initiatorCapacity', errors.initiatorCapacity)}>
                <option value="">{t.choose}</option>
                {INITIATOR_CAPACITIES.map((c) => (
                  <option value={c} selected={c === values.initiatorCapacity}>
                    {CAPACITY_LABELS[c][lang]}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="initiative-expectedStudentsPerYear" label={t.expected} error={errors.expectedStudentsPerYear}>
              <input id="initiative-expectedStudentsPerYear" name="expectedStudentsPerYear" type="number" min="0" max="10000" step="1" required value={values.expectedStudentsPerYear ?? ''} {...describedBy('initiative-expectedStudentsPerYear', errors.expectedStudentsPerYear)} />
            </Field>
            <Field id="initiative-motivation" label={t.motivation} hint={t.motivationHint} error={errors.motivation}>
              <textarea id="initiative-motivation" name="motivation" rows={6} cols={60} required maxLength={5000} {...describedBy('initiative-motivation', errors.motivation, t.motivationHint)}>
                {values.motivation ?? ''}
              </textarea>
            </Field>
            <Field id="initiative-proposedActivities" label={t.proposed} error={errors.proposedActivities}>
              <textarea id="initiative-proposedActivities" name="proposedActivities" rows={4} cols={60} maxLength={5000} {...describedBy('initiative-proposedActivities', errors.proposedActivities)}>
                {values.proposedActivities ?? ''}
              </textarea>
            </Field>
            <p>
              <button type="submit">{t.submit}</button>
            </p>
          </form>
        </Layout>,
      ),
      status,
    );
  }

  private async renderCase(res: Response, session: PageSession, id: string, status: number, errors: Errors, values: Record<string, string> = {}): Promise<void> {
    const { lang, principal } = session;
    const t = T[lang];
    let c: Awaited<ReturnType<RolloutsService['get']>>;
    try {
      if (!isUuid(id)) throw new HttpException(`no rollout with id ${id}`, 404);
      c = await this.rollouts.get(principal, id);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const title = err.getStatus() === 404 ? (lang === 'nb' ? 'Fant ikke saken' : 'No such case') : lang === 'nb' ? 'Ingen tilgang' : 'No access';
      sendPage(
        res,
        renderPage(
          <Layout lang={lang} title={title} person={principal} nav={session.nav} csrf={session.csrf} path={session.path}>
            <h1>{title}</h1>
            <p>{toErrorBody(err).message}</p>
            <p>
              <a href="/cases">{t.cases}</a>
            </p>
          </Layout>,
        ),
        err.getStatus(),
      );
      return;
    }
    const stage = c.state;
    const name = c.programme ? `${lang === 'nb' ? c.programme.nameNb : c.programme.nameEn} (${c.programme.code})` : c.id;
    const reached = PROGRESS.indexOf(stage === 'changes_requested' ? 'anchoring' : stage);
    const assessments = c.tasks.filter((x) => x.status === 'done' && x.decision && (x.type.startsWith('anchoring_') || x.type === 'final_approval'));
    const mayWithdraw = c.initiatorId === principal.personId && WITHDRAWABLE_STAGES.includes(stage);
    const mayReassign = c.openTasks.length > 0 && this.tasks.mayReassign(principal, c.faculty?.id);
    const assignees = mayReassign ? await this.tasks.eligibleAssignees() : [];
    sendPage(
      res,
      renderPage(
        <Layout lang={lang} title={name} person={principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <h1>{name}</h1>
          <p>
            {t.stage}: <Badge tone={stage === 'declined' || stage === 'withdrawn' ? 'bad' : stage === 'open' ? 'ok' : 'plain'}>{STAGE_LABELS[stage]?.[lang] ?? stage}</Badge>
          </p>
          {errors.form && (
            <p class="error" role="alert" id="case-error">
              {errors.form}
            </p>
          )}
          {reached >= 0 && <ProgressLine label={t.progress} current={stage === 'open' ? PROGRESS.length : reached} steps={PROGRESS.map((s) => ({ key: s, label: STAGE_LABELS[s][lang] }))} />}
          <h2>{t.initiative}</h2>
          <table>
            <tbody>
              <tr>
                <th scope="row">{t.initiator}</th>
                <td>
                  {c.initiative.initiatorName} ({labelOf(CAPACITY_LABELS, c.initiative.initiatorCapacity, lang)})
                </td>
              </tr>
              <tr>
                <th scope="row">{t.motivation}</th>
                <td>{c.initiative.motivation}</td>
              </tr>
              <tr>
                <th scope="row">{t.activities}</th>
                <td>{c.initiative.proposedActivities ?? '—'}</td>
              </tr>
              <tr>
                <th scope="row">{t.students}</th>
                <td>{c.initiative.expectedStudentsPerYear}</td>
              </tr>
            </tbody>
          </table>
          <h2>{t.estimate}</h2>
          <table id="estimate">
            <tbody>
              {c.resourceEstimate.lines.map((l) => (
                <tr>
                  <td>{labelOf(PHASE_LABELS, l.phase, lang)}</td>
                  <td>{l.text[lang]}</td>
                  <td>
                    {l.hours} {t.hours}
                  </td>
                </tr>
              ))}
              <tr>
                <th scope="row" colSpan={2}>
                  {t.development}
                </th>
                <td>
                  {c.resourceEstimate.developmentHours} {t.hours}
                </td>
              </tr>
              <tr>
                <th scope="row" colSpan={2}>
                  {t.operation}
                </th>
                <td>
                  {c.resourceEstimate.operationHoursPerSemester} {t.hours}
                </td>
              </tr>
            </tbody>
          </table>
          <h2>{t.assessments}</h2>
          {assessments.length === 0 ? (
            <p class="muted">{t.noAssessments}</p>
          ) : (
            <ul id="assessments">
              {assessments.map((x) => {
                const d = x.decision as { outcome?: string; reason?: string; comment?: string; assessment?: { developmentHours?: number; operationHoursPerSemester?: number; covered?: boolean; comment?: string } };
                return (
                  <li>
                    <strong>{taskTitle(x.type, lang)}</strong> – {x.assigneeName}: {labelOf(OUTCOME_LABELS, d.outcome, lang)}
                    {d.assessment && ` · ${d.assessment.developmentHours ?? '—'} + ${d.assessment.operationHoursPerSemester ?? '—'} ${t.hours}, ${d.assessment.covered ? t.covered : t.notCovered}`}
                    {(d.reason ?? d.comment ?? d.assessment?.comment) && <span class="muted"> «{d.reason ?? d.comment ?? d.assessment?.comment}»</span>}
                  </li>
                );
              })}
            </ul>
          )}
          <h2>{t.openTasks}</h2>
          {c.openTasks.length === 0 ? (
            <p class="muted">{t.noOpenTasks}</p>
          ) : (
            <table id="open-tasks">
              <thead>
                <tr>
                  <th scope="col">{lang === 'nb' ? 'Oppgave' : 'Task'}</th>
                  <th scope="col">{t.holder}</th>
                  <th scope="col">{t.due}</th>
                  {mayReassign && <th scope="col">{t.reassign}</th>}
                </tr>
              </thead>
              <tbody>
                {c.openTasks.map((x) => (
                  <tr data-task={x.id} data-holder={x.assigneeId}>
                    <td>{x.assigneeId === principal.personId ? <a href={`/tasks/${encodeURIComponent(x.id)}`}>{taskTitle(x.type, lang)}</a> : taskTitle(x.type, lang)}</td>
                    <td>{x.assigneeName}</td>
                    <td>{date(x.dueAt, lang)}</td>
                    {mayReassign && (
                      <td>
                        <form method="post" action={`/cases/${c.id}/tasks/${encodeURIComponent(x.id)}/reassign`} class="reassign">
                          <input type="hidden" name="_csrf" value={session.csrf} />
                          <Field id={`reassign-${x.id}`} label={t.reassignTo} error={errors[`reassign-${x.id}`]}>
                            <select id={`reassign-${x.id}`} name="assigneeId" {...describedBy(`reassign-${x.id}`, errors[`reassign-${x.id}`])}>
                              <option value="">{t.choosePerson}</option>
                              {assignees
                                .filter((p) => p.id !== x.assigneeId)
                                .map((p) => (
                                  <option value={p.id}>{p.name}</option>
                                ))}
                            </select>
                          </Field>
                          <button type="submit">{t.reassign}</button>
                        </form>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2 id="timeline">{t.timeline}</h2>
          <ol class="timeline">
            {c.timeline.map((e) => (
              <li>
                <span class="muted">{date(e.at, lang, true)}</span> {eventText(e.kind, lang)}
                {e.actorName && ` – ${e.actorName}`}
                {e.comment && <>: «{e.comment}»</>}
              </li>
            ))}
          </ol>
          <form method="post" action={`/cases/${c.id}/comments`} id="comment-form">
            <input type="hidden" name="_csrf" value={session.csrf} />
            <Field id="case-comment" label={t.comment} error={errors.comment}>
              <textarea id="case-comment" name="comment" rows={3} cols={60} maxLength={5000} {...describedBy('case-comment', errors.comment)}>
                {values.comment ?? ''}
              </textarea>
            </Field>
            <p>
              <button type="submit">{t.addComment}</button>
            </p>
          </form>
          {mayWithdraw && (
            <form method="post" action={`/cases/${c.id}/withdraw`} id="withdraw-form">
              <input type="hidden" name="_csrf" value={session.csrf} />
              <Field id="case-reason" label={t.reason} error={errors.withdraw}>
                <textarea id="case-reason" name="reason" rows={2} cols={60} maxLength={2000} {...describedBy('case-reason', errors.withdraw)}>
                  {values.reason ?? ''}
                </textarea>
              </Field>
              <p>
                <button type="submit">{t.withdraw}</button>
              </p>
            </form>
          )}
        </Layout>,
      ),
      status,
    );
  }
}
