import { Body, Controller, Get, HttpException, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { hasAnyRole } from '../auth/principal.js';
import { RevokeDto } from '../certificates/certificates.dto.js';
import { DiplomaService } from '../diplomas/diploma.service.js';
import type { FacultyFigures, Figures, ParticipationReport } from '../reports/participation-report.js';
import { ReportsService } from '../reports/reports.service.js';
import { fieldsOf, toErrorBody } from '../../platform/http/errors.js';
import { BarChart, Badge, describedBy, Field, Layout, renderPage, type Lang } from '../../platform/http/ui/components.js';
import { dateTime } from '../../platform/http/ui/format.js';
import { pageSession, sendPage, type PageSession } from './page-session.js';

/** A verification code as diplomas carry it (CIL-XXXX-XXXX-XXXX); the form takes any short text and the service says whether it is known. */
const CODE_MAX = 40;

const T = {
  nb: {
    title: 'Rapporter',
    report: 'Deltakelse i CIL',
    intro: 'Sertifikater og bekreftede aktiviteter per fakultet og studieprogram, for den sentrale ressursgruppen.',
    generated: 'Laget',
    csv: 'Last ned som CSV',
    certificatesChart: 'Sertifikater per fakultet',
    certificatesDesc: (f: string) => `Meldt opp, underveis og fullført per fakultet. ${f}`,
    participationsChart: 'Bekreftede aktiviteter per fakultet, hjemme og i utlandet',
    participationsDesc: (f: string) => `Bekreftede aktiviteter hjemme og i utlandet per fakultet. ${f}`,
    tableCaption: 'Tallene per fakultet og studieprogram',
    programme: 'Fakultet og studieprogram',
    enrolled: 'Meldt opp',
    inProgress: 'Underveis',
    completed: 'Fullført',
    withdrawn: 'Trukket',
    closedIncomplete: 'Avsluttet ufullført',
    home: 'Bekreftet hjemme',
    abroad: 'Bekreftet i utlandet',
    certificates: 'Sertifikater',
    confirmed: 'Bekreftede aktiviteter',
    atHome: 'Hjemme',
    abroadShort: 'I utlandet',
    open: 'åpent',
    facultyTotal: 'i alt',
    total: 'Alle fakulteter',
    revoke: 'Trekk tilbake et diplom',
    revokeHelp: 'Diplomet blir ugyldig på verifiseringssiden, og studenten får beskjed med begrunnelsen. Begrunnelsen vises ikke offentlig.',
    code: 'Verifiseringskode',
    codeHint: 'Slik den står på diplomet, for eksempel CIL-ABCD-EFGH-JKLM.',
    reason: 'Begrunnelse',
    reasonHint: 'Minst 3 tegn. Studenten får se den.',
    revokeButton: 'Trekk tilbake diplomet',
    codeRequired: 'Skriv inn verifiseringskoden.',
    unknownCode: 'Ingen diplomer har denne koden.',
    alreadyRevoked: 'Dette diplomet er allerede trukket tilbake.',
    revoked: (code: string) => `Diplomet ${code} er trukket tilbake.`,
    verifyPage: 'Se verifiseringssiden',
    problem: 'Rett opp feltene som er merket.',
    noAccess: 'Ingen tilgang',
    forbidden: 'Bare den sentrale ressursgruppen ser rapportene og trekker tilbake diplomer.',
    summary: (name: string, f: Figures) => `${name}: ${f.enrolled} meldt opp, ${f.inProgress} underveis, ${f.completed} fullført.`,
    summaryParticipations: (name: string, f: Figures) => `${name}: ${f.confirmedParticipations.home} hjemme, ${f.confirmedParticipations.abroad} i utlandet.`,
  },
  en: {
    title: 'Reports',
    report: 'Participation in CIL',
    intro: 'Certificates and confirmed activities per faculty and programme, for the central resource group.',
    generated: 'Made',
    csv: 'Download as CSV',
    certificatesChart: 'Certificates per faculty',
    certificatesDesc: (f: string) => `Enrolled, in progress and completed per faculty. ${f}`,
    participationsChart: 'Confirmed activities per faculty, at home and abroad',
    participationsDesc: (f: string) => `Confirmed activities at home and abroad per faculty. ${f}`,
    tableCaption: 'The figures per faculty and programme',
    programme: 'Faculty and programme',
    enrolled: 'Enrolled',
    inProgress: 'In progress',
    completed: 'Completed',
    withdrawn: 'Withdrawn',
    closedIncomplete: 'Closed incomplete',
    home: 'Confirmed at home',
    abroad: 'Confirmed abroad',
    certificates: 'Certificates',
    confirmed: 'Confirmed activities',
    atHome: 'At home',
    abroadShort: 'Abroad',
    open: 'open',
    facultyTotal: 'in all',
    total: 'All faculties',
    revoke: 'Revoke a diploma',
    revokeHelp: 'The diploma becomes invalid on its verification page, and the student is told, with the reason. The reason is not shown to the public.',
    code: 'Verification code',
    codeHint: 'As printed on the diploma, for example CIL-ABCD-EFGH-JKLM.',
    reason: 'Reason',
    reasonHint: 'At least 3 characters. The student sees it.',
    revokeButton: 'Revoke the diploma',
    codeRequired: 'Enter the verification code.',
    unknownCode: 'No diploma has this code.',
    alreadyRevoked: 'This diploma is already revoked.',
    revoked: (code: string) => `The diploma ${code} is revoked.`,
    verifyPage: 'See its verification page',
    problem: 'Please correct the marked fields.',
    noAccess: 'No access',
    forbidden: 'Only the central resource group reads the reports and revokes diplomas.',
    summary: (name: string, f: Figures) => `${name}: ${f.enrolled} enrolled, ${f.inProgress} in progress, ${f.completed} completed.`,
    summaryParticipations: (name: string, f: Figures) => `${name}: ${f.confirmedParticipations.home} at home, ${f.confirmedParticipations.abroad} abroad.`,
  },
};

/** Bar colours, each at least 4.5:1 against white and apart from one another. */
const COLOURS = { enrolled: '#0b4f8a', inProgress: '#a35200', completed: '#2e6b30', home: '#6a1b9a', abroad: '#00695c' };

type Errors = Record<string, string>;

const nameOf = (x: { nameNb: string; nameEn: string }, lang: Lang) => (lang === 'nb' ? x.nameNb : x.nameEn);
const central = (session: PageSession) => hasAnyRole(session.principal, ['central_group_member']);

/**
 * Reports for the central resource group: the participation report as charts (inline SVG drawn
 * here) and a table, its CSV, and revoking a diploma. The same services and role as
 * GET /api/reports/participation and POST /api/diplomas/:code/revoke.
 */
@ApiExcludeController()
@Public()
@Controller('reports')
export class ReportsPageController {
  constructor(
    private readonly reports: ReportsService,
    private readonly diplomas: DiplomaService,
  ) {}

  @Get()
  async show(@Query('revoked') revoked: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    // The notice says what the verification page says now, whatever the link claims.
    const code = typeof revoked === 'string' ? revoked.slice(0, CODE_MAX) : undefined;
    const notice = code && (await this.diplomas.verify(code)).reason === 'revoked' ? code : undefined;
    await this.render(res, session, 200, {}, {}, notice);
  }

  @Get('participation.csv')
  async csv(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    let file: { filename: string; csv: string };
    try {
      file = await this.reports.participationCsv(session.principal);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      return this.problem(res, session, err);
    }
    res.status(200).type('text/csv; charset=utf-8').setHeader('Cache-Control', 'no-store').setHeader('content-disposition', `attachment; filename="${file.filename}"`).send(file.csv);
  }

  @Post('revoke')
  async revoke(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    const t = T[session.lang];
    const values = { code: typeof body.code === 'string' ? body.code.trim().slice(0, CODE_MAX) : '', reason: typeof body.reason === 'string' ? body.reason.trim() : '' };
    // The same role as POST /api/diplomas/:code/revoke, before anything about the code is said.
    if (!central(session)) return this.render(res, session, 403, {}, values);
    const dto = plainToInstance(RevokeDto, { reason: values.reason });
    const errors: Errors = Object.fromEntries(fieldsOf(await validate(dto)).map((p) => [p.field, p.problems.join('; ')]));
    if (!values.code) errors.code = t.codeRequired;
    if (Object.keys(errors).length) return this.render(res, session, 400, errors, values);
    try {
      await this.diplomas.revoke(values.code, session.principal.personId, dto.reason);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const status = err.getStatus();
      const at: Errors = status === 404 ? { code: t.unknownCode } : status === 409 ? { code: t.alreadyRevoked } : { form: toErrorBody(err).message };
      return this.render(res, session, status, at, values);
    }
    res.redirect(303, `/reports?${new URLSearchParams({ revoked: values.code }).toString()}#revoke`);
  }

  private problem(res: Response, session: PageSession, err: HttpException): void {
    const t = T[session.lang];
    const title = t.noAccess;
    sendPage(
      res,
      renderPage(
        <Layout lang={session.lang} title={title} person={session.principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <h1>{title}</h1>
          <p>{err.getStatus() === 403 ? t.forbidden : toErrorBody(err).message}</p>
        </Layout>,
      ),
      err.getStatus(),
    );
  }

  private async render(res: Response, session: PageSession, status: number, errors: Errors, values: Record<string, string>, notice?: string): Promise<void> {
    const { lang } = session;
    const t = T[lang];
    let report: ParticipationReport;
    try {
      report = await this.reports.participation(session.principal);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      return this.problem(res, session, err);
    }
    const figures = (f: Figures) => [f.enrolled, f.inProgress, f.completed, f.withdrawn, f.closedIncomplete, f.confirmedParticipations.home, f.confirmedParticipations.abroad];
    const facultyLabel = (f: FacultyFigures) => `${nameOf(f, lang)} (${f.code})`;
    const hasErrors = Object.keys(errors).length > 0;
    const columns = [t.enrolled, t.inProgress, t.completed, t.withdrawn, t.closedIncomplete, t.atHome, t.abroadShort];
    // On a phone the table's cells stack, each named by its column.
    const labels = [t.enrolled, t.inProgress, t.completed, t.withdrawn, t.closedIncomplete, t.home, t.abroad];
    sendPage(
      res,
      renderPage(
        <Layout lang={lang} title={t.title} person={session.principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <h1>{t.title}</h1>
          <h2 id="participation">{t.report}</h2>
          <p>{t.intro}</p>
          <p class="muted">
            {t.generated} {dateTime(report.generatedAt, lang)} ·{' '}
            <a href="/reports/participation.csv" download id="report-csv">
              {t.csv}
            </a>
          </p>
          <BarChart
            id="chart-certificates"
            title={t.certificatesChart}
            description={t.certificatesDesc(report.faculties.map((f) => t.summary(facultyLabel(f), f)).join(' '))}
            series={[
              { label: t.enrolled, color: COLOURS.enrolled },
              { label: t.inProgress, color: COLOURS.inProgress },
              { label: t.completed, color: COLOURS.completed },
            ]}
            groups={report.faculties.map((f) => ({ label: f.code, values: [f.enrolled, f.inProgress, f.completed] }))}
          />
          <BarChart
            id="chart-participations"
            title={t.participationsChart}
            description={t.participationsDesc(report.faculties.map((f) => t.summaryParticipations(facultyLabel(f), f)).join(' '))}
            series={[
              { label: t.home, color: COLOURS.home },
              { label: t.abroad, color: COLOURS.abroad },
            ]}
            groups={report.faculties.map((f) => ({ label: f.code, values: [f.confirmedParticipations.home, f.confirmedParticipations.abroad] }))}
          />
          <table id="report" class="figures">
            <caption>{t.tableCaption}</caption>
            <colgroup span={1} />
            <colgroup span={5} />
            <colgroup span={2} />
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>
                  {t.programme}
                </th>
                <th scope="colgroup" colSpan={5} class="num">
                  {t.certificates}
                </th>
                <th scope="colgroup" colSpan={2} class="num">
                  {t.confirmed}
                </th>
              </tr>
              <tr>
                {columns.map((h) => (
                  <th scope="col" class="num">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            {report.faculties.map((f) => (
              <tbody data-faculty={f.code}>
                <tr class="subtotal">
                  <th scope="row">
                    {facultyLabel(f)} {t.facultyTotal}
                  </th>
                  {figures(f).map((n, i) => (
                    <td class="num" data-label={labels[i]}>
                      {n}
                    </td>
                  ))}
                </tr>
                {f.programmes.map((p) => (
                  <tr data-programme={p.code}>
                    <th scope="row" class="indent">
                      {nameOf(p, lang)} ({p.code}) {p.enrolmentOpen && <Badge tone="ok">{t.open}</Badge>}
                    </th>
                    {figures(p).map((n, i) => (
                      <td class="num" data-label={labels[i]}>
                        {n}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            ))}
            <tfoot>
              <tr class="subtotal" id="report-total">
                <th scope="row">{t.total}</th>
                {figures(report.totals).map((n, i) => (
                  <td class="num" data-label={labels[i]}>
                    {n}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>

          <h2 id="revoke">{t.revoke}</h2>
          <p>{t.revokeHelp}</p>
          {notice && (
            <p class="ok" role="status" id="revoke-notice">
              {t.revoked(notice)} <a href={`/verify/${encodeURIComponent(notice)}`}>{t.verifyPage}</a>
            </p>
          )}
          {hasErrors && (
            <div class="error" role="alert" id="revoke-errors">
              <p>
                <strong>{errors.form ?? t.problem}</strong>
              </p>
            </div>
          )}
          <form method="post" action="/reports/revoke" id="revoke-form" novalidate>
            <input type="hidden" name="_csrf" value={session.csrf} />
            <Field id="revoke-code" label={t.code} hint={t.codeHint} error={errors.code}>
              <input id="revoke-code" name="code" type="text" required maxLength={CODE_MAX} autocomplete="off" spellcheck={false} value={values.code ?? ''} {...describedBy('revoke-code', errors.code, t.codeHint)} />
            </Field>
            <Field id="revoke-reason" label={t.reason} hint={t.reasonHint} error={errors.reason}>
              <textarea id="revoke-reason" name="reason" rows={3} cols={60} required maxLength={2000} {...describedBy('revoke-reason', errors.reason, t.reasonHint)}>
                {values.reason ?? ''}
              </textarea>
            </Field>
            <p>
              <button type="submit">{t.revokeButton}</button>
            </p>
          </form>
        </Layout>,
      ),
      status,
    );
  }
}
