import { ForbiddenException, Injectable } from '@nestjs/common';
import { hasAnyRole, type Principal } from '../auth/principal.js';
import { buildReport, reportCsv, type ParticipationReport } from './participation-report.js';
import { ParticipationReportRepository } from './participation-report.repository.js';

/** The participation report, for the central group: the JSON API and the reports page ask the same. */
@Injectable()
export class ReportsService {
  constructor(private readonly figures: ParticipationReportRepository) {}

  async participation(principal: Principal): Promise<ParticipationReport> {
    if (!hasAnyRole(principal, ['central_group_member'])) throw new ForbiddenException('this needs one of the roles: central_group_member');
    const [enrolment, confirmed] = await Promise.all([this.figures.enrolment(), this.figures.confirmedParticipations()]);
    return buildReport(enrolment, confirmed);
  }

  /** The report as a CSV file: its name and its text, names in the reader's language. */
  async participationCsv(principal: Principal): Promise<{ filename: string; csv: string }> {
    const report = await this.participation(principal);
    return { filename: `cil-participation-${report.generatedAt.slice(0, 10)}.csv`, csv: reportCsv(report, principal.language) };
  }
}
