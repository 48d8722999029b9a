import { Module } from '@nestjs/common';
import { SessionService } from './session.service.js';

/** Signed tokens (sessions, task links), for the API and the worker alike. */
@Module({ providers: [SessionService], exports: [SessionService] })
export class TokensModule {}
