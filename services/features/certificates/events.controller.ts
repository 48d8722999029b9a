import { Body, Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { InboundEventDto } from './certificates.dto.js';
import { EventsService } from './events.service.js';

/** Events from other systems, signed per source (no user session). */
@ApiTags('events')
@Public()
@Controller('api/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'A signed event: 200 accepted or duplicate (no-op), 401 bad signature, 422 unknown student or programme (kept as rejected)' })
  @ApiHeader({ name: 'X-CIL-Source', required: true })
  @ApiHeader({ name: 'X-CIL-Timestamp', required: true, description: 'Unix time in seconds' })
  @ApiHeader({ name: 'X-CIL-Signature', required: true, description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">' })
  receive(
    @Req() req: Request & { rawBody?: Buffer },
    @Headers('x-cil-source') source: string | undefined,
    @Headers('x-cil-timestamp') timestamp: string | undefined,
    @Headers('x-cil-signature') signature: string | undefined,
    @Body() body: InboundEventDto,
  ) {
    const verified = this.events.authenticate(source, timestamp, signature, req.rawBody);
    return this.events.receive(verified, body);
  }
}
