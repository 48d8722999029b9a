import { escapeHtml, html, page } from './html.js';

describe('html', () => {
  it('escapes interpolated values', () => {
    expect(html`<p>${'<script>alert("x")</script>'}</p>`.value).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
    expect(escapeHtml("a'b&c")).toBe('a&#39;b&amp;c');
  });

  it('nests fragments without escaping them twice, and drops empty values', () => {
    const inner = html`<b>${'&'}</b>`;
    expect(html`<p>${inner}${[inner, '<i>']}${undefined}${false}</p>`.value).toBe('<p><b>&amp;</b><b>&amp;</b>&lt;i&gt;</p>');
  });

  it('renders a whole page in the given language', () => {
    const out = page('Tittel <x>', html`<h1>Hei</h1>`, 'nb');
    expect(out).toContain('<html lang="nb">');
    expect(out).toContain('<title>Tittel &lt;x&gt; · CIL Flow</title>');
  });
});
