import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { OidcService } from './oidc.service.js';
import { PrincipalService } from './principal.service.js';

@Module({
  controllers: [AuthController],
  providers: [OidcService, PrincipalService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [PrincipalService],
})
export class AuthModule {}
