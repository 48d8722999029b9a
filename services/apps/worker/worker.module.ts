import { Module } from '@nestjs/common';
import { ConfigModule } from '../../platform/config/config.module.js';
import { DatabaseModule } from '../../platform/db/database.module.js';
import { LoggingModule } from '../../platform/logging/logging.module.js';
import { ActivitiesModule } from '../../../activities/activities.module.js';
import { RepositoriesModule } from '../../features/repositories.module.js';
import { TemporalWorkerHost } from '../../platform/temporal/temporal-worker.host.js';

/** The worker process: no HTTP, just the Temporal worker and the services its activities call. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, RepositoriesModule, ActivitiesModule],
  providers: [TemporalWorkerHost],
})
export class WorkerModule {}
