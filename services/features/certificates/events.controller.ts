import { Controller, Headers, HttpCode, Post, Req, ValidationPipe, type PipeTransform } from '@nestjs/common';
import { ApplicationConfig } from '@nestjs/core';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { fieldsOf, ValidationFailed } from '../../platform/http/errors.js';
import { InboundEventDto } from './certificates.dto.js';
import { EventsService } from './events.service.js';

/** Events from other systems, signed per source (no user session). */
@ApiTags('events')
@Public()
@Controller('api/events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly app: ApplicationConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'A signed event: 200 accepted or duplicate (no-op), 401 bad signature (whatever the body), 400 invalid body, 422 unknown student or programme (kept as rejected)' })
  @ApiHeader({ name: 'X-CIL-Source', required: true })
  @ApiHeader({ name: 'X-CIL-Timestamp', required: true, description: 'Unix time in seconds' })
  @ApiHeader({ name: 'X-CIL-Signature', required: true, description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">' })
  @ApiBody({ type: InboundEventDto, required: true })
  async receive(
    @Req() req: Request & { rawBody?: Buffer },
    @Headers('x-cil-source') source: string | undefined,
    @Headers('x-cil-timestamp') timestamp: string | undefined,
    @Headers('x-cil-signature') signature: string | undefined,
  ) {
    // The signature first: a caller that cannot sign learns nothing about the body's schema.
    // So the body is no @Body() parameter (the global pipes would validate it before this runs);
    // it goes through the same pipes here, once the caller is known.
    const verified = this.events.authenticate(source, timestamp, signature, req.rawBody);
    return this.events.receive(verified, await this.validated(req.body));
  }

  /** The app's global pipes (NUL check, ValidationPipe: the one error shape), run on the body as on any @Body() DTO. */
  private async validated(body: unknown): Promise<InboundEventDto> {
    const pipes: PipeTransform[] = [...this.app.getGlobalPipes()];
    // Never unvalidated, even in an app set up without the global ValidationPipe.
    if (!pipes.some((p) => p instanceof ValidationPipe)) {
      pipes.push(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: (errors) => new ValidationFailed(fieldsOf(errors)) }));
    }
    let value: unknown = body;
    for (const pipe of pipes) value = await pipe.transform(value, { type: 'body', metatype: InboundEventDto, data: undefined });
    return value as InboundEventDto;
  }
}
