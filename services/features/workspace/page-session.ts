import type { Request, Response } from 'express';
import type { RequestWithPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { CSRF_FIELD } from '../../platform/http/security.js';
import type { Lang, LayoutProps, NavItem } from '../../platform/http/ui/components.js';
import { navFor } from './nav.js';

export interface PageSession {
  principal: Principal;
  lang: Lang;
  csrf: string;
  nav: NavItem[];
  path: string;
}

/**
 * The signed-in person a page acts for, with what every page's layout needs; without a sign-in the
 * browser is sent to sign in and back (303), and undefined is answered.
 */
export function pageSession(req: Request, res: Response): PageSession | undefined {
  const principal = (req as RequestWithPrincipal).principal;
  const path = req.originalUrl;
  if (!principal) {
    res.redirect(303, `/auth/login?returnTo=${encodeURIComponent(path)}`);
    return undefined;
  }
  const token = (req as Request & { csrfToken?: () => string }).csrfToken?.();
  if (!token) throw new Error(`pages need the ${CSRF_FIELD} token (csrfProtection is not installed)`);
  return { principal, lang: principal.language, csrf: token, nav: navFor(principal, principal.language, req.path), path };
}

/** Sends a page: HTML, never cached. */
export function sendPage(res: Response, html: string, status = 200): void {
  res.status(status).type('html').setHeader('Cache-Control', 'no-store');
  res.send(html);
}

/**
 * The layout's signed-in part (navigation, language, sign-out) for the pages a person may reach
 * without a session as well (the task page from an e-mail's link): nothing when nobody is signed in.
 */
export function layoutSession(req: Request, lang: Lang): Pick<LayoutProps, 'person' | 'nav' | 'csrf' | 'path'> {
  const principal = (req as RequestWithPrincipal).principal;
  const token = (req as Request & { csrfToken?: () => string }).csrfToken?.();
  if (!principal || !token) return {};
  return { person: principal, nav: navFor(principal, lang, req.path), csrf: token, path: req.originalUrl };
}
