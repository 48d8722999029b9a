import { Body, Controller, Get, HttpException, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { followsStudents, seatReadsStudentRecords } from '../certificates/certificate-access.js';
import { MilestoneDto } from '../certificates/certificates.dto.js';
import { CertificatesService } from '../certificates/certificates.service.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { CATEGORY_LABELS, labelOf } from '../tasks/task-labels.js';
import { fieldsOf, toErrorBody } from '../../platform/http/errors.js';
import { Badge, Layout, renderPage, type Lang } from '../../platform/http/ui/components.js';
import { dateFormat, isUuid } from '../../platform/http/ui/format.js';
import { CERTIFICATE_STAGES, type CertificateStage } from '../../../workflows/contracts/certificate.contract.js';
import type { ChecklistItem } from '../../../workflows/domain/requirements.js';
import { pageSession, sendPage, type PageSession } from './page-session.js';

/** Stages in which the workflow still takes the career course and the presentation. */
const OPEN_STAGES: readonly CertificateStage[] = ['collecting', 'report_due', 'in_review'];
const MISSING_KEYS: readonly ChecklistItem['key'][] = ['activities', 'home', 'abroad', 'career_course', 'presentation'];
type Milestone = 'career_course' | 'presentation';

export const CERTIFICATE_STAGE_LABELS: Record<CertificateStage, Record<Lang, string>> = {
  collecting: { nb: 'Samler aktiviteter', en: 'Collecting activities' },
  report_due: { nb: 'Klar for refleksjonsnotatet', en: 'Ready for the report' },
  in_review: { nb: 'Notatet er til vurdering', en: 'Report in review' },
  completed: { nb: 'Fullført', en: 'Completed' },
  withdrawn: { nb: 'Trukket', en: 'Withdrawn' },
  closed_incomplete: { nb: 'Avsluttet uten å være fullført', en: 'Closed incomplete' },
};

const T = {
  nb: {
    title: 'Studenter',
    intro: 'Alle CIL-sertifikatene på studieprogrammet, med hvor de står og hva som mangler. Bekreft aktiviteter fra de åpne oppgavene, og registrer karrierekurset og presentasjonen her.',
    stage: 'Fase',
    anyStage: 'Alle faser',
    missingFilter: 'Mangler',
    anyMissing: 'Uansett hva som mangler',
    missingOptions: { activities: 'Tre ulike aktiviteter', home: 'En aktivitet hjemme', abroad: 'En aktivitet i utlandet', career_course: 'Karrierekurset', presentation: 'Presentasjonen' } as Record<ChecklistItem['key'], string>,
    show: 'Vis',
    filter: 'Avgrens listen',
    count: (n: number) => (n === 1 ? '1 sertifikat' : `${n} sertifikater`),
    none: 'Ingen sertifikater her.',
    student: 'Student',
    missing: 'Hva som mangler',
    toConfirm: 'Til bekreftelse',
    milestones: 'Karrierekurs og presentasjon',
    enrolled: 'Meldt opp',
    nothingMissing: 'Ingenting: alle kravene er oppfylt.',
    reportDue: 'Det avsluttende refleksjonsnotatet.',
    inReview: 'Den lokale gruppens vurdering av notatet.',
    unknown: 'Kan ikke leses akkurat nå; prøv igjen om litt.',
    ended: 'Saken er avsluttet.',
    confirm: 'Bekreft',
    heldBy: 'hos',
    noTasks: '—',
    careerCourse: 'Karrierekurset',
    presentation: 'Presentasjonen',
    recorded: 'registrert',
    notRecorded: 'ikke registrert',
    record: { career_course: 'Registrer karrierekurset', presentation: 'Registrer presentasjonen' } as Record<Milestone, string>,
    activities: 'Aktiviteter',
    statuses: { awaiting_confirmation: 'venter på bekreftelse', confirmed: 'bekreftet', rejected: 'avvist' } as Record<string, string>,
    counts: 'teller',
    noAccess: 'Ingen tilgang',
    forbidden: 'Bare studieprogrammets lokale ressursgruppe (ikke studentplassen) og den sentrale ressursgruppen ser studentenes sertifikater.',
    notFound: 'Fant ikke studieprogrammet',
    programmes: 'Studieprogrammene du følger',
    noProgrammes: 'Du følger ingen studieprogram ennå.',
  },
  en: {
    title: 'Students',
    intro: 'Every CIL certificate on the programme, with where it stands and what is missing. Confirm activities from the open tasks, and record the career course and the presentation here.',
    stage: 'Stage',
    anyStage: 'All stages',
    missingFilter: 'Missing',
    anyMissing: 'Whatever is missing',
    missingOptions: { activities: 'Three different activities', home: 'An activity at home', abroad: 'An activity abroad', career_course: 'The career course', presentation: 'The presentation' } as Record<ChecklistItem['key'], string>,
    show: 'Show',
    filter: 'Narrow the list',
    count: (n: number) => (n === 1 ? '1 certificate' : `${n} certificates`),
    none: 'No certificates here.',
    student: 'Student',
    missing: 'What is missing',
    toConfirm: 'To confirm',
    milestones: 'Career course and presentation',
    enrolled: 'Enrolled',
    nothingMissing: 'Nothing: every requirement is met.',
    reportDue: 'The final reflection report.',
    inReview: 'The local group’s assessment of the report.',
    unknown: 'Cannot be read just now; try again shortly.',
    ended: 'The case is closed.',
    confirm: 'Confirm',
    heldBy: 'held by',
    noTasks: '—',
    careerCourse: 'Career course',
    presentation: 'Presentation',
    recorded: 'recorded',
    notRecorded: 'not recorded',
    record: { career_course: 'Record the career course', presentation: 'Record the presentation' } as Record<Milestone, string>,
    activities: 'Activities',
    statuses: { awaiting_confirmation: 'awaiting confirmation', confirmed: 'confirmed', rejected: 'rejected' } as Record<string, string>,
    counts: 'counts',
    noAccess: 'No access',
    forbidden: 'Only the programme’s local resource group (not its student seat) and the central resource group see the students’ certificates.',
    notFound: 'No such programme',
    programmes: 'The programmes you follow',
    noProgrammes: 'You follow no programme yet.',
  },
};

const date = (d: Date | string, lang: Lang) => dateFormat(lang, { dateStyle: 'medium' }).format(new Date(d));

interface Filters {
  stage?: CertificateStage;
  missing?: ChecklistItem['key'];
}

function filtersOf(source: Record<string, unknown>): Filters {
  const stage = typeof source.stage === 'string' && (CERTIFICATE_STAGES as readonly string[]).includes(source.stage) ? (source.stage as CertificateStage) : undefined;
  const missing = typeof source.missing === 'string' && (MISSING_KEYS as readonly string[]).includes(source.missing) ? (source.missing as ChecklistItem['key']) : undefined;
  return { ...(stage ? { stage } : {}), ...(missing ? { missing } : {}) };
}

const query = (f: Filters) => new URLSearchParams({ ...(f.stage ? { stage: f.stage } : {}), ...(f.missing ? { missing: f.missing } : {}) }).toString();

/** A refusal of a milestone, said in that certificate's row. */
interface RowError {
  certificateId: string;
  message: string;
}

/**
 * A programme's students, for its local group (not the student seat) and the central group: every
 * certificate with its stage and what is missing, filtered in the URL; the open confirmations link
 * to their task pages, and the career course and the presentation are recorded from here. It
 * calls CertificatesService, so the policy of reading a certificate applies as is.
 */
@ApiExcludeController()
@Public()
@Controller()
export class StudentsController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly organisation: OrganisationRepository,
  ) {}

  /** The navigation's "Students": straight to the one programme the person follows, or a list of them. */
  @Get('students')
  async index(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    const { lang, principal } = session;
    const t = T[lang];
    const central = principal.grants.some((g) => g.role === 'central_group_member');
    const followed = new Set(principal.grants.filter((g) => g.role === 'local_group_member' && g.programmeId && seatReadsStudentRecords(g.localGroupRole)).map((g) => g.programmeId!));
    const programmes = (await this.organisation.listProgrammes()).filter((p) => central || followed.has(p.id));
    if (programmes.length === 1) return res.redirect(303, `/programmes/${programmes[0].id}/students`);
    sendPage(
      res,
      renderPage(
        <Layout lang={lang} title={t.title} person={principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <h1>{t.title}</h1>
          <h2>{t.programmes}</h2>
          {programmes.length === 0 ? (
            <p class="muted">{t.noProgrammes}</p>
          ) : (
            <ul id="programmes">
              {programmes.map((p) => (
                <li>
                  <a href={`/programmes/${p.id}/students`}>
                    {lang === 'nb' ? p.nameNb : p.nameEn} ({p.code})
                  </a>
                </li>
              ))}
            </ul>
          )}
        </Layout>,
      ),
    );
  }

  @Get('programmes/:programmeId/students')
  async list(@Param('programmeId') programmeId: string, @Query() q: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    await this.render(res, session, programmeId, filtersOf(q), 200);
  }

  @Post('programmes/:programmeId/students/:certificateId/milestones')
  async milestone(@Param('programmeId') programmeId: string, @Param('certificateId') certificateId: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    const filters = filtersOf(body);
    const dto = plainToInstance(MilestoneDto, { kind: typeof body.kind === 'string' ? body.kind : '' });
    const problems = fieldsOf(await validate(dto));
    if (problems.length) return this.render(res, session, programmeId, filters, 400, { certificateId, message: problems.flatMap((p) => p.problems).join('; ') });
    try {
      if (!isUuid(certificateId) || (await this.certificates.find(certificateId)).programmeId !== programmeId) throw new NotFoundException('no such certificate on this programme');
      await this.certificates.recordMilestone(session.principal, certificateId, dto.kind);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      return this.render(res, session, programmeId, filters, err.getStatus(), { certificateId, message: toErrorBody(err).message });
    }
    const q = query(filters);
    res.redirect(303, `/programmes/${programmeId}/students${q ? `?${q}` : ''}#certificate-${certificateId}`);
  }

  private problemPage(res: Response, session: PageSession, status: number, title: string, message: string): void {
    sendPage(
      res,
      renderPage(
        <Layout lang={session.lang} title={title} person={session.principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <h1>{title}</h1>
          <p>{message}</p>
          <p>
            <a href="/">{session.lang === 'nb' ? 'Mine oppgaver' : 'My tasks'}</a>
          </p>
        </Layout>,
      ),
      status,
    );
  }

  private async render(res: Response, session: PageSession, programmeId: string, filters: Filters, status: number, rowError?: RowError): Promise<void> {
    const { lang, principal } = session;
    const t = T[lang];
    const programme = isUuid(programmeId) ? await this.organisation.findProgramme(programmeId) : null;
    if (!programme) return this.problemPage(res, session, 404, t.notFound, lang === 'nb' ? 'Lenken kan være ufullstendig.' : 'The link may be incomplete.');
    let rows: Awaited<ReturnType<CertificatesService['forProgramme']>>;
    try {
      rows = await this.certificates.forProgramme(principal, programme.id, filters);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const forbidden = err.getStatus() === 403;
      return this.problemPage(res, session, err.getStatus(), forbidden ? t.noAccess : t.notFound, forbidden ? t.forbidden : toErrorBody(err).message);
    }
    const mayRecord = followsStudents(principal, programme.id, ['administrative_resource', 'academic_coordinator']);
    const name = `${lang === 'nb' ? programme.nameNb : programme.nameEn} (${programme.code})`;
    const title = `${t.title}: ${name}`;
    const milestone = (row: (typeof rows)[number], kind: Milestone) => {
      const done = kind === 'career_course' ? row.careerCourse : row.presentation;
      const label = kind === 'career_course' ? t.careerCourse : t.presentation;
      const errorId = `certificate-${row.id}-error`;
      const refused = rowError?.certificateId === row.id;
      return (
        <li>
          {label}: {done ? <Badge tone="ok">{t.recorded}</Badge> : <Badge tone="warn">{t.notRecorded}</Badge>}
          {!done && mayRecord && row.known && OPEN_STAGES.includes(row.stage) && (
            <form method="post" action={`/programmes/${programme.id}/students/${row.id}/milestones`} class="row-action">
              <input type="hidden" name="_csrf" value={session.csrf} />
              <input type="hidden" name="kind" value={kind} />
              {filters.stage && <input type="hidden" name="stage" value={filters.stage} />}
              {filters.missing && <input type="hidden" name="missing" value={filters.missing} />}
              <button type="submit" aria-describedby={[`student-${row.id}`, refused ? errorId : ''].filter(Boolean).join(' ')}>
                {t.record[kind]}
              </button>
            </form>
          )}
        </li>
      );
    };
    sendPage(
      res,
      renderPage(
        <Layout lang={lang} title={title} person={principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <h1>{title}</h1>
          <p>{t.intro}</p>
          <form method="get" action={`/programmes/${programme.id}/students`} id="students-filter" aria-label={t.filter}>
            <label for="students-stage">{t.stage}</label>{' '}
            <select id="students-stage" name="stage">
              <option value="">{t.anyStage}</option>
              {CERTIFICATE_STAGES.map((s) => (
                <option value={s} selected={s === filters.stage}>
                  {CERTIFICATE_STAGE_LABELS[s][lang]}
                </option>
              ))}
            </select>{' '}
            <label for="students-missing">{t.missingFilter}</label>{' '}
            <select id="students-missing" name="missing">
              <option value="">{t.anyMissing}</option>
              {MISSING_KEYS.map((k) => (
                <option value={k} selected={k === filters.missing}>
                  {t.missingOptions[k]}
                </option>
              ))}
            </select>{' '}
            <button type="submit">{t.show}</button>
          </form>
          <p class="muted" id="students-count">
            {t.count(rows.length)}
          </p>
          {rowError && !rows.some((r) => r.id === rowError.certificateId) && (
            <p class="error" role="alert">
              {rowError.message}
            </p>
          )}
          {rows.length === 0 ? (
            <p class="muted" id="no-students">
              {t.none}
            </p>
          ) : (
            <table id="students" class="top-aligned">
              <thead>
                <tr>
                  <th scope="col">{t.student}</th>
                  <th scope="col">{t.missing}</th>
                  <th scope="col">{t.toConfirm}</th>
                  <th scope="col">{t.milestones}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr id={`certificate-${row.id}`} data-certificate={row.id}>
                    <th scope="row">
                      <strong id={`student-${row.id}`}>{row.student.name}</strong>
                      <br />
                      <span class="muted">{row.student.email}</span>
                      <br />
                      <Badge tone={row.stage === 'completed' ? 'ok' : row.stage === 'withdrawn' || row.stage === 'closed_incomplete' ? 'bad' : 'plain'}>{CERTIFICATE_STAGE_LABELS[row.stage][lang]}</Badge>
                      <br />
                      <span class="muted">
                        {t.enrolled} {date(row.enrolledAt, lang)}
                      </span>
                    </th>
                    <td data-label={t.missing}>
                      {!row.known ? (
                        <p class="muted">{t.unknown}</p>
                      ) : row.stage === 'withdrawn' || row.stage === 'closed_incomplete' ? (
                        <p class="muted">{t.ended}</p>
                      ) : row.missing.length === 0 && row.stage === 'completed' ? (
                        <p>{t.nothingMissing}</p>
                      ) : (
                        <ul class="missing">
                          {row.missing.map((m) => (
                            <li data-missing={m.key}>{m.text[lang]}</li>
                          ))}
                          {row.missing.length === 0 && row.stage === 'report_due' && <li data-missing="report">{t.reportDue}</li>}
                          {row.missing.length === 0 && row.stage === 'in_review' && <li data-missing="review">{t.inReview}</li>}
                        </ul>
                      )}
                      {row.participations.length > 0 && (
                        <details>
                          <summary>
                            {t.activities} ({row.participations.length})
                          </summary>
                          <ul>
                            {row.participations.map((p) => (
                              <li>
                                {p.activityName} ({labelOf(CATEGORY_LABELS, p.category, lang)}): {t.statuses[p.status] ?? p.status}
                                {p.counts && `, ${t.counts}`}
                              </li>
                            ))}
                          </ul>
                        </details>
                      )}
                    </td>
                    <td data-label={t.toConfirm}>
                      {row.openTasks.length === 0 ? (
                        t.noTasks
                      ) : (
                        <ul class="to-confirm">
                          {row.openTasks.map((task) => (
                            <li>
                              {task.assigneeId === principal.personId ? (
                                <a href={`/tasks/${encodeURIComponent(task.id)}`}>
                                  {t.confirm}: {task.activityName ?? ''}
                                </a>
                              ) : (
                                <>
                                  {task.activityName ?? ''} <span class="muted">({t.heldBy} {task.assigneeName})</span>
                                </>
                              )}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td data-label={t.milestones}>
                      <ul class="milestones">
                        {milestone(row, 'career_course')}
                        {milestone(row, 'presentation')}
                      </ul>
                      {rowError?.certificateId === row.id && (
                        <p class="error" role="alert" id={`certificate-${row.id}-error`}>
                          {rowError.message}
                        </p>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Layout>,
      ),
      status,
    );
  }
}
