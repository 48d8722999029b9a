import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { DiplomasModule } from '../diplomas/diplomas.module.js';
import { ProgrammeWorkModule } from '../programme-work/programme-work.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { RolloutsModule } from '../rollouts/rollouts.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { CasesController } from './cases.controller.js';
import { EnrolController } from './enrol.controller.js';
import { HomeController } from './home.controller.js';
import { OrganisationAdminService } from '../organisation/organisation-admin.service.js';
import { OrganisationPagesController } from './organisation.controller.js';
import { ProgrammeWorkPagesController } from './programme-work.controller.js';
import { ReportsPageController } from './reports-page.controller.js';
import { StudentsController } from './students.controller.js';

/**
 * The staff workspace: server-rendered pages (preact components rendered to HTML, no JavaScript
 * needed) over the same services and authorization as the JSON API.
 */
@Module({
  imports: [RolloutsModule, TasksModule, ProgrammeWorkModule, CertificatesModule, ReportsModule, DiplomasModule],
  controllers: [HomeController, CasesController, EnrolController, ProgrammeWorkPagesController, StudentsController, ReportsPageController, OrganisationPagesController],
  providers: [OrganisationAdminService],
})
export class WorkspaceModule {}
