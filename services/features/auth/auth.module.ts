import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { OrganisationModule } from '../organisation/organisation.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { OidcService } from './oidc.service.js';
import { PrincipalService } from './principal.service.js';
import { TokensModule } from './tokens.module.js';

@Module({
  imports: [OrganisationModule, TokensModule],
  controllers: [AuthController],
  providers: [OidcService, PrincipalService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokensModule, PrincipalService],
})
export class AuthModule {}
