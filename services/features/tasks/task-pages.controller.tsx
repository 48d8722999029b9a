import { Body, Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';
import { Public, type RequestWithPrincipal } from '../auth/auth.decorators.js';
import type { ComponentChildren } from 'preact';
import { csrfToken } from '../../platform/http/security.js';
import { describedBy, Field, Layout, renderPage } from '../../platform/http/ui/components.js';
import { problemText } from '../../platform/http/ui/problems.js';
import { layoutSession } from '../workspace/page-session.js';
import { RolloutRepository } from '../rollouts/rollout.repository.js';
import { TaskLinkService } from './task-link.service.js';
import { TaskRepository } from './task.repository.js';
import { PersonEntity, type Language, type TaskEntity } from '../../platform/db/entities/index.js';
import { TASK_TITLES } from '../rollouts/rollout.templates.js';
import { estimateResources } from '../../../workflows/domain/resource-estimate.js';
import { INITIATOR_CAPACITIES, type RolloutTaskType } from '../../../workflows/contracts/rollout.contract.js';
import { decisionFromForm, LOCAL_GROUP_LAYOUT, localGroupRows } from './task-form.js';
import { toErrorBody } from '../../platform/http/errors.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { certificateTaskSubject } from '../../../workflows/contracts/ids.js';
import { TasksService } from './tasks.service.js';
import { CAPACITY_LABELS, CATEGORY_LABELS, HOURS, labelOf, OUTCOME_LABELS, PHASE_LABELS, scopeText, SEAT_LABELS } from './task-labels.js';
import { CertificateRepository } from '../certificates/certificate.repository.js';
import { dateFormat } from '../../platform/http/ui/format.js';

type Who = { ok: true; actorId: string; language: Language } | { ok: false; status: number; title: string; message: string; language: Language };

/** A refused decision: what to say at the top, and, where it belongs to a field, at that field (with the form as sent). */
interface Refused {
  message: string;
  fields?: Record<string, string>;
  values?: Record<string, string>;
}

const GROUP = {
  en: {
    legend: 'Members of the local resource group',
    rule: 'The local resource group has one administrative resource, one academic international coordinator, one representative of the academic staff, and one or two students of the programme (preferably with international experience). Each person holds one seat only.',
    choose: 'Choose a person …',
    secondStudent: 'Second student (optional)',
    hints: {
      administrative_resource: 'Staff. May be the faculty representative or an administrative international coordinator.',
      academic_coordinator: 'Staff. The academic international coordinator of the programme.',
      academic_staff: 'Staff. Represents the other academic staff.',
      student: 'Students of the programme only.',
    },
    missing: 'Choose who holds this seat.',
    twice: 'This person already holds another seat; each person holds one seat only.',
    notStudent: 'Choose a student of the programme for this seat.',
    fix: 'The group is not registered yet. Please correct the marked fields:',
  },
  nb: {
    legend: 'Medlemmene i den lokale ressursgruppen',
    rule: 'Den lokale ressursgruppen har én administrativ ressurs, én faglig internasjonal koordinator, én representant for fagstaben og én eller to studenter på studieprogrammet (helst med internasjonal erfaring). Hver person har bare én plass i gruppen.',
    choose: 'Velg en person …',
    secondStudent: 'Student nummer to (valgfritt)',
    hints: {
      administrative_resource: 'Ansatt. Kan være fakultetets representant eller en administrativ internasjonal koordinator.',
      academic_coordinator: 'Ansatt. Studieprogrammets faglige internasjonale koordinator.',
      academic_staff: 'Ansatt. Representerer det øvrige fagpersonalet.',
      student: 'Bare studenter på studieprogrammet.',
    },
    missing: 'Velg hvem som skal ha denne plassen.',
    twice: 'Denne personen har allerede en annen plass; hver person har bare én plass.',
    notStudent: 'Velg en student på studieprogrammet til denne plassen.',
    fix: 'Gruppen er ikke registrert ennå. Rett opp feltene som er merket:',
  },
} as const;

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The label of row `row` (1-based) of the local-group form: the seat's name in the reader's language. */
function seatLabel(row: number, lang: Language): string {
  const { seat } = LOCAL_GROUP_LAYOUT[row - 1] ?? { seat: 'student' };
  if (seat === 'student' && LOCAL_GROUP_LAYOUT.slice(0, row - 1).some((r) => r.seat === 'student')) return GROUP[lang].secondStudent;
  return capitalised(SEAT_LABELS[seat][lang]);
}

const T = {
  en: {
    invalid: ['This link is not valid', 'The link is incomplete or has been changed. Open the link from the e-mail again, or sign in to see your tasks.'],
    expired: ['This link has expired', 'Links in task e-mails work for a limited time. Sign in to see and decide your tasks.'],
    decided: ['This task is already decided', 'A decision has already been recorded for this task; each task is decided once.'],
    moved: ['This task is no longer yours', 'The task has been given to someone else.'],
    cancelled: 'This task was cancelled',
    why: {
      withdrawn: 'The initiator withdrew the initiative, so the task no longer needs a decision.',
      declined: 'The initiative was declined in another task, so this one no longer needs a decision.',
      changes: 'Changes to the initiative were requested in another task; the revised initiative will come as a new task.',
      certificateWithdrawn: 'The student withdrew from CIL, so the task no longer needs a decision.',
      certificateClosed: 'The certificate was closed before it was completed, so the task no longer needs a decision.',
      confirmedElsewhere: 'The activity was confirmed by the system that reports it, so the task no longer needs a decision.',
    },
    signIn: 'Sign in',
    due: 'Due',
    initiative: 'The initiative',
    estimate: 'Resource estimate (from the resource model)',
    earlier: 'Earlier decisions',
    none: 'None yet.',
    decide: 'Your decision',
    submit: 'Submit decision',
    home: 'Back to my tasks',
    recorded: ['Decision recorded', 'Thank you. Your decision is recorded, and the case moves on by itself.'],
    notRecorded: 'The decision is not recorded:',
  },
  nb: {
    invalid: ['Lenken er ikke gyldig', 'Lenken er ufullstendig eller endret. Åpne lenken fra e-posten på nytt, eller logg inn for å se oppgavene dine.'],
    expired: ['Lenken er utløpt', 'Lenker i oppgave-e-poster virker en begrenset tid. Logg inn for å se og avgjøre oppgavene dine.'],
    decided: ['Oppgaven er allerede avgjort', 'Det er allerede registrert en avgjørelse på denne oppgaven; hver oppgave avgjøres én gang.'],
    moved: ['Oppgaven er ikke lenger din', 'Oppgaven er gitt til en annen.'],
    cancelled: 'Oppgaven er avlyst',
    why: {
      withdrawn: 'Initiativtakeren har trukket initiativet, så oppgaven trenger ingen avgjørelse lenger.',
      declined: 'Initiativet ble avslått i en annen oppgave, så denne trenger ingen avgjørelse lenger.',
      changes: 'Det ble bedt om endringer i initiativet i en annen oppgave; det reviderte initiativet kommer som en ny oppgave.',
      certificateWithdrawn: 'Studenten har trukket seg fra CIL, så oppgaven trenger ingen avgjørelse lenger.',
      certificateClosed: 'Sertifikatet ble avsluttet uten å bli fullført, så oppgaven trenger ingen avgjørelse lenger.',
      confirmedElsewhere: 'Aktiviteten ble bekreftet av systemet som melder den, så oppgaven trenger ingen avgjørelse lenger.',
    },
    signIn: 'Logg inn',
    due: 'Frist',
    initiative: 'Initiativet',
    estimate: 'Ressursanslag (fra ressursmodellen)',
    earlier: 'Tidligere avgjørelser',
    none: 'Ingen ennå.',
    decide: 'Din avgjørelse',
    submit: 'Send avgjørelse',
    home: 'Tilbake til mine oppgaver',
    recorded: ['Avgjørelsen er registrert', 'Takk. Avgjørelsen din er registrert, og saken går videre av seg selv.'],
    notRecorded: 'Avgjørelsen er ikke registrert:',
  },
} as const;

/**
 * The page a task e-mail links to: plain HTML forms, no JavaScript. The signed link in the e-mail
 * (or a session as the assignee) says who decides.
 */
@ApiExcludeController()
@Public()
@Controller('tasks')
export class TaskPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly tasks: TaskRepository,
    private readonly rollouts: RolloutRepository,
    private readonly certificates: CertificateRepository,
    private readonly links: TaskLinkService,
    private readonly service: TasksService,
    private readonly organisation: OrganisationRepository,
  ) {}

  @Get(':id')
  async show(@Param('id') id: string, @Query('t') token: string | undefined, @Req() req: RequestWithPrincipal, @Res() res: Response): Promise<void> {
    const task = await this.tasks.find(id);
    const who = await this.who(task, token, req);
    if (!who.ok) return this.problem(req, res, id, who);
    res.type('html').send(await this.render(task!, who.language, token, csrfToken(req), layoutSession(req, who.language)));
  }

  @Post(':id')
  async decide(@Param('id') id: string, @Body() form: Record<string, string>, @Req() req: RequestWithPrincipal, @Res() res: Response): Promise<void> {
    const task = await this.tasks.find(id);
    const token = typeof form.t === 'string' ? form.t : undefined;
    const who = await this.who(task, token, req);
    if (!who.ok) return this.problem(req, res, id, who);
    const t = T[who.language];
    const refuse = async (status: number, refused: Refused) => {
      res.status(status).type('html').send(await this.render(task!, who.language, token, csrfToken(req), layoutSession(req, who.language), refused));
    };
    if (task!.type === 'register_local_group') {
      // Each seat filled, each person once: said at the seat, before the workflow is asked.
      const fields = this.localGroupFormProblems(form, who.language);
      if (Object.keys(fields).length) return refuse(400, this.localGroupRefusal(fields, form, who.language));
    }
    try {
      await this.service.decide(who.actorId, id, decisionFromForm(task!.type, form));
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      if (task!.type === 'register_local_group' && toErrorBody(err).fields?.length) {
        return refuse(err.getStatus(), this.localGroupRefusal(this.localGroupFieldsOf(err, form, who.language), form, who.language));
      }
      const body = err.getResponse() as { message?: string; fields?: { field: string; problems: string[] }[] };
      // A refused field is said at the field, in the reader's words, and in the message at the top.
      const fields = decisionFieldErrors(body.fields ?? [], who.language);
      const message = body.fields?.length ? `${t.notRecorded} ${Object.values(fields).join('; ')}` : (body.message ?? err.message);
      return refuse(err.getStatus(), { message, fields, values: typedValues(form) });
    }
    res.type('html').send(
      renderPage(
        <Layout lang={who.language} title={t.recorded[0]} {...layoutSession(req, who.language)}>
          <h1>{t.recorded[0]}</h1>
          <p>{t.recorded[1]}</p>
          <p>
            <a href="/">{t.home}</a>
          </p>
        </Layout>,
      ),
    );
  }

  private async who(task: TaskEntity | null, token: string | undefined, req: RequestWithPrincipal): Promise<Who> {
    const language: Language = req.principal?.language ?? (req.acceptsLanguages('nb', 'no', 'en') === 'en' ? 'en' : 'nb');
    // The answer is in the language of the person the link was for, once the link says who that is.
    const languageOf = async (personId: string | undefined): Promise<Language> => (personId ? ((await this.db.getRepository(PersonEntity).findOneBy({ id: personId }))?.preferredLanguage ?? language) : language);
    const fail = (status: number, key: 'invalid' | 'expired' | 'moved', lang: Language = language): Who => ({ ok: false, status, title: T[lang][key][0], message: T[lang][key][1], language: lang });
    if (!task) return fail(404, 'invalid');
    let actorId: string | undefined;
    if (token) {
      const check = await this.links.check(task.id, token);
      if (!check.ok) return fail(401, check.reason, await languageOf(check.personId));
      if (check.assigneeId !== task.assigneeId || check.assignment !== task.assignment) return fail(403, 'moved', await languageOf(check.assigneeId));
      actorId = check.assigneeId;
    } else if (req.principal?.personId === task.assigneeId) {
      actorId = req.principal.personId;
    } else {
      return fail(401, 'invalid');
    }
    const own = await languageOf(actorId);
    if (task.status === 'cancelled') return { ok: false, status: 409, title: T[own].cancelled, message: T[own].why[await this.whyCancelled(task)], language: own };
    if (task.status !== 'open') return { ok: false, status: 409, title: T[own].decided[0], message: T[own].decided[1], language: own };
    return { ok: true, actorId, language: own };
  }

  /** Why a task was cancelled, read off its case: the workflow cancels open tasks only when the case ends or moves past them. */
  private async whyCancelled(task: TaskEntity): Promise<keyof (typeof T)['en']['why']> {
    if (task.caseType === 'certificate') {
      const stage = (await this.certificates.find(task.caseId))?.stage;
      if (stage === 'withdrawn') return 'certificateWithdrawn';
      if (stage === 'closed_incomplete') return 'certificateClosed';
      return 'confirmedElsewhere';
    }
    const stage = (await this.rollouts.find(task.caseId))?.stage;
    if (stage === 'withdrawn') return 'withdrawn';
    if (stage === 'declined') return 'declined';
    return 'changes';
  }


  private problem(req: RequestWithPrincipal, res: Response, id: string, who: Extract<Who, { ok: false }>): void {
    const signIn = `/auth/login?returnTo=${encodeURIComponent(`/tasks/${id}`)}`;
    res
      .status(who.status)
      .type('html')
      .send(
        renderPage(
          <Layout lang={who.language} title={who.title} {...layoutSession(req, who.language)}>
            <h1>{who.title}</h1>
            <p>{who.message}</p>
            <p>
              <a href={signIn}>{T[who.language].signIn}</a>
            </p>
          </Layout>,
        ),
      );
  }

  /** What is wrong with the local-group form at a glance, by field (`member<n>`): a required seat left empty, a person in two seats. */
  private localGroupFormProblems(form: Record<string, string>, lang: Language): Record<string, string> {
    const g = GROUP[lang];
    const fields: Record<string, string> = {};
    const rows = localGroupRows(form);
    LOCAL_GROUP_LAYOUT.forEach((layout, i) => {
      if (layout.required && !rows.some((r) => r.row === i + 1)) fields[`member${i + 1}`] = g.missing;
    });
    const seen = new Set<string>();
    for (const r of rows) {
      if (seen.has(r.personId)) fields[`member${r.row}`] = g.twice;
      seen.add(r.personId);
    }
    return fields;
  }

  /** A refusal of the decision, by form field: `members.<i>…` is the i-th filled row; `members` the group as a whole. */
  private localGroupFieldsOf(err: HttpException, form: Record<string, string>, lang: Language): Record<string, string> {
    const rows = localGroupRows(form);
    const fields: Record<string, string> = {};
    for (const f of toErrorBody(err).fields ?? []) {
      const row = rows[Number(/^members\.(\d+)\./.exec(f.field)?.[1] ?? -1)];
      if (row) fields[`member${row.row}`] = row.seat === 'student' && f.field.endsWith('.personId') ? GROUP[lang].notStudent : f.problems.join('; ');
      else fields.members = [fields.members, ...f.problems].filter(Boolean).join('; ');
    }
    return fields;
  }

  private localGroupRefusal(fields: Record<string, string>, form: Record<string, string>, lang: Language): Refused {
    const label = (field: string) => (field === 'members' ? GROUP[lang].legend : seatLabel(Number(field.slice('member'.length)), lang));
    const values = Object.fromEntries(Object.entries(form).filter(([k, v]) => /^member\d+$/.test(k) && typeof v === 'string'));
    return { message: `${GROUP[lang].fix} ${Object.entries(fields).map(([f, problem]) => `${label(f)}: ${problem}`).join(' ')}`, fields, values };
  }


  private async render(task: TaskEntity, lang: Language, token: string | undefined, csrf: string, header: PageHeader, refused?: Refused): Promise<string> {
    const t = T[lang];
    const sent: Sent = { errors: refused?.fields ?? {}, values: refused?.values ?? {} };
    if (task.caseType === 'certificate') return this.renderCertificateTask(task, lang, token, csrf, header, sent, refused?.message);
    const rollout = await this.rollouts.find(task.caseId);
    const caseTasks = await this.tasks.forCase(task.caseId);
    const names = await this.service.names([...new Set([...caseTasks.map((x) => x.assigneeId), rollout?.initiatorId ?? ''])].filter(Boolean));
    const title = TASK_TITLES[task.type as RolloutTaskType][lang] ?? task.type;
    const programme = rollout?.programme ? `${lang === 'nb' ? rollout.programme.nameNb : rollout.programme.nameEn} (${rollout.programme.code})` : '';
    const estimate = rollout && (task.type.startsWith('anchoring_') || task.type === 'final_approval') ? estimateResources(this.config.resourceModel, rollout.expectedStudentsPerYear) : undefined;
    const earlier = caseTasks.filter((x) => x.status === 'done' && x.id !== task.id);
    const nb = lang === 'nb';
    const group = task.type === 'register_local_group' ? await this.localGroupPeople(rollout?.programmeId) : undefined;
    return renderPage(
      <Layout lang={lang} title={title} {...header}>
        <h1>{title}</h1>
        <p>
          <strong>{programme}</strong> · {t.due}: {dueDate(task, lang)}
        </p>
        <Refusal message={refused?.message} />
        <h2>{t.initiative}</h2>
        <table id="initiative">
          <tbody>
            <Row label={nb ? 'Initiativtaker' : 'Initiator'}>
              {rollout ? names.get(rollout.initiatorId) : ''} ({labelOf(CAPACITY_LABELS, rollout?.initiatorCapacity, lang)})
            </Row>
            <Row label={nb ? 'Begrunnelse' : 'Motivation'}>{rollout?.motivation}</Row>
            <Row label={nb ? 'Foreslåtte aktiviteter' : 'Proposed activities'}>{rollout?.proposedActivities ?? '—'}</Row>
            <Row label={nb ? 'Forventet antall studenter per år' : 'Expected students per year'}>{rollout?.expectedStudentsPerYear}</Row>
          </tbody>
        </table>
        {estimate && (
          <>
            <h2>{t.estimate}</h2>
            <table id="estimate">
              <thead>
                <tr>
                  <th scope="col">{nb ? 'Fase' : 'Phase'}</th>
                  <th scope="col">{nb ? 'Hva' : 'What'}</th>
                  <th scope="col">{nb ? 'Timer' : 'Hours'}</th>
                </tr>
              </thead>
              <tbody>
                {estimate.lines.map((l) => (
                  <tr>
                    <td>{labelOf(PHASE_LABELS, l.phase, lang)}</td>
                    <td>{l.text[lang]}</td>
                    <td>
                      {l.hours} {HOURS[lang]}
                    </td>
                  </tr>
                ))}
                <tr class="subtotal">
                  <th scope="row" colSpan={2}>
                    {nb ? 'Utvikling i alt' : 'Development in all'}
                  </th>
                  <td id="estimate-development">
                    {estimate.developmentHours} {HOURS[lang]}
                  </td>
                </tr>
                <tr class="subtotal">
                  <th scope="row" colSpan={2}>
                    {nb ? 'Drift per semester' : 'Operation per semester'}
                  </th>
                  <td id="estimate-operation">
                    {estimate.operationHoursPerSemester} {HOURS[lang]}
                  </td>
                </tr>
              </tbody>
            </table>
          </>
        )}
        <h2>{t.earlier}</h2>
        {earlier.length ? (
          <ul id="earlier">
            {earlier.map((x) => (
              <li>
                {TASK_TITLES[x.type as RolloutTaskType]?.[lang] ?? x.type} – {names.get(x.assigneeId) ?? ''}: <strong>{labelOf(OUTCOME_LABELS, (x.decision as { outcome?: string } | null)?.outcome, lang)}</strong> {detail(x, lang)}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t.none}</p>
        )}
        <h2>{t.decide}</h2>
        <DecisionForm task={task} lang={lang} token={token} csrf={csrf}>
          {group ? <LocalGroupFields lang={lang} people={group} sent={sent} /> : <RolloutFields type={task.type} lang={lang} rollout={rollout} sent={sent} />}
        </DecisionForm>
      </Layout>,
    );
  }

  /** The people the local-group form offers: the programme's students for the student seats, staff (anyone who is no student) for the others. */
  private async localGroupPeople(programmeId: string | undefined): Promise<GroupPeople> {
    const everyone = await this.organisation.listPeopleWithRoles();
    return {
      students: everyone.filter((p) => p.roles.some((r) => r.role === 'student' && r.programmeId === programmeId)).map(({ person }) => person),
      staff: everyone.filter((p) => !p.roles.some((r) => r.role === 'student')).map(({ person }) => person),
    };
  }

  /** A participation to confirm (what the student did, their reflection and evidence), or an activity proposal to assess. */
  private async renderCertificateTask(task: TaskEntity, lang: Language, token: string | undefined, csrf: string, header: PageHeader, sent: Sent, error?: string): Promise<string> {
    const t = T[lang];
    const nb = lang === 'nb';
    if (task.type === 'assess_activity_proposal') {
      const proposalId = certificateTaskSubject(task.id).proposalId ?? '';
      const [p] = await this.db.query<{ name: string; description: string; category: string; source: string | null; student: string }[]>(
        `SELECT a.name, a.description, a.category, a.source, s.name AS student FROM activity_proposal a JOIN certificate c ON c.id = a.certificate_id JOIN person s ON s.id = c.student_id WHERE a.id = $1`,
        [proposalId],
      );
      const title = TASK_TITLES.assess_activity_proposal[lang];
      return renderPage(
        <Layout lang={lang} title={title} {...header}>
          <h1>{title}</h1>
          <p>
            {t.due}: {dueDate(task, lang)}
          </p>
          <Refusal message={error} />
          {p && (
            <table id="proposal">
              <tbody>
                <Row label="Student">{p.student}</Row>
                <Row label={nb ? 'Aktivitet' : 'Activity'}>
                  {p.name} ({labelOf(CATEGORY_LABELS, p.category, lang)})
                </Row>
                <Row label={nb ? 'Beskrivelse' : 'Description'}>{p.description}</Row>
                <Row label={nb ? 'Kilde' : 'Source'}>{p.source ?? '—'}</Row>
              </tbody>
            </table>
          )}
          <h2>{t.decide}</h2>
          <DecisionForm task={task} lang={lang} token={token} csrf={csrf}>
            <Outcome
              lang={lang}
              sent={sent}
              initial="approve"
              options={[
                ['approve', nb ? 'Godkjenn – ta inn i katalogen' : 'Approve – add it to the catalogue'],
                ['reject', nb ? 'Avslå' : 'Reject'],
              ]}
            />
            <Text name="reason" label={nb ? 'Begrunnelse (ved avslag)' : 'Reason (to reject)'} sent={sent} />
          </DecisionForm>
        </Layout>,
      );
    }
    const participationId = certificateTaskSubject(task.id).participationId ?? '';
    const [p] = await this.db.query<{ name: string; category: string; started_on: string; ended_on: string; description: string; reflection: string; evidence_url: string | null; student: string; sessions: number | null; semesters: number | null; minimum_sessions: number | null; minimum_semesters: number | null }[]>(
      `SELECT a.name, a.category, p.started_on::text, p.ended_on::text, p.description, p.reflection, p.evidence_url, s.name AS student, p.sessions, p.semesters, a.minimum_sessions, a.minimum_semesters
         FROM participation p JOIN catalogue_activity a ON a.id = p.activity_id JOIN certificate c ON c.id = p.certificate_id JOIN person s ON s.id = c.student_id
        WHERE p.id = $1`,
      [participationId],
    );
    const title = TASK_TITLES.confirm_participation[lang];
    const scope = p ? scopeText(lang, { sessions: p.sessions, semesters: p.semesters, minimumSessions: p.minimum_sessions, minimumSemesters: p.minimum_semesters }) : '';
    return renderPage(
      <Layout lang={lang} title={title} {...header}>
        <h1>{title}</h1>
        <p>
          {t.due}: {dueDate(task, lang)}
        </p>
        <Refusal message={error} />
        {p && (
          <table id="participation">
            <tbody>
              <Row label="Student">{p.student}</Row>
              <Row label={nb ? 'Aktivitet' : 'Activity'}>
                {p.name} ({labelOf(CATEGORY_LABELS, p.category, lang)})
              </Row>
              <Row label={nb ? 'Periode' : 'Dates'}>
                {p.started_on} – {p.ended_on}
              </Row>
              {scope && (
                <Row label={nb ? 'Omfang' : 'Scope'} id="participation-scope">
                  {scope}
                </Row>
              )}
              <Row label={nb ? 'Hva studenten gjorde' : 'What the student did'}>{p.description}</Row>
              <Row label={nb ? 'Refleksjon' : 'Reflection'}>{p.reflection}</Row>
              <Row label={nb ? 'Dokumentasjon' : 'Evidence'}>{p.evidence_url ?? '—'}</Row>
            </tbody>
          </table>
        )}
        <h2>{t.decide}</h2>
        <DecisionForm task={task} lang={lang} token={token} csrf={csrf}>
          <Outcome
            lang={lang}
            sent={sent}
            initial="confirm"
            options={[
              ['confirm', nb ? 'Bekreft' : 'Confirm'],
              ['reject', nb ? 'Avvis' : 'Reject'],
            ]}
          />
          <Text name="reason" label={nb ? 'Begrunnelse (ved avvisning)' : 'Reason (to reject)'} sent={sent} />
        </DecisionForm>
      </Layout>,
    );
  }
}

/** The layout's signed-in part (navigation, language, sign-out); nothing for a link opened from e-mail. */
type PageHeader = ReturnType<typeof layoutSession>;

/** A decision form as sent: the problems by form field, and the values as typed (nothing yet on a first visit). */
interface Sent {
  errors: Record<string, string>;
  values: Record<string, string>;
}

type Person = { id: string; name: string; email: string };
interface GroupPeople {
  students: Person[];
  staff: Person[];
}

/** The form fields a refusal's fields belong to (`assessment.developmentHours` → `developmentHours`, `initiative.motivation` → `motivation`). */
const DECISION_FIELDS: Record<string, string> = { 'assessment.comment': 'assessmentComment' };

function decisionFieldErrors(fields: { field: string; problems: string[] }[], lang: Language): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const name = DECISION_FIELDS[f.field] ?? (/^(assessment|initiative)\.\w+/.test(f.field) ? f.field.split('.')[1] : f.field.split('.')[0]);
    out[name] = [out[name], ...new Set(f.problems.map((p) => problemText(lang, f.field, p)))].filter(Boolean).join('; ');
  }
  return out;
}

