import { Global, Module } from '@nestjs/common';
import { loadConfig, type AppConfig } from './config.schema.js';

/** Injection token for the validated settings. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({
  providers: [{ provide: APP_CONFIG, useFactory: (): AppConfig => loadConfig() }],
  exports: [APP_CONFIG],
})
export class ConfigModule {}
