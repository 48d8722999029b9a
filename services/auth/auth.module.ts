import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { OrganisationModule } from '../organisation/organisation.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { OidcService } from './oidc.service.js';
import { PrincipalService } from './principal.service.js';
import { SessionService } from './session.service.js';

@Module({
  imports: [OrganisationModule],
  controllers: [AuthController],
  providers: [SessionService, OidcService, PrincipalService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [SessionService, PrincipalService],
})
export class AuthModule {}