/** The decision form's values as typed, to show again with a refusal (not the link's token, nor the CSRF field). */
function typedValues(form: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(form).filter(([k, v]) => k !== 't' && k !== '_csrf' && typeof v === 'string') as [string, string][]);
}

const dueDate = (task: TaskEntity, lang: Language) => dateFormat(lang, { dateStyle: 'long' }).format(task.dueAt);

/** An earlier decision's detail: the resource assessment, the reason or the comment. */
function detail(x: TaskEntity, lang: Language): string {
  const d = (x.decision ?? {}) as { reason?: string; comment?: string; assessment?: { developmentHours: number; operationHoursPerSemester: number; covered: boolean; comment?: string } };
  const a = d.assessment;
  const assessed = a ? `(${a.developmentHours} ${HOURS[lang]} / ${a.operationHoursPerSemester} ${HOURS[lang]}, ${a.covered ? (lang === 'nb' ? 'dekket' : 'covered') : lang === 'nb' ? 'ikke dekket' : 'not covered'}) ${a.comment ?? ''}` : '';
  return `${assessed} ${d.reason ?? d.comment ?? ''}`;
}

function Refusal({ message }: { message?: string }) {
  return message ? (
    <p class="error" role="alert">
      {message}
    </p>
  ) : null;
}

/** A row of a details table: its label as the row's header. */
function Row({ label, id, children }: { label: string; id?: string; children: ComponentChildren }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td id={id}>{children}</td>
    </tr>
  );
}

