const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    const rendered = Array.isArray(v)
      ? v.map((x) => (x instanceof Html ? x.value : escapeHtml(x))).join('')
      : v instanceof Html
        ? v.value
        : v === undefined || v === null || v === false
          ? ''
          : escapeHtml(v);
    out += rendered + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** The pages' one stylesheet, served at STYLESHEET_PATH (the Content-Security-Policy allows no inline style). */
export const STYLESHEET = `body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.5rem}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ddd}
button{font:inherit;padding:.3rem .8rem;cursor:pointer}.muted{color:#666}.error{color:#a00}.strong{font-weight:bold}.ok{color:#060;font-weight:bold}
`;
export const STYLESHEET_PATH = '/assets/cil.css';

/** A whole page: plain HTML that works without JavaScript. */
export function page(title: string, body: Html, lang: 'nb' | 'en' = 'en'): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · CIL Flow</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
${body.value}
</body>
</html>`;
}
