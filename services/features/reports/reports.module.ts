import { Module } from '@nestjs/common';
import { ParticipationReportRepository } from './participation-report.repository.js';
import { ReportsController } from './reports.controller.js';

/** Reports for the central group. */
@Module({
  controllers: [ReportsController],
  providers: [ParticipationReportRepository],
})
export class ReportsModule {}
