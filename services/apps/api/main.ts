import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { runMain } from '../run-main.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { loadConfig, type AppConfig } from '../../platform/config/config.schema.js';
import { AppModule } from './app.module.js';
import { configureApp } from './configure-app.js';

runMain('api', async () => {
  loadConfig(process.env, { auth: true, diploma: true, temporal: true }); // fail now, naming what is missing
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, abortOnError: false, bodyParser: false, rawBody: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  const config = app.get<AppConfig>(APP_CONFIG);
  configureApp(app, config);
  await app.listen(config.port, config.host);
  app.get(Logger).log({ msg: 'API listening', host: config.host, port: config.port, url: config.publicUrl });
});
