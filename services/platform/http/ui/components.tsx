import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { STYLESHEET_PATH } from '../html.js';

/**
 * The pages' one component set, rendered on the server to HTML strings (preact; every text and
 * attribute is escaped). Pages work without JavaScript; the stylesheet is the only asset.
 */

export type Lang = 'nb' | 'en';

export interface NavItem {
  href: string;
  label: string;
  current?: boolean;
}

export interface LayoutProps {
  lang: Lang;
  title: string;
  /** The signed-in person: shows the navigation, the language switch and sign-out. */
  person?: { name: string };
  nav?: NavItem[];
  /** The CSRF token the layout's own forms (sign-out, language) carry. */
  csrf?: string;
  /** Where the language switch comes back to. */
  path?: string;
  children: ComponentChildren;
}

const T = {
  nb: { skip: 'Hopp til innholdet', signOut: 'Logg ut', language: 'Språk', switchTo: 'English', menu: 'Hovedmeny', signedInAs: 'Logget inn som' },
  en: { skip: 'Skip to content', signOut: 'Sign out', language: 'Language', switchTo: 'Norsk', menu: 'Main menu', signedInAs: 'Signed in as' },
};

export function Layout({ lang, title, person, nav, csrf, path, children }: LayoutProps) {
  const t = T[lang];
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · CIL Flow`}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skip}
        </a>
        {person && (
          <header class="top">
            <nav aria-label={t.menu}>
              <ul class="nav">
                {(nav ?? []).map((item) => (
                  <li>
                    <a href={item.href} aria-current={item.current ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <div class="who">
              <span class="muted">
                {t.signedInAs} {person.name}
              </span>
              <form method="post" action="/me/language" class="inline">
                <CsrfField token={csrf} />
                <input type="hidden" name="language" value={lang === 'nb' ? 'en' : 'nb'} />
                <input type="hidden" name="returnTo" value={path ?? '/'} />
                <button type="submit" lang={lang === 'nb' ? 'en' : 'nb'}>
                  {t.switchTo}
                </button>
              </form>
              <form method="post" action="/auth/logout" class="inline">
                <CsrfField token={csrf} />
                <button type="submit">{t.signOut}</button>
              </form>
            </div>
          </header>
        )}
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

export function CsrfField({ token }: { token?: string }) {
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}

/** A labelled form field with its error next to it (and the input marked invalid). */
export function Field(props: { id: string; label: string; error?: string; hint?: string; children: ComponentChildren }) {
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="muted hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children}
      {props.error && (
        <p class="error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** The attributes an input inside a Field needs for its hint and error to be announced. */
export function describedBy(id: string, error?: string, hint?: string): { 'aria-describedby'?: string; 'aria-invalid'?: 'true' } {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { ...(ids ? { 'aria-describedby': ids } : {}), ...(error ? { 'aria-invalid': 'true' as const } : {}) };
}

export function Badge({ tone, children }: { tone: 'ok' | 'warn' | 'bad' | 'plain'; children: ComponentChildren }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

/** Steps in order, the current one marked. */
export function ProgressLine({ steps, current, label }: { steps: { key: string; label: string }[]; current: number; label: string }) {
  return (
    <ol class="progress" aria-label={label}>
      {steps.map((s, i) => (
        <li class={i < current ? 'done' : i === current ? 'current' : 'todo'} aria-current={i === current ? 'step' : undefined}>
          {s.label}
        </li>
      ))}
    </ol>
  );
}

/** A whole page as HTML. */
export function renderPage(node: ComponentChildren): string {
  return `<!doctype html>\n${renderToString(<>{node}</>)}`;
}
