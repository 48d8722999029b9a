import { createHmac } from 'node:crypto';
import { ForbiddenException, UnsupportedMediaTypeException } from '@nestjs/common';
import { doubleCsrf } from 'csrf-csrf';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { ValidationFailed } from './errors.js';
import { html, page, type Html } from './html.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Deeper JSON than this is refused before validation (which recurses) sees it. */
export const MAX_JSON_DEPTH = 32;
/** The form field that carries the CSRF token. */
export const CSRF_FIELD = '_csrf';

export interface SecurityOptions {
  publicUrl: string;
  /** Secret the CSRF tokens are derived from (the session secret; a separate key is derived). */
  secret: string;
  /** The cookie that authenticates a browser: form posts that carry it need a CSRF token. */
  sessionCookie: string;
  /**
   * Paths whose multipart/form-data posts are answered without a CSRF token. A multipart body is
   * parsed only inside its route (multer), after this check, so its token cannot be read here; a
   * path belongs in this list only if its post changes nothing and answers nothing private (the
   * public credential check at /verify). Urlencoded posts to these paths still need the token, and
   * multipart posts anywhere else are refused when they carry the cookie.
   */
  readOnlyUploads?: string[];
}

/**
 * Response headers for every route: a strict Content-Security-Policy (no inline script or style,
 * no framing), nosniff, no referrer (task links carry their token in the URL), HSTS over https,
 * and no caching of anything but static assets. The OpenAPI page (off in production unless
 * OPENAPI_DOCS=on) needs inline styles and gets them.
 */
export function securityHeaders(options: Pick<SecurityOptions, 'publicUrl'>): RequestHandler[] {
  const https = options.publicUrl.startsWith('https:');
  const directives = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  const common = {
    hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' as const },
    frameguard: { action: 'deny' as const },
  };
  const strict = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives } });
  const docs = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: { ...directives, 'style-src': ["'self'", "'unsafe-inline'"] } } });
  return [
    (req, res, next) => (/^\/docs(\/|$)/.test(req.path) ? docs(req, res, next) : strict(req, res, next)),
    (req, res, next) => {
      if (!req.path.startsWith('/assets/')) res.setHeader('Cache-Control', 'no-store');
      next();
    },
  ];
}

/**
 * Refuses a state-changing request that a browser says comes from another site. Browsers that send
 * `Sec-Fetch-Site` are judged by it (same-origin, or none for a typed address, pass); others by
 * `Origin`, which must be PUBLIC_URL's or the request's own. (With `Referrer-Policy: no-referrer`
 * browsers send `Origin: null` even for a same-origin form, so Origin alone cannot decide for them.)
 * Clients that are not browsers send neither header and are not affected.
 */
export function sameOriginOnly(options: Pick<SecurityOptions, 'publicUrl'>): RequestHandler {
  const publicOrigin = new URL(options.publicUrl).origin;
  return (req, _res, next) => {
    if (!UNSAFE.has(req.method)) return next();
    const site = req.get('sec-fetch-site');
    if (site !== undefined) {
      return site === 'same-origin' || site === 'none' ? next() : next(new ForbiddenException(`cross-site requests are refused (Sec-Fetch-Site: ${site})`));
    }
    const origin = req.get('origin');
    if (origin !== undefined && origin !== publicOrigin && origin !== `${req.protocol}://${req.get('host') ?? ''}`) {
      return next(new ForbiddenException('requests from another origin are refused'));
    }
    next();
  };
}

/** The JSON API takes JSON only: an HTML form (or any other body) sent to /api is a 415. */
export function jsonOnlyApi(): RequestHandler {
  return (req, _res, next) => {
    if (!UNSAFE.has(req.method) || !req.path.toLowerCase().startsWith('/api/')) return next();
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (hasBody && !req.is('application/json')) {
      return next(new UnsupportedMediaTypeException('this API takes JSON: send the body with Content-Type: application/json'));
    }
    next();
  };
}

/** How deeply a parsed body nests, counted without recursion. */
export function depthOf(value: unknown, stopAt = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) max = depth + 1;
    if (max > stopAt) return max;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return max;
}

/** Refuses bodies nested deeper than MAX_JSON_DEPTH with a 400 naming the body (validation recurses and would overflow). */
export function boundedDepth(): RequestHandler {
  return (req, _res, next) => {
    if (depthOf(req.body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      return next(new ValidationFailed([{ field: '(body)', problems: [`nests deeper than ${MAX_JSON_DEPTH} levels`] }]));
    }
    next();
  };
}

type WithCsrf = Request & { csrfToken?: () => string };

/**
 * CSRF protection for forms (double-submit cookie, csrf-csrf): every page form carries a token
 * (`csrfField(req)`), bound to the browser's session; a form post that carries the session cookie
 * must bring a valid token. JSON requests are covered by `jsonOnlyApi` and `sameOriginOnly` (a
 * cross-site page cannot send JSON without CORS, which is off), bearer tokens are not ambient, and
 * a task link's form (no cookie) is authenticated by the link's own token.
 */
export function csrfProtection(options: SecurityOptions): RequestHandler {
  const secure = options.publicUrl.startsWith('https:');
  const secret = createHmac('sha256', options.secret).update('cil-flow csrf').digest('base64url');
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => ((req.cookies as Record<string, string> | undefined)?.[options.sessionCookie] ?? ''),
    cookieName: secure ? '__Host-cil_csrf' : 'cil_csrf',
    cookieOptions: { sameSite: 'strict', secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => {
      const value = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      return typeof value === 'string' ? value : undefined;
    },
  });
  return (req: WithCsrf, res: Response, next: NextFunction) => {
    let token: string | undefined; // one token (and one Set-Cookie) per response, however many forms
    req.csrfToken = () => (token ??= generateCsrfToken(req, res));
    if (!UNSAFE.has(req.method)) return next();
    const cookie = (req.cookies as Record<string, string> | undefined)?.[options.sessionCookie];
    const readOnlyUpload = Boolean(req.is('multipart/form-data')) && (options.readOnlyUploads ?? []).includes(req.path);
    // The cookie signs the request in unless a bearer token is sent (auth.guard.ts then ignores the
    // cookie): any other Authorization header (Basic from a proxy) leaves the cookie in charge.
    const bearer = /^Bearer\s/i.test(req.get('authorization') ?? '');
    const needsToken = cookie !== undefined && !bearer && !req.is('application/json') && !readOnlyUpload;
    const valid = !needsToken || validateRequest(req);
    // The token has done its work: the handlers' validation must not see it as an unknown field.
    if (req.body && typeof req.body === 'object') delete (req.body as Record<string, unknown>)[CSRF_FIELD];
    if (valid) return next();
    if (req.accepts(['json', 'html']) === 'html') {
      res
        .status(403)
        .type('html')
        .send(page('Form out of date', html`<h1>Skjemaet er utdatert · This form is out of date</h1><p>Gå tilbake, last siden på nytt og send skjemaet igjen. Ingenting er lagret.</p><p>Go back, reload the page and send the form again. Nothing was saved.</p>`));
      return;
    }
    next(new ForbiddenException('the form has no valid CSRF token: reload the page and send it again'));
  };
}

/** The CSRF token of this browser's session, for the hidden field every page form carries. */
export function csrfToken(req: Request): string {
  const token = (req as WithCsrf).csrfToken?.();
  if (!token) throw new Error('csrfToken used outside the API (csrfProtection is not installed)');
  return token;
}

/** The hidden field every page form carries (for the pages built as strings). */
export function csrfField(req: Request): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken(req)}">`;
}
