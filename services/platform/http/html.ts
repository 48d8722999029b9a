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
button{font:inherit;padding:.3rem .8rem;cursor:pointer}.muted{color:#595959}.error{color:#a00}.strong{font-weight:bold}.ok{color:#060;font-weight:bold}
a{color:#0b4f8a}.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.3rem}
.top{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;border-bottom:2px solid #0b4f8a;padding-bottom:.5rem;margin-bottom:1rem}
.nav{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;margin:0;padding:0}.nav a[aria-current=page]{font-weight:bold;text-decoration:none}
.who{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}.inline{display:inline}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}.filters a{padding:.2rem .6rem;border:1px solid #0b4f8a;border-radius:1rem}
.filters a[aria-current=true]{background:#0b4f8a;color:#fff}
.field{margin:.8rem 0}.field label{display:block;font-weight:bold}.field input,.field select,.field textarea{font:inherit;max-width:100%}
.field.invalid input,.field.invalid select,.field.invalid textarea{border:2px solid #a00}.hint{margin:.1rem 0}
.badge{display:inline-block;padding:0 .5rem;border-radius:.6rem;font-size:.9em;border:1px solid}.badge-ok{color:#060}.badge-warn{color:#7a4b00}.badge-bad{color:#a00}.badge-plain{color:#333}
.progress{display:flex;flex-wrap:wrap;gap:.3rem;list-style:none;padding:0}.progress li{padding:.2rem .6rem;border:1px solid #999;border-radius:.3rem}
.progress .done{background:#e6f2e6}.progress .current{background:#0b4f8a;color:#fff;font-weight:bold}
.filters a[aria-current=page]{background:#0b4f8a;color:#fff}fieldset.field{border:1px solid #bbb;border-radius:.3rem;padding:.3rem .8rem}fieldset.field legend{font-weight:bold}.field label.choice{display:block;font-weight:normal}
.text{white-space:pre-wrap;overflow-wrap:anywhere;border-left:4px solid #0b4f8a;background:#f4f7fb;padding:.5rem 1rem}.checklist{list-style:none;padding:0}.checklist li{margin:.3rem 0}
.chart{display:block;width:100%;max-width:36rem;height:auto}.chart-figure{margin:1.5rem 0 1rem}.chart-title{font-weight:bold;font-size:1.1rem;margin:0 0 .4rem}caption{text-align:left;font-weight:bold;padding:.3rem 0}
.num{text-align:right;font-variant-numeric:tabular-nums}.subtotal th,.subtotal td{font-weight:bold;background:#f4f7fb}.indent{padding-left:1.2rem;font-weight:normal}
.figures{font-size:.95rem}.figures thead th{vertical-align:bottom}.top-aligned th,.top-aligned td{vertical-align:top}.top-aligned tbody th{font-weight:normal}
.missing,.milestones,.to-confirm{margin:0;padding-left:1.1rem}.row-action{margin:.2rem 0}td details{margin-top:.3rem}
@media (max-width:40rem){td[data-label]::before{content:attr(data-label) ": "}.num{text-align:left}.indent{padding-left:0}}
@media (max-width:40rem){table,thead,tbody,tr,td,th{display:block}thead{position:absolute;left:-999px}td,th{border:none;padding:.1rem 0}tr{border-bottom:1px solid #ddd;padding:.4rem 0}}
`;
export const STYLESHEET_PATH = '/assets/cil.css';

/** A whole page: plain HTML that works without JavaScript (the pages not built from the components). */
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
