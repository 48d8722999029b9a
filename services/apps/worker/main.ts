import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module.js';
import { runMain } from '../run-main.js';
import { loadConfig } from '../../platform/config/config.schema.js';

runMain('worker', async () => {
  loadConfig(process.env, { diploma: true, temporal: true }); // fail now, naming what is missing
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  // After a clean shutdown the process exits rather than re-raising the signal, so its exit
  // handlers run (the logger's flush, and Node's --cpu-prof writes its profile then).
  app.enableShutdownHooks(['SIGINT', 'SIGTERM'], { useProcessExit: true });
  await app.init();
  return app;
});
