import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG } from '../config/config.module.js';
import { requireTemporalAddress, type AppConfig } from '../config/config.schema.js';
import { connectTemporalWithin, temporalTlsFor } from './temporal-connect.js';
import { dataConverterFor } from './encryption.codec.js';

/** The API's Temporal client. Boot waits TEMPORAL_CONNECT_TIMEOUT_MS for the server, then fails. */
@Global()
@Module({
  providers: [
    {
      provide: Connection,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const address = requireTemporalAddress(config);
        const tls = temporalTlsFor(config);
        const connection = await connectTemporalWithin(
          () => Connection.connect({ address, tls, connectTimeout: 2_000 }),
          address,
          config.temporal.connectTimeoutMs,
          (m) => new Logger('Temporal').warn(m),
        );
        // Fail now, not at the first request, if the namespace is missing.
        await connection.workflowService.describeNamespace({ namespace: config.temporal.namespace });
        return connection;
      },
    },
    {
      provide: Client,
      inject: [APP_CONFIG, Connection],
      useFactory: (config: AppConfig, connection: Connection) =>
        new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverterFor(config) }),
    },
  ],
  exports: [Client, Connection],
})
export class TemporalClientModule implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
