import { ValidationPipe, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import { AllExceptionsFilter, fieldsOf, toErrorBody, ValidationFailed } from '../../platform/http/errors.js';
import { NoNulCharacterPipe } from '../../platform/http/no-nul.pipe.js';
import { STYLESHEET, STYLESHEET_PATH } from '../../platform/http/html.js';
import { boundedDepth, csrfProtection, jsonOnlyApi, sameOriginOnly, securityHeaders } from '../../platform/http/security.js';
import { SESSION_COOKIE } from '../../features/auth/session.service.js';
import type { AppConfig } from '../../platform/config/config.schema.js';
import { requestIdOf } from '../../platform/logging/logging.module.js';

/** Everything that makes the HTTP app what it is, apart from its modules. */
export function configureApp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // The request id first, so that even body-parsing errors carry it.
  app.use((req: Request & { id?: string }, res: Response, next: NextFunction) => {
    req.id = requestIdOf(req, res);
    next();
  });
  app.use(...securityHeaders(config));
  app.use(STYLESHEET_PATH, (_req: Request, res: Response) => {
    res.type('css').setHeader('Cache-Control', 'public, max-age=3600').send(STYLESHEET);
  });
  app.use(cookieParser());
  // Before any body is read: a cross-site or non-JSON request to the API is refused unread.
  app.use(sameOriginOnly(config), jsonOnlyApi());
  app.useBodyParser('json', { limit: config.httpBodyLimit });
  app.useBodyParser('urlencoded', { limit: config.httpBodyLimit, extended: false });
  // POST /verify takes a credential file (diplomas/verify.controller.ts): it changes nothing and
  // answers the same to anyone, so its multipart form (parsed in the route) carries no CSRF token.
  app.use(boundedDepth(), csrfProtection({ publicUrl: config.publicUrl, secret: config.auth.sessionSecret, sessionCookie: SESSION_COOKIE, readOnlyUploads: ['/verify'] }));
  app.useGlobalPipes(
    new NoNulCharacterPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new ValidationFailed(fieldsOf(errors)),
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter());
  // Errors raised before routing (body parsing) get the same shape.
  app.use((err: unknown, req: Request & { id?: string }, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const body = toErrorBody(err);
    res.status(body.statusCode).json({ ...body, requestId: req.id });
  });

  if (!config.openApiDocs) return app;
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('CIL Flow')
      .setDescription("Workflow and case-management API for OsloMet's Certificate of International Learning.")
      .setVersion('0.1.0')
      .addBearerAuth()
      .addCookieAuth('cil_session')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
