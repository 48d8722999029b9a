import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';

export const SESSION_COOKIE = 'cil_session';
const ISSUER = 'cil-flow';

/**
 * Signed, expiring tokens (HS256 JWT with SESSION_SECRET): the session cookie, API bearer tokens
 * and the short-lived OIDC login state. `purpose` keeps one kind from being used as another.
 */
@Injectable()
export class SessionService {
  private readonly key: Uint8Array;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = new TextEncoder().encode(config.auth.sessionSecret);
  }

  get ttlSeconds(): number {
    return Math.round(this.config.auth.sessionTtlHours * 3600);
  }

  get secureCookies(): boolean {
    return this.config.publicUrl.startsWith('https:');
  }

  sign(purpose: string, subject: string, claims: JWTPayload = {}, ttlSeconds = this.ttlSeconds): Promise<string> {
    return new SignJWT({ ...claims, pur: purpose })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }

  /** The payload when the token is ours, unexpired and of this purpose; undefined otherwise. */
  async verify(purpose: string, token: string, options: { ignoreExpiry?: boolean } = {}): Promise<(JWTPayload & { sub: string }) | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        // Only to tell "expired" from "forged" on an error page; never to accept the token.
        ...(options.ignoreExpiry ? { currentDate: new Date(0) } : {}),
      });
      return payload.pur === purpose && typeof payload.sub === 'string' ? (payload as JWTPayload & { sub: string }) : undefined;
    } catch {
      return undefined;
    }
  }

  cookieOptions(maxAgeSeconds = this.ttlSeconds) {
    return { httpOnly: true, sameSite: 'lax' as const, secure: this.secureCookies, path: '/', maxAge: maxAgeSeconds * 1000 };
  }
}
