import { Module } from '@nestjs/common';
import { AuthModule } from '../../features/auth/auth.module.js';
import { LoggingModule } from '../../platform/logging/logging.module.js';
import { ConfigModule } from '../../platform/config/config.module.js';
import { DatabaseModule } from '../../platform/db/database.module.js';
import { HealthModule } from '../../platform/health/health.module.js';
import { OrganisationModule } from '../../features/organisation/organisation.module.js';
import { TemporalClientModule } from '../../platform/temporal/temporal-client.module.js';
import { RepositoriesModule } from '../../features/repositories.module.js';
import { RolloutsModule } from '../../features/rollouts/rollouts.module.js';
import { TasksModule } from '../../features/tasks/tasks.module.js';
import { ProgrammeWorkModule } from '../../features/programme-work/programme-work.module.js';
import { CertificatesModule } from '../../features/certificates/certificates.module.js';
import { ReportsModule } from '../../features/reports/reports.module.js';
import { MailDispatchModule } from '../../platform/mail/mail.module.js';
import { RateLimitModule } from '../../platform/http/rate-limit.module.js';
import { WorkspaceModule } from '../../features/workspace/workspace.module.js';

/** The HTTP API process. RateLimitModule comes before AuthModule: its guard runs first, so guessing tokens is limited too. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, TemporalClientModule, RepositoriesModule, RateLimitModule, AuthModule, OrganisationModule, HealthModule, RolloutsModule, TasksModule, ProgrammeWorkModule, CertificatesModule, ReportsModule, WorkspaceModule, MailDispatchModule],
})
export class AppModule {}
