import type { Request } from 'express';
import { html, page, type Html } from '../../platform/http/html.js';
import { csrfField } from '../../platform/http/security.js';
import { MAX_CREDENTIAL_CHARS, type CredentialVerdict } from './credential-verifier.js';

/** The largest credential file the page takes. */
export const MAX_UPLOAD_BYTES = 100 * 1024;

/** Reasons that mean the credential is not authentically signed by us: what it claims is not shown. */
const UNSIGNED = new Set(['malformed', 'signature', 'unknown_key']);

/**
 * The two forms: paste (urlencoded, with the CSRF field) or upload a file (multipart; see
 * configure-app.ts for why it carries no CSRF field). Both post to /verify; no JavaScript.
 */
function forms(req: Request): Html {
  return html`<form method="post" action="/verify">
${csrfField(req)}
<div class="field"><label for="credential">Lim inn legitimasjonen (VC-JWT) · Paste the credential (VC-JWT)</label>
<textarea id="credential" name="credential" rows="8" cols="80" maxlength="${MAX_CREDENTIAL_CHARS}" required aria-describedby="credential-hint"></textarea>
<p class="hint muted" id="credential-hint">Teksten som begynner med «eyJ» · The text that begins with “eyJ”</p></div>
<button type="submit">Kontroller · Verify</button>
</form>
<form method="post" action="/verify" enctype="multipart/form-data">
<div class="field"><label for="file">Eller last opp filen · Or upload the file</label>
<input type="file" id="file" name="file" accept=".jwt,.txt,application/vc+jwt,text/plain" required aria-describedby="file-hint">
<p class="hint muted" id="file-hint">cil-credential-….jwt, høyst 100 kB · at most 100 kB</p></div>
<button type="submit">Last opp og kontroller · Upload and verify</button>
</form>
<p class="muted">Maskiner · Machines: <code>POST /api/credentials/verify</code> <code>{ "credential": "…" }</code>; nøkler · keys: <a href="/.well-known/jwks.json">/.well-known/jwks.json</a></p>`;
}

function verdictHtml(v: CredentialVerdict): Html {
  const revoked = v.reasons.some((r) => r.code === 'revoked');
  const headline = v.valid
    ? html`<p class="ok">✔ Gyldig diplom · Valid diploma</p>`
    : html`<p class="error strong">✘ ${revoked ? 'Trukket tilbake · Revoked' : 'Ikke gyldig · Not valid'}</p>`;
  const reasons = v.reasons.length ? html`<ul>${v.reasons.map((r) => html`<li><span lang="nb">${r.messageNb}</span> · ${r.message} <span class="muted">(${r.code})</span></li>`)}</ul>` : '';
  const authentic = !v.reasons.some((r) => UNSIGNED.has(r.code));
  const details = authentic
    ? html`<table>
<tr><th>Student</th><td>${v.subject?.name ?? '—'}</td></tr>
<tr><th>Utmerkelse · Achievement</th><td>${v.achievement?.name ?? '—'}</td></tr>
${v.achievement?.criteria ? html`<tr><th>Aktiviteter · Activities</th><td>${v.achievement.criteria}</td></tr>` : ''}
<tr><th>Utsteder · Issuer</th><td>${v.issuer?.name ?? ''} ${v.issuer?.id ? html`<span class="muted">${v.issuer.id}</span>` : ''}</td></tr>
<tr><th>Utstedt · Issued</th><td>${v.issuedOn ?? '—'}</td></tr>
${v.verificationCode ? html`<tr><th>Verifiseringskode · Verification code</th><td><a href="/verify/${v.verificationCode}">${v.verificationCode}</a></td></tr>` : ''}
</table>`
    : '';
  return html`<section aria-labelledby="verdict"><h2 id="verdict">Resultat · Result</h2>${headline}${reasons}${details}</section>`;
}

/** The verification page: the forms, and the verdict on what was sent (or what was wrong with the sending). */
export function credentialPage(req: Request, outcome?: { verdict: CredentialVerdict } | { problem: { nb: string; en: string } }): string {
  const result = outcome === undefined ? '' : 'verdict' in outcome ? verdictHtml(outcome.verdict) : html`<p class="error strong" role="alert">${outcome.problem.nb} · ${outcome.problem.en}</p>`;
  const body = html`<h1>Kontroller et diplom · Verify a diploma</h1>
<p>Lim inn eller last opp Open Badges-legitimasjonen (VC-JWT) en student har gitt deg. Vi kontrollerer signaturen, utstederen, gyldighetstiden og om diplomet er trukket tilbake.</p>
<p>Paste or upload the Open Badges credential (VC-JWT) a student gave you. We check its signature, its issuer, that it has not expired and that the diploma is not revoked.</p>
${result}
${forms(req)}`;
  return page('Verify a credential', body);
}
