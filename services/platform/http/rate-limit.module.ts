import { createHash } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import { SESSION_COOKIE } from '../../features/auth/session.service.js';
import type { AppConfig } from '../config/config.schema.js';

const requestOf = (context: ExecutionContext) => context.switchToHttp().getRequest<Request>();

/** Sign-in: where guessing would be tried, and a lower limit applies. (Task links carry signed tokens that cannot be guessed; the address limit bounds what trying costs.) */
export const SIGN_IN_PATHS = /^\/auth\/(login|callback|dev\/sign-in)\/?$/i;

/** The credential a request carries (bearer token or session cookie), hashed; undefined without one. */
function credentialOf(req: Request): string | undefined {
  const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  const credential = bearer ?? cookie;
  return credential ? createHash('sha256').update(credential).digest('base64url') : undefined;
}

/** The throttler's guard, with the standard Retry-After header on a 429 (besides the per-limit ones). */
@Injectable()
class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>().setHeader('Retry-After', String(Math.max(1, Math.ceil(detail.timeToBlockExpire))));
    return super.throwThrottlingException(context, detail);
  }
}

/**
 * Rate limits (in memory, per API process), answered with 429 and Retry-After: per client address
 * and per credential RATE_LIMIT_PER_MINUTE requests a minute; sign-in RATE_LIMIT_SIGN_IN_PER_MINUTE
 * per address. Health checks are not limited. The client's address is X-Forwarded-For's when the
 * request comes through a proxy TRUST_PROXY names; else the proxy's own.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        skipIf: (context) => /^\/(health|ready)\/?$/i.test(requestOf(context).path),
        throttlers: [
          { name: 'address', ttl: 60_000, limit: config.auth.rateLimitPerMinute, getTracker: (req) => (req as Request).ip ?? 'unknown' },
          {
            name: 'credential',
            ttl: 60_000,
            limit: config.auth.rateLimitPerMinute,
            getTracker: (req) => credentialOf(req as Request) ?? '',
            skipIf: (context) => credentialOf(requestOf(context)) === undefined,
          },
          {
            name: 'signIn',
            ttl: 60_000,
            limit: config.auth.signInRateLimitPerMinute,
            getTracker: (req) => (req as Request).ip ?? 'unknown',
            skipIf: (context) => !SIGN_IN_PATHS.test(requestOf(context).path),
          },
        ],
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
