import { html, page } from '../http/html.js';
import type { Language } from '../db/entities/index.js';

/** A rendered message before it is addressed: the same content as text and as HTML. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailContent {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Key–value lines (an initiative, a decision…), shown as a small table. */
  facts?: [string, string][];
}

const FOOTER: Record<Language, string> = {
  nb: 'Denne e-posten er sendt av CIL Flow, OsloMet – Certificate of International Learning.',
  en: 'This e-mail was sent by CIL Flow, OsloMet – Certificate of International Learning.',
};

export function layout(content: MailContent, lang: Language): RenderedMail {
  const facts = content.facts ?? [];
  const text = [
    content.greeting,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(facts.length ? [...facts.map(([k, v]) => `${k}: ${v}`), ''] : []),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    '--',
    FOOTER[lang],
  ].join('\n');
  const body = html`<p>${content.greeting}</p>
${content.paragraphs.map((p) => html`<p>${p}</p>`)}
${facts.length ? html`<table>${facts.map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</table>` : ''}
${content.action ? html`<p><a href="${content.action.url}">${content.action.label}</a></p>` : ''}
<p class="muted">${FOOTER[lang]}</p>`;
  return { subject: content.subject, text, html: page(content.subject, body, lang) };
}
