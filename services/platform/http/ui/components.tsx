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
        {person && <Header lang={lang} person={person} nav={nav} csrf={csrf} path={path} />}
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

/** The navigation, who is signed in, the language switch and sign-out: on every page of a signed-in person. */
export function Header({ lang, person, nav, csrf, path }: Omit<LayoutProps, 'title' | 'children' | 'person'> & { person: { name: string } }) {
  const t = T[lang];
  return (
    <header class="top">
      <SubNav label={t.menu} items={nav ?? []} listClass="nav" />
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

/** A status in a word or two; `id` and `data-*` attributes pass through (for a page that names its status). */
export function Badge({ tone, children, ...attributes }: { tone: 'ok' | 'warn' | 'bad' | 'plain'; children: ComponentChildren; id?: string; [data: `data-${string}`]: string | undefined }) {
  return (
    <span class={`badge badge-${tone}`} {...attributes}>
      {children}
    </span>
  );
}

/** A navigation (the main menu, or a section's pages), the current one marked. */
export function SubNav({ label, items, listClass = 'filters' }: { label: string; items: NavItem[]; listClass?: string }) {
  return (
    <nav aria-label={label}>
      <ul class={listClass}>
        {items.map((item) => (
          <li>
            <a href={item.href} aria-current={item.current ? 'page' : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
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

export interface BarSeries {
  label: string;
  /** A fill colour with enough contrast against white (SVG presentation attribute, not a style). */
  color: string;
}

/**
 * A horizontal grouped bar chart as inline SVG in a figure: no script, no asset. `title` shows above
 * the chart as the figure's caption (which names the figure); the SVG is one image to assistive
 * technology, named by `title` and described by `description` (which should say every figure); the
 * page keeps the data in a table as well. Each bar carries its figure as text.
 */
export function BarChart({ id, title, description, series, groups }: { id: string; title: string; description: string; series: BarSeries[]; groups: { label: string; values: number[] }[] }) {
  const width = 520;
  const left = 56;
  const plot = width - left - 40;
  const bar = 15;
  const gap = 3;
  const between = 14;
  // The legend in rows: each entry as wide as its label (roughly), wrapped at the chart's width.
  let x = left;
  let row = 0;
  const legend = series.map((s) => {
    const w = 26 + s.label.length * 7.5;
    if (x + w > width && x > left) {
      x = left;
      row++;
    }
    const at = { x, y: 4 + row * 20 };
    x += w + 12;
    return at;
  });
  const top = 8 + (row + 1) * 20;
  const groupHeight = series.length * (bar + gap) - gap;
  const height = top + groups.length * (groupHeight + between);
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  return (
    <figure class="chart-figure" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} class="chart-title">
        {title}
      </figcaption>
      <svg id={id} class="chart" role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${width} ${height}`} width={width} height={height} xmlns="http://www.w3.org/2000/svg">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {series.map((s, i) => (
          <g>
            <rect x={legend[i].x} y={legend[i].y} width={14} height={14} fill={s.color} />
            <text x={legend[i].x + 20} y={legend[i].y + 12} font-size="14" fill="#1a1a1a">
              {s.label}
            </text>
          </g>
        ))}
        {groups.map((g, gi) => {
          const y0 = top + gi * (groupHeight + between);
          return (
            <g>
              <text x={left - 8} y={y0 + groupHeight / 2 + 5} text-anchor="end" font-size="14" font-weight="bold" fill="#1a1a1a">
                {g.label}
              </text>
              {g.values.map((v, si) => {
                const y = y0 + si * (bar + gap);
                const w = Math.round((v / max) * plot);
                return (
                  <g>
                    <rect x={left} y={y} width={w} height={bar} fill={series[si]?.color ?? '#595959'} />
                    <text x={left + w + 4} y={y + bar - 3} font-size="13" fill="#1a1a1a">
                      {v}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
        <line x1={left} x2={left} y1={top - 4} y2={height - between + 4} stroke="#595959" />
      </svg>
    </figure>
  );
}

/** A whole page as HTML. */
export function renderPage(node: ComponentChildren): string {
  return `<!doctype html>\n${renderToString(<>{node}</>)}`;
}
