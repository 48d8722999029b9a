import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import * as oidc from 'openid-client';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';

export interface LoginStart {
  url: string;
  /** Kept by the browser (in a signed cookie) until the callback. */
  state: { codeVerifier: string; state: string; nonce: string; returnTo: string };
}

const USERINFO_CACHE_MS = 60_000;

/** Who the provider says signed in: its subject, and the e-mail address when verified. */
export interface ProviderIdentity {
  sub: string | undefined;
  email: string | undefined;
}

const subOf = (claims: { sub?: unknown } | undefined) => (typeof claims?.sub === 'string' && claims.sub.length > 0 && claims.sub.length <= 255 ? claims.sub : undefined);

/** The e-mail claim, only when the provider says it is verified (a missing email_verified is no). */
export function verifiedEmail(claims: { email?: unknown; email_verified?: unknown }): string | undefined {
  if (typeof claims.email !== 'string' || claims.email_verified !== true) return undefined;
  return claims.email;
}

/**
 * OpenID Connect relying party: authorization code flow with PKCE for browsers, and bearer access
 * tokens for API clients (checked at the issuer's userinfo endpoint, so opaque tokens such as
 * Feide's work too). Discovery happens at first use and is retried after a failure.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private configuration?: Promise<oidc.Configuration>;
  private readonly userinfoCache = new Map<string, { identity: ProviderIdentity | undefined; until: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.auth.mode === 'oidc';
  }

  private issuerConfig(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.config.auth.oidc;
    if (!issuer || !clientId || !clientSecret) throw new ServiceUnavailableException('OpenID Connect is not configured');
    const url = new URL(issuer);
    const local = url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    this.configuration ??= oidc
      .discovery(url, clientId, clientSecret, undefined, local ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((err: Error) => {
        this.configuration = undefined;
        this.logger.error({ msg: 'OpenID Connect discovery failed', err: err.message });
        throw new ServiceUnavailableException('the sign-in service cannot be reached; try again shortly');
      });
    return this.configuration;
  }

  async startLogin(returnTo: string): Promise<LoginStart> {
    const configuration = await this.issuerConfig();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.auth.oidc.redirectUrl,
      scope: this.config.auth.oidc.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state: { codeVerifier, state, nonce, returnTo } };
  }

  /** Completes the code flow; answers the provider's subject and the verified e-mail address of the person who signed in. */
  async finishLogin(callbackUrl: URL, saved: LoginStart['state']): Promise<ProviderIdentity> {
    const configuration = await this.issuerConfig();
    const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: saved.codeVerifier,
      expectedState: saved.state,
      expectedNonce: saved.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (typeof claims?.email === 'string') return { sub: subOf(claims), email: verifiedEmail(claims as { email?: unknown; email_verified?: unknown }) };
    const info = await oidc.fetchUserInfo(configuration, tokens.access_token, claims?.sub ?? oidc.skipSubjectCheck);
    return { sub: subOf(claims) ?? subOf(info), email: verifiedEmail(info) };
  }

  /** Who is behind an access token (subject, verified e-mail), or undefined when the issuer does not accept it. */
  async identityForAccessToken(accessToken: string): Promise<ProviderIdentity | undefined> {
    const key = createHash('sha256').update(accessToken).digest('base64url');
    const cached = this.userinfoCache.get(key);
    if (cached && cached.until > Date.now()) return cached.identity;
    const configuration = await this.issuerConfig();
    let identity: ProviderIdentity | undefined;
    try {
      const info = await oidc.fetchUserInfo(configuration, accessToken, oidc.skipSubjectCheck);
      identity = { sub: subOf(info), email: verifiedEmail(info) };
    } catch (err) {
      // The issuer refused the token: that answer may be cached. Anything else (network, 5xx) may not.
      if (!(err instanceof oidc.ResponseBodyError || err instanceof oidc.WWWAuthenticateChallengeError)) {
        this.logger.warn({ msg: 'userinfo lookup failed', err: (err as Error).message });
        throw new ServiceUnavailableException('the sign-in service cannot be reached; try again shortly');
      }
      identity = undefined;
    }
    if (this.userinfoCache.size > 10_000) this.userinfoCache.clear();
    this.userinfoCache.set(key, { identity, until: Date.now() + USERINFO_CACHE_MS });
    return identity;
  }
}
