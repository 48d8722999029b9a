import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../db/database.module.js';
import { LoggingModule } from '../common/logging.module.js';
import { MailModule } from '../mail/mail.module.js';
import { NotificationsModule } from '../cases/cases.module.js';
import { DiplomasModule } from '../diplomas/diplomas.module.js';
import { TemporalWorkerHost } from '../temporal/temporal-worker.host.js';

/** The worker process: no HTTP, just the Temporal worker and the services its activities call. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, MailModule, NotificationsModule, DiplomasModule],
  providers: [TemporalWorkerHost],
})
export class WorkerModule {}