/** The form a task is decided with: the link's token (when it came from e-mail) and the CSRF field. */
function DecisionForm({ task, lang, token, csrf, children }: { task: TaskEntity; lang: Language; token?: string; csrf: string; children: ComponentChildren }) {
  return (
    <form method="post" action={`/tasks/${encodeURIComponent(task.id)}`} id="decision-form" novalidate>
      <input type="hidden" name="_csrf" value={csrf} />
      {token && <input type="hidden" name="t" value={token} />}
      {children}
      <p>
        <button type="submit">{T[lang].submit}</button>
      </p>
    </form>
  );
}

/** The decision's outcome, one radio button each, with its problem. */
function Outcome({ lang, options, initial, sent }: { lang: Language; options: [string, string][]; initial: string; sent: Sent }) {
  const error = sent.errors.outcome;
  const chosen = sent.values.outcome ?? initial;
  return (
    <fieldset class={error ? 'field invalid' : 'field'} id="task-outcome" aria-describedby={error ? 'task-outcome-error' : undefined}>
      <legend>{lang === 'nb' ? 'Hva avgjør du?' : 'What do you decide?'}</legend>
      {options.map(([value, label]) => (
        <label class="choice">
          <input type="radio" name="outcome" value={value} checked={value === chosen} /> {label}
        </label>
      ))}
      {error && (
        <p class="error" id="task-outcome-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function Text({ name, label, sent, value = '' }: { name: string; label: string; sent: Sent; value?: string }) {
  const id = `task-${name}`;
  const error = sent.errors[name];
  return (
    <Field id={id} label={label} error={error}>
      <textarea id={id} name={name} rows={3} cols={60} {...describedBy(id, error)}>
        {sent.values[name] ?? value}
      </textarea>
    </Field>
  );
}

function NumberField({ name, label, sent, value = '', step }: { name: string; label: string; sent: Sent; value?: string; step?: string }) {
  const id = `task-${name}`;
  const error = sent.errors[name];
  return (
    <Field id={id} label={label} error={error}>
      <input id={id} name={name} type="number" min="0" step={step} value={sent.values[name] ?? value} {...describedBy(id, error)} />
    </Field>
  );
}

/** The fields of a rollout task's decision, by the task's type. */
function RolloutFields({ type, lang, rollout, sent }: { type: string; lang: Language; rollout: Awaited<ReturnType<RolloutRepository['find']>>; sent: Sent }) {
  const nb = lang === 'nb';
  switch (type) {
    case 'anchoring_programme_leader':
    case 'anchoring_section_head': {
      const error = sent.errors.assessment;
      const covered = sent.values.covered ?? '';
      return (
        <>
          <Outcome
            lang={lang}
            sent={sent}
            initial="approve"
            options={[
              ['approve', nb ? 'Godkjenn' : 'Approve'],
              ['reject', nb ? 'Avslå' : 'Reject'],
              ['request_changes', nb ? 'Be om endringer' : 'Ask for changes'],
            ]}
          />
          <fieldset class={error ? 'field invalid' : 'field'} id="task-assessment" aria-describedby={error ? 'task-assessment-error' : undefined}>
            <legend>{nb ? 'Ressursvurdering (ved godkjenning)' : 'Resource assessment (to approve)'}</legend>
            {error && (
              <p class="error" id="task-assessment-error">
                {error}
              </p>
            )}
            <NumberField name="developmentHours" label={nb ? 'Timer til utvikling' : 'Hours for development'} sent={sent} step="0.5" />
            <NumberField name="operationHoursPerSemester" label={nb ? 'Timer til drift per semester' : 'Hours for operation per semester'} sent={sent} step="0.5" />
            <Field id="task-covered" label={nb ? 'Er ressursene dekket?' : 'Are the resources covered?'} error={sent.errors.covered}>
              <select id="task-covered" name="covered" {...describedBy('task-covered', sent.errors.covered)}>
                <option value="">—</option>
                <option value="yes" selected={covered === 'yes'}>
                  {nb ? 'Ja' : 'Yes'}
                </option>
                <option value="no" selected={covered === 'no'}>
                  {nb ? 'Nei' : 'No'}
                </option>
              </select>
            </Field>
            <Text name="assessmentComment" label={nb ? 'Kommentar til vurderingen' : 'Comment on the assessment'} sent={sent} />
          </fieldset>
          <Text name="reason" label={nb ? 'Begrunnelse (ved avslag)' : 'Reason (to reject)'} sent={sent} />
          <Text name="comment" label={nb ? 'Hva bør endres (ved endringsønske)' : 'What should change (to ask for changes)'} sent={sent} />
        </>
      );
    }
    case 'final_approval':
      return (
        <>
          <Outcome
            lang={lang}
            sent={sent}
            initial="approve"
            options={[
              ['approve', nb ? 'Godkjenn' : 'Approve'],
              ['reject', nb ? 'Avslå' : 'Reject'],
            ]}
          />
          <Text name="reason" label={nb ? 'Begrunnelse (ved avslag)' : 'Reason (to reject)'} sent={sent} />
          <Text name="comment" label={nb ? 'Kommentar' : 'Comment'} sent={sent} />
        </>
      );
    case 'revise_initiative': {
      const capacity = sent.values.initiatorCapacity ?? rollout?.initiatorCapacity;
      return (
        <>
          <input type="hidden" name="outcome" value="resubmit" />
          <Text name="motivation" label={nb ? 'Begrunnelse' : 'Motivation'} sent={sent} value={rollout?.motivation} />
          <Text name="proposedActivities" label={nb ? 'Foreslåtte aktiviteter' : 'Proposed activities'} sent={sent} value={rollout?.proposedActivities ?? ''} />
          <NumberField name="expectedStudentsPerYear" label={nb ? 'Forventet antall studenter per år' : 'Expected students per year'} sent={sent} value={rollout ? String(rollout.expectedStudentsPerYear) : ''} />
          <Field id="task-initiatorCapacity" label={nb ? 'Din rolle' : 'Your capacity'} error={sent.errors.initiatorCapacity}>
            <select id="task-initiatorCapacity" name="initiatorCapacity" {...describedBy('task-initiatorCapacity', sent.errors.initiatorCapacity)}>
              {INITIATOR_CAPACITIES.map((c) => (
                <option value={c} selected={c === capacity}>
                  {CAPACITY_LABELS[c][lang]}
                </option>
              ))}
            </select>
          </Field>
        </>
      );
    }
    default:
      return null;
  }
}

/**
 * A row per seat, each with a picker of the people who suit it: students of the case's programme
 * for the student seats, staff (anyone who is no student) for the others. A problem is said at
 * its seat, the group's rule above the seats.
 */
function LocalGroupFields({ lang, people, sent }: { lang: Language; people: GroupPeople; sent: Sent }) {
  const g = GROUP[lang];
  const { errors, values } = sent;
  return (
    <>
      <input type="hidden" name="outcome" value="register" />
      <fieldset id="local-group" aria-describedby={['local-group-rule', errors.members ? 'local-group-error' : ''].filter(Boolean).join(' ')}>
        <legend>{g.legend}</legend>
        <p id="local-group-rule">{g.rule}</p>
        {errors.members && (
          <p class="error" id="local-group-error">
            {errors.members}
          </p>
        )}
        {LOCAL_GROUP_LAYOUT.map((layout, i) => {
          const id = `member${i + 1}`;
          const hint = g.hints[layout.seat];
          return (
            <>
              <input type="hidden" name={`seat${i + 1}`} value={layout.seat} />
              <Field id={id} label={seatLabel(i + 1, lang)} hint={hint} error={errors[id]}>
                <select id={id} name={id} required={layout.required} {...describedBy(id, errors[id], hint)}>
                  <option value="">{g.choose}</option>
                  {(layout.seat === 'student' ? people.students : people.staff).map((person) => (
                    <option value={person.id} selected={values[id] === person.id}>
                      {person.name} ({person.email})
                    </option>
                  ))}
                </select>
              </Field>
            </>
          );
        })}
      </fieldset>
    </>
  );
}
