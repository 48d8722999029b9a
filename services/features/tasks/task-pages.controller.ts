import { Body, Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';
import { Public, type RequestWithPrincipal } from '../auth/auth.decorators.js';
import { html, page, type Html } from '../../platform/http/html.js';
import { csrfField } from '../../platform/http/security.js';
import { workspaceHeader } from '../workspace/page-session.js';
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
    if (!who.ok) return this.problem(res, id, who);
    res.type('html').send(await this.render(task!, who.language, token, csrfField(req), workspaceHeader(req, who.language)));
  }

  @Post(':id')
  async decide(@Param('id') id: string, @Body() form: Record<string, string>, @Req() req: RequestWithPrincipal, @Res() res: Response): Promise<void> {
    const task = await this.tasks.find(id);
    const token = typeof form.t === 'string' ? form.t : undefined;
    const who = await this.who(task, token, req);
    if (!who.ok) return this.problem(res, id, who);
    const t = T[who.language];
    const refuse = async (status: number, refused: Refused) => {
      res.status(status).type('html').send(await this.render(task!, who.language, token, csrfField(req), workspaceHeader(req, who.language), refused));
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
      const body = err.getResponse() as { message?: string; fields?: { problems: string[] }[] };
      const message = body.fields?.flatMap((f) => f.problems).join('; ') ?? body.message ?? err.message;
      return refuse(err.getStatus(), { message });
    }
    res.type('html').send(page(t.recorded[0], html`<h1>${t.recorded[0]}</h1><p>${t.recorded[1]}</p><p><a href="/">${t.home}</a></p>`, who.language, workspaceHeader(req, who.language)));
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

  private problem(res: Response, id: string, who: Extract<Who, { ok: false }>): void {
    const signIn = `/auth/login?returnTo=${encodeURIComponent(`/tasks/${id}`)}`;
    res
      .status(who.status)
      .type('html')
      .send(page(who.title, html`<h1>${who.title}</h1><p>${who.message}</p><p><a href="${signIn}">${T[who.language].signIn}</a></p>`, who.language));
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

  private async render(task: TaskEntity, lang: Language, token: string | undefined, csrf: Html, header: string, refused?: Refused): Promise<string> {
    const t = T[lang];
    const error = refused?.message;
    if (task.caseType === 'certificate') return this.renderCertificateTask(task, lang, token, csrf, header, error);
    const rollout = await this.rollouts.find(task.caseId);
    const caseTasks = await this.tasks.forCase(task.caseId);
    const names = await this.service.names([...new Set([...caseTasks.map((x) => x.assigneeId), rollout?.initiatorId ?? ''])].filter(Boolean));
    const title = TASK_TITLES[task.type as RolloutTaskType][lang] ?? task.type;
    const programme = rollout?.programme ? `${lang === 'nb' ? rollout.programme.nameNb : rollout.programme.nameEn} (${rollout.programme.code})` : '';
    const due = new Intl.DateTimeFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Oslo' }).format(task.dueAt);
    const estimate = rollout && (task.type.startsWith('anchoring_') || task.type === 'final_approval') ? estimateResources(this.config.resourceModel, rollout.expectedStudentsPerYear) : undefined;
    const earlier = caseTasks.filter((x) => x.status === 'done' && x.id !== task.id);
    const body = html`<h1>${title}</h1>
<p><strong>${programme}</strong> · ${t.due}: ${due}</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<h2>${t.initiative}</h2>
<table>
<tr><th>${lang === 'nb' ? 'Initiativtaker' : 'Initiator'}</th><td>${rollout ? names.get(rollout.initiatorId) : ''} (${labelOf(CAPACITY_LABELS, rollout?.initiatorCapacity, lang)})</td></tr>
<tr><th>${lang === 'nb' ? 'Begrunnelse' : 'Motivation'}</th><td>${rollout?.motivation}</td></tr>
<tr><th>${lang === 'nb' ? 'Foreslåtte aktiviteter' : 'Proposed activities'}</th><td>${rollout?.proposedActivities ?? '—'}</td></tr>
<tr><th>${lang === 'nb' ? 'Forventet antall studenter per år' : 'Expected students per year'}</th><td>${rollout?.expectedStudentsPerYear}</td></tr>
</table>
${estimate ? html`<h2>${t.estimate}</h2><table>${estimate.lines.map((l) => html`<tr><td>${labelOf(PHASE_LABELS, l.phase, lang)}</td><td>${l.text[lang]}</td><td>${l.hours} ${HOURS[lang]}</td></tr>`)}
<tr><th colspan="2">${lang === 'nb' ? 'Utvikling i alt' : 'Development in all'}</th><th id="estimate-development">${estimate.developmentHours} ${HOURS[lang]}</th></tr>
<tr><th colspan="2">${lang === 'nb' ? 'Drift per semester' : 'Operation per semester'}</th><th id="estimate-operation">${estimate.operationHoursPerSemester} ${HOURS[lang]}</th></tr></table>` : ''}
<h2>${t.earlier}</h2>
${earlier.length ? html`<ul>${earlier.map((x) => html`<li>${TASK_TITLES[x.type as RolloutTaskType]?.[lang] ?? x.type} – ${names.get(x.assigneeId) ?? ''}: <strong>${labelOf(OUTCOME_LABELS, (x.decision as { outcome?: string } | null)?.outcome, lang)}</strong> ${this.detail(x, lang)}</li>`)}</ul>` : html`<p class="muted">${t.none}</p>`}
<h2>${t.decide}</h2>
<form method="post" action="/tasks/${encodeURIComponent(task.id)}" novalidate>
${csrf}${token ? html`<input type="hidden" name="t" value="${token}">` : ''}
${await this.fields(task, lang, rollout, refused)}
<p><button type="submit">${t.submit}</button></p>
</form>`;
    return page(title, body, lang, header);
  }

  /** A participation to confirm: what the student did, their reflection and evidence. */
  private async renderCertificateTask(task: TaskEntity, lang: Language, token: string | undefined, csrf: Html, header: string, error?: string): Promise<string> {
    const t = T[lang];
    const nb = lang === 'nb';
    if (task.type === 'assess_activity_proposal') {
      const proposalId = certificateTaskSubject(task.id).proposalId ?? '';
      const [p] = await this.db.query<{ name: string; description: string; category: string; source: string | null; student: string }[]>(
        `SELECT a.name, a.description, a.category, a.source, s.name AS student FROM activity_proposal a JOIN certificate c ON c.id = a.certificate_id JOIN person s ON s.id = c.student_id WHERE a.id = $1`,
        [proposalId],
      );
      const title = TASK_TITLES.assess_activity_proposal[lang];
      return page(
        title,
        html`<h1>${title}</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
${p ? html`<table><tr><th>Student</th><td>${p.student}</td></tr><tr><th>${nb ? 'Aktivitet' : 'Activity'}</th><td>${p.name} (${labelOf(CATEGORY_LABELS, p.category, lang)})</td></tr>
<tr><th>${nb ? 'Beskrivelse' : 'Description'}</th><td>${p.description}</td></tr><tr><th>${nb ? 'Kilde' : 'Source'}</th><td>${p.source ?? '—'}</td></tr></table>` : ''}
<form method="post" action="/tasks/${encodeURIComponent(task.id)}">
${csrf}${token ? html`<input type="hidden" name="t" value="${token}">` : ''}
<label><input type="radio" name="outcome" value="approve" checked> ${nb ? 'Godkjenn – ta inn i katalogen' : 'Approve – add it to the catalogue'}</label><br>
<label><input type="radio" name="outcome" value="reject"> ${nb ? 'Avslå' : 'Reject'}</label><br>
<p><label>${nb ? 'Begrunnelse (ved avslag)' : 'Reason (to reject)'}<br><textarea name="reason" rows="3" cols="60"></textarea></label></p>
<p><button type="submit">${t.submit}</button></p>
</form>`,
        lang,
        header,
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
    const due = new Intl.DateTimeFormat(nb ? 'nb-NO' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Oslo' }).format(task.dueAt);
    const body = html`<h1>${title}</h1><p>${t.due}: ${due}</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
${p ? html`<table>
<tr><th>${nb ? 'Student' : 'Student'}</th><td>${p.student}</td></tr>
<tr><th>${nb ? 'Aktivitet' : 'Activity'}</th><td>${p.name} (${labelOf(CATEGORY_LABELS, p.category, lang)})</td></tr>
<tr><th>${nb ? 'Periode' : 'Dates'}</th><td>${p.started_on} – ${p.ended_on}</td></tr>
${scope ? html`<tr><th>${nb ? 'Omfang' : 'Scope'}</th><td id="participation-scope">${scope}</td></tr>` : ''}
<tr><th>${nb ? 'Hva studenten gjorde' : 'What the student did'}</th><td>${p.description}</td></tr>
<tr><th>${nb ? 'Refleksjon' : 'Reflection'}</th><td>${p.reflection}</td></tr>
<tr><th>${nb ? 'Dokumentasjon' : 'Evidence'}</th><td>${p.evidence_url ?? '—'}</td></tr>
</table>` : ''}
<h2>${t.decide}</h2>
<form method="post" action="/tasks/${encodeURIComponent(task.id)}">
${csrf}${token ? html`<input type="hidden" name="t" value="${token}">` : ''}
<label><input type="radio" name="outcome" value="confirm" checked> ${nb ? 'Bekreft' : 'Confirm'}</label><br>
<label><input type="radio" name="outcome" value="reject"> ${nb ? 'Avvis' : 'Reject'}</label><br>
<p><label>${nb ? 'Begrunnelse (ved avvisning)' : 'Reason (to reject)'}<br><textarea name="reason" rows="3" cols="60"></textarea></label></p>
<p><button type="submit">${t.submit}</button></p>
</form>`;
    return page(title, body, lang, header);
  }

  /**
   * A row per seat, each with a picker of the people who suit it: students of the case's programme
   * for the student seats, staff (anyone who is no student) for the others. A problem is said at
   * its seat, the group's rule above the seats.
   */
  private async localGroupFields(lang: Language, programmeId: string | undefined, refused?: Refused): Promise<Html> {
    const g = GROUP[lang];
    const everyone = await this.organisation.listPeopleWithRoles();
    const students = everyone.filter((p) => p.roles.some((r) => r.role === 'student' && r.programmeId === programmeId));
    const staff = everyone.filter((p) => !p.roles.some((r) => r.role === 'student'));
    const errors = refused?.fields ?? {};
    const values = refused?.values ?? {};
    const describedBy = (id: string, hint: boolean) => [hint ? `${id}-hint` : '', errors[id] ? `${id}-error` : ''].filter(Boolean).join(' ');
    const rows = LOCAL_GROUP_LAYOUT.map((layout, i) => {
      const id = `member${i + 1}`;
      const hint = g.hints[layout.seat];
      const offered = layout.seat === 'student' ? students : staff;
      return html`<div class="${errors[id] ? 'field invalid' : 'field'}">
<label for="${id}">${seatLabel(i + 1, lang)}</label>
<p class="muted hint" id="${id}-hint">${hint}</p>
<input type="hidden" name="seat${i + 1}" value="${layout.seat}">
<select id="${id}" name="${id}" ${layout.required ? html`required` : ''} aria-describedby="${describedBy(id, true)}" ${errors[id] ? html`aria-invalid="true"` : ''}>
<option value="">${g.choose}</option>${offered.map(({ person }) => html`<option value="${person.id}" ${values[id] === person.id ? html`selected` : ''}>${person.name} (${person.email})</option>`)}
</select>
${errors[id] ? html`<p class="error" id="${id}-error">${errors[id]}</p>` : ''}
</div>`;
    });
    return html`<input type="hidden" name="outcome" value="register">
<fieldset id="local-group" aria-describedby="${['local-group-rule', errors.members ? 'local-group-error' : ''].filter(Boolean).join(' ')}">
<legend>${g.legend}</legend>
<p id="local-group-rule">${g.rule}</p>
${errors.members ? html`<p class="error" id="local-group-error">${errors.members}</p>` : ''}
${rows}
</fieldset>`;
  }

  private detail(x: TaskEntity, lang: Language): Html {
    const d = (x.decision ?? {}) as { reason?: string; comment?: string; assessment?: { developmentHours: number; operationHoursPerSemester: number; covered: boolean; comment?: string } };
    const a = d.assessment;
    return html`${a ? `(${a.developmentHours} ${HOURS[lang]} / ${a.operationHoursPerSemester} ${HOURS[lang]}, ${a.covered ? (lang === 'nb' ? 'dekket' : 'covered') : lang === 'nb' ? 'ikke dekket' : 'not covered'}) ${a.comment ?? ''}` : ''} ${d.reason ?? d.comment ?? ''}`;
  }

  private async fields(task: TaskEntity, lang: Language, rollout: Awaited<ReturnType<RolloutRepository['find']>>, refused?: Refused): Promise<Html> {
    const nb = lang === 'nb';
    const radio = (value: string, label: string, checked = false) => html`<label><input type="radio" name="outcome" value="${value}" ${checked ? html`checked` : ''}> ${label}</label><br>`;
    const text = (name: string, label: string, value = '') => html`<p><label>${label}<br><textarea name="${name}" rows="3" cols="60">${value}</textarea></label></p>`;
    switch (task.type) {
      case 'anchoring_programme_leader':
      case 'anchoring_section_head':
        return html`${radio('approve', nb ? 'Godkjenn' : 'Approve', true)}${radio('reject', nb ? 'Avslå' : 'Reject')}${radio('request_changes', nb ? 'Be om endringer' : 'Ask for changes')}
<fieldset><legend>${nb ? 'Ressursvurdering (ved godkjenning)' : 'Resource assessment (to approve)'}</legend>
<p><label>${nb ? 'Timer til utvikling' : 'Hours for development'} <input type="number" name="developmentHours" min="0" step="0.5"></label></p>
<p><label>${nb ? 'Timer til drift per semester' : 'Hours for operation per semester'} <input type="number" name="operationHoursPerSemester" min="0" step="0.5"></label></p>
<p><label>${nb ? 'Er ressursene dekket?' : 'Are the resources covered?'} <select name="covered"><option value="">—</option><option value="yes">${nb ? 'Ja' : 'Yes'}</option><option value="no">${nb ? 'Nei' : 'No'}</option></select></label></p>
${text('assessmentComment', nb ? 'Kommentar til vurderingen' : 'Comment on the assessment')}</fieldset>
${text('reason', nb ? 'Begrunnelse (ved avslag)' : 'Reason (to reject)')}
${text('comment', nb ? 'Hva bør endres (ved endringsønske)' : 'What should change (to ask for changes)')}`;
      case 'final_approval':
        return html`${radio('approve', nb ? 'Godkjenn' : 'Approve', true)}${radio('reject', nb ? 'Avslå' : 'Reject')}${text('reason', nb ? 'Begrunnelse (ved avslag)' : 'Reason (to reject)')}${text('comment', nb ? 'Kommentar' : 'Comment')}`;
      case 'revise_initiative':
        return html`<input type="hidden" name="outcome" value="resubmit">
${text('motivation', nb ? 'Begrunnelse' : 'Motivation', rollout?.motivation)}
${text('proposedActivities', nb ? 'Foreslåtte aktiviteter' : 'Proposed activities', rollout?.proposedActivities ?? '')}
<p><label>${nb ? 'Forventet antall studenter per år' : 'Expected students per year'} <input type="number" name="expectedStudentsPerYear" min="0" value="${rollout?.expectedStudentsPerYear}"></label></p>
<p><label>${nb ? 'Din rolle' : 'Your capacity'} <select name="initiatorCapacity">${INITIATOR_CAPACITIES.map((c) => html`<option value="${c}" ${c === rollout?.initiatorCapacity ? html`selected` : ''}>${CAPACITY_LABELS[c][lang]}</option>`)}</select></label></p>`;
      case 'register_local_group':
        return this.localGroupFields(lang, rollout?.programmeId, refused);
      default:
        return html``;
    }
  }
}
