import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import { requireDatabaseUrl, type AppConfig } from '../config/config.schema.js';
import { connectWithin, createDataSource } from './data-source.js';
import { PgListener } from './pg-listener.js';

/** Provides the TypeORM DataSource and the notification listener; boot waits for the database for DB_CONNECT_TIMEOUT_MS, then fails. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const logger = new Logger('Database');
        return connectWithin(
          createDataSource(requireDatabaseUrl(config), config.database.poolSize),
          config.database.connectTimeoutMs,
          (m) => logger.warn(m),
        );
      },
    },
    PgListener,
  ],
  exports: [DataSource, PgListener],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
