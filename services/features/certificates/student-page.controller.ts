import { Body, Controller, Get, HttpException, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public, type RequestWithPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { CatalogueRepository } from '../programme-work/catalogue.repository.js';
import { toErrorBody, type ErrorBody } from '../../platform/http/errors.js';
import { csrfToken } from '../../platform/http/security.js';
import { layoutSession } from '../workspace/page-session.js';
import type { CertificateEntity } from '../../platform/db/entities/index.js';
import { CertificatesService } from './certificates.service.js';
import { PageFlash, type Flash } from './page-flash.js';
import { formValues, PARTICIPATION_FIELDS, participationFromForm, REPORT_FIELDS, reportFromForm } from './student-page.form.js';
import { errorPage, problemPage, studentPage } from './student-page.view.js';
import { isUuid } from '../../platform/http/ui/format.js';


type Access = { ok: true; principal: Principal; certificate: CertificateEntity } | { ok: false };

/**
 * The student's own certificate page (the certificate e-mails link to it): the checklist, the
 * activities and their status, the timeline, and plain forms (no JavaScript) to record an activity
 * and hand in the final report. Posts redirect back to the page (303); what went wrong, and the
 * values as typed, come along in a short-lived cookie. All decisions are CertificatesService's.
 */
@ApiExcludeController()
@Public()
@Controller('certificates')
export class StudentPageController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly catalogue: CatalogueRepository,
    private readonly flash: PageFlash,
  ) {}

  @Get(':id')
  async show(@Param('id') id: string, @Req() req: RequestWithPrincipal, @Res() res: Response): Promise<void> {
    const access = await this.access(id, req, res);
    if (!access.ok) return;
    const flash = this.flash.take(req, res, this.path(id), access.principal.personId);
    await this.render(req, res, 200, access, flash);
  }

  @Post(':id/participations')
  async participation(@Param('id') id: string, @Body() form: unknown, @Req() req: RequestWithPrincipal, @Res() res: Response): Promise<void> {
    const access = await this.access(id, req, res);
    if (!access.ok) return;
    const values = formValues(form, PARTICIPATION_FIELDS);
    await this.handle(req, res, access, 'participation', values, async () => {
      await this.certificates.recordParticipation(access.principal, id, await participationFromForm(values));
    });
  }

  @Post(':id/report')
  async report(@Param('id') id: string, @Body() form: unknown, @Req() req: RequestWithPrincipal, @Res() res: Response): Promise<void> {
    const access = await this.access(id, req, res);
    if (!access.ok) return;
    const values = formValues(form, REPORT_FIELDS);
    await this.handle(req, res, access, 'report', values, async () => {
      await this.certificates.submitReport(access.principal, id, (await reportFromForm(values)).text);
    });
  }

  private path(id: string): string {
    return `/certificates/${id}`;
  }

  /** Signed in as the certificate's student; otherwise answers the sign-in redirect, 404 or 403 itself. */
  private async access(id: string, req: RequestWithPrincipal, res: Response): Promise<Access> {
    const principal = req.principal;
    const signIn = `/auth/login?returnTo=${encodeURIComponent(this.path(id))}`;
    if (!principal) {
      res.redirect(303, signIn);
      return { ok: false };
    }
    const certificate = await this.findCertificate(id);
    if (!certificate) {
      res.status(404).type('html').send(problemPage(principal.language, 'notFound', signIn, layoutSession(req, principal.language)));
      return { ok: false };
    }
    if (certificate.studentId !== principal.personId) {
      res.status(403).type('html').send(problemPage(principal.language, 'forbidden', signIn, layoutSession(req, principal.language)));
      return { ok: false };
    }
    return { ok: true, principal, certificate };
  }

  private async findCertificate(id: string): Promise<CertificateEntity | undefined> {
    if (!isUuid(id)) return undefined;
    try {
      return await this.certificates.find(id);
    } catch (err) {
      if (err instanceof NotFoundException) return undefined;
      throw err;
    }
  }

  /** Runs the form's action; redirects back to the page with a notice or the problem. */
  private async handle(req: RequestWithPrincipal, res: Response, access: Extract<Access, { ok: true }>, form: Flash['form'], values: Record<string, string>, action: () => Promise<void>): Promise<void> {
    const { principal, certificate } = access;
    let outcome: Flash = { personId: principal.personId, form, saved: true };
    let status = 303;
    try {
      await action();
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const body: ErrorBody = toErrorBody(err);
      status = body.statusCode;
      outcome = { personId: principal.personId, form, message: body.message, fields: body.fields, values };
    }
    if (this.flash.set(res, this.path(certificate.id), outcome)) {
      res.redirect(303, this.path(certificate.id));
      return;
    }
    // Too much text for a cookie: answer the page with the problem and the values in place.
    await this.render(req, res, status, access, outcome);
  }

  private async render(req: RequestWithPrincipal, res: Response, status: number, { principal, certificate }: Extract<Access, { ok: true }>, flash?: Flash): Promise<void> {
    try {
      const [view, catalogue] = await Promise.all([this.certificates.get(principal, certificate.id), this.catalogue.activities(certificate.programmeId)]);
      res.setHeader('cache-control', 'no-store');
      res.status(status).type('html').send(studentPage({ lang: principal.language, studentName: principal.name, view, catalogue, flash, csrf: csrfToken(req), header: layoutSession(req, principal.language) }));
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      res.status(err.getStatus()).type('html').send(errorPage(principal.language, err.getStatus(), toErrorBody(err).message, layoutSession(req, principal.language)));
    }
  }
}
