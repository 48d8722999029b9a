import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { html, page } from '../../platform/http/html.js';
import { DiplomaService } from './diploma.service.js';

/** Public verification of a diploma, for employers: no sign-in. */
@ApiTags('verification')
@Public()
@Controller()
export class VerifyController {
  constructor(private readonly diplomas: DiplomaService) {}

  @Get('verify/:code')
  @ApiOperation({ summary: 'Is this diploma valid, and what does it certify? HTML, or JSON with Accept: application/json' })
  async verify(@Param('code') code: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const result = await this.diplomas.verify(code.slice(0, 40));
    if (req.accepts(['html', 'json']) === 'json') {
      res.json(result);
      return;
    }
    const c = result.certifies;
    const verdict = result.valid
      ? html`<p class="ok">✔ Gyldig diplom · Valid diploma</p>`
      : html`<p class="error strong">✘ ${result.reason === 'revoked' ? 'Trukket tilbake · Revoked' : 'Ikke gyldig · Not valid'}</p>${result.reason === 'revoked' ? html`<p>Utsteder har trukket tilbake dette diplomet. · The issuer has revoked this diploma.</p>` : ''}`;
    const body = html`<h1>Certificate of International Learning</h1>
${verdict}
${c ? html`<table>
<tr><th>Student</th><td>${c.student.name}</td></tr>
<tr><th>Studieprogram · Programme</th><td>${c.programme.nameNb} · ${c.programme.nameEn}</td></tr>
<tr><th>Aktiviteter · Activities</th><td><ul>${c.activities.map((a) => html`<li>${a.name} (${a.category}), ${a.startedOn} – ${a.endedOn}</li>`)}</ul></td></tr>
<tr><th>Karrierekurs · Career course</th><td>${c.careerCourse ? '✔' : '—'}</td></tr>
<tr><th>Presentasjon · Presentation</th><td>${c.presentation ? '✔' : '—'}</td></tr>
<tr><th>Utstedt · Issued</th><td>${c.issuedOn}, ${c.issuer}</td></tr>
</table>` : html`<p>Ingen diplom med denne koden · No diploma with this code.</p>`}
<p class="muted">${result.verificationCode}</p>`;
    res.status(result.reason === 'unknown' ? 404 : 200).type('html').send(page('Verify', body));
  }

  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: "The public key(s) that verify diplomas' credentials" })
  jwks() {
    return this.diplomas.jwks();
  }
}
