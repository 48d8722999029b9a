import { Module } from '@nestjs/common';
import { ConfigModule } from '../../platform/config/config.module.js';
import { DatabaseModule } from '../../platform/db/database.module.js';
import { LoggingModule } from '../../platform/logging/logging.module.js';
import { MailModule } from '../../platform/mail/mail.module.js';
import { NotificationsModule } from '../../features/cases.module.js';
import { DiplomasModule } from '../../features/diplomas/diplomas.module.js';
import { TemporalWorkerHost } from '../../platform/temporal/temporal-worker.host.js';

/** The worker process: no HTTP, just the Temporal worker and the services its activities call. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, MailModule, NotificationsModule, DiplomasModule],
  providers: [TemporalWorkerHost],
})
export class WorkerModule {}
