import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { OidcService } from './oidc.service.js';
import { PrincipalService } from './principal.service.js';
import { SessionStore } from './session-store.js';

@Module({
  controllers: [AuthController],
  providers: [OidcService, PrincipalService, SessionStore, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [PrincipalService, SessionStore],
})
export class AuthModule {}
