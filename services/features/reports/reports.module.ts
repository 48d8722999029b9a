import { Module } from '@nestjs/common';
import { ParticipationReportRepository } from './participation-report.repository.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

/** Reports for the central group. */
@Module({
  controllers: [ReportsController],
  providers: [ParticipationReportRepository, ReportsService],
  // The staff workspace's reports page asks the same service.
  exports: [ReportsService],
})
export class ReportsModule {}
