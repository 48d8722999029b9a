import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** The request's id: the caller's X-Request-Id when it is sane, a new UUID otherwise. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * Structured JSON logs (pino). Each request line carries its id, method, path (no query string:
 * links may carry tokens) and status; bodies, cookies and authorization headers are never logged.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: (req: IncomingMessage & { id?: string }, res: ServerResponse) => req.id ?? requestIdOf(req, res),
          customProps: () => ({ process: process.env.CIL_PROCESS ?? 'api' }),
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          redact: ['req.headers', 'res.headers'],
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/ready' },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
