import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';

export const SESSION_COOKIE = 'cil_session';
const ISSUER = 'cil-flow';
/** Verified tokens kept in memory, so that a token seen again costs a lookup, not an HMAC (every request sends one). */
const VERIFIED_CACHE_MAX = 20_000;

/**
 * Signed, expiring tokens (HS256 JWT with SESSION_SECRET): the session cookie, API bearer tokens
 * and the short-lived OIDC login state. `purpose` keeps one kind from being used as another.
 */
@Injectable()
export class SessionService {
  private readonly key: Uint8Array;
  /** Token → its verified payload; an entry is used only until the token's own expiry. */
  private readonly verified = new Map<string, JWTPayload & { sub: string }>();

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
    const known = options.ignoreExpiry ? undefined : this.verified.get(token);
    if (known) {
      if ((known.exp ?? 0) * 1000 > Date.now()) return known.pur === purpose ? known : undefined;
      this.verified.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        // Only to tell "expired" from "forged" on an error page; never to accept the token.
        ...(options.ignoreExpiry ? { currentDate: new Date(0) } : {}),
      });
      if (typeof payload.sub !== 'string') return undefined;
      const checked = Object.freeze(payload) as JWTPayload & { sub: string };
      if (!options.ignoreExpiry && typeof checked.exp === 'number') {
        if (this.verified.size >= VERIFIED_CACHE_MAX) this.verified.clear();
        this.verified.set(token, checked);
      }
      return checked.pur === purpose ? checked : undefined;
    } catch {
      return undefined;
    }
  }

  cookieOptions(maxAgeSeconds = this.ttlSeconds) {
    return { httpOnly: true, sameSite: 'lax' as const, secure: this.secureCookies, path: '/', maxAge: maxAgeSeconds * 1000 };
  }
}
