import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { LoggingModule } from '../common/logging.module.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../db/database.module.js';
import { HealthModule } from '../health/health.module.js';
import { OrganisationModule } from '../organisation/organisation.module.js';
import { TemporalClientModule } from '../temporal/temporal-client.module.js';
import { RolloutsModule } from '../rollouts/rollouts.module.js';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { MailDispatchModule } from '../mail/mail.module.js';

/** The HTTP API process. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, TemporalClientModule, AuthModule, OrganisationModule, HealthModule, RolloutsModule, CertificatesModule, ReportsModule, MailDispatchModule],
})
export class AppModule {}
