import { BadRequestException, Body, Catch, Controller, Get, HttpCode, NotFoundException, Param, ParseIntPipe, PayloadTooLargeException, Post, Req, Res, UseFilters, UseInterceptors, type ArgumentsHost, type ExceptionFilter, type HttpException } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeEndpoint, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { html, page } from '../../platform/http/html.js';
import { credentialPage, MAX_UPLOAD_BYTES } from './credential-page.js';
import { MAX_CREDENTIAL_CHARS, type CredentialVerdict } from './credential-verifier.js';
import { DiplomaService } from './diploma.service.js';
import { MAX_STATUS_LISTS } from './status-list.js';
import { VerifyCredentialDto } from './diplomas.dto.js';

type UploadRequest = Request & { file?: { buffer: Buffer } };

/** A refused upload (too large, too many parts) answers the page, with what was wrong, not JSON. */
@Catch(BadRequestException, PayloadTooLargeException)
class UploadRefusedPage implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const status = exception.getStatus();
    const problem =
      status === 413
        ? { nb: 'Filen er større enn 100 kB; en legitimasjon er noen få kB.', en: 'The file is larger than 100 kB; a credential is a few kB.' }
        : { nb: 'Opplastingen kunne ikke leses. Velg én fil, eller lim inn teksten.', en: 'The upload could not be read. Choose one file, or paste the text.' };
    res.status(status).type('html').send(credentialPage(req, { problem }));
  }
}

/** Public verification of a diploma, for employers: no sign-in. */
@ApiTags('verification')
@Public()
@Controller()
export class VerifyController {
  constructor(private readonly diplomas: DiplomaService) {}

  @Post('api/credentials/verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Verify a credential someone presents (the VC-JWT): signature (kid from /.well-known/jwks.json), issuer, expiry, revocation, shape',
    description: 'Answers 200 with { valid, reasons: [{ code, message, messageNb }], issuer, subject, achievement, issuedOn, revoked, verificationCode, keyId }. Reason codes: malformed, signature, unknown_key, issuer, expired, revoked, schema.',
  })
  @ApiOkResponse({ description: 'the verdict; `valid: false` with the reasons when the credential does not verify' })
  verifyCredential(@Body() body: VerifyCredentialDto): Promise<CredentialVerdict> {
    return this.diplomas.verifyCredential(body.credential);
  }

  @Get('verify')
  @ApiExcludeEndpoint()
  verifyForm(@Req() req: Request, @Res() res: Response): void {
    res.type('html').send(credentialPage(req));
  }

  /**
   * The page's two forms: a pasted credential (urlencoded, CSRF-checked as every form) or an
   * uploaded file (multipart, at most 100 kB, in memory; see configure-app.ts on its CSRF).
   */
  @Post('verify')
  @ApiExcludeEndpoint()
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 2, fieldSize: MAX_UPLOAD_BYTES, parts: 3 } }))
  @UseFilters(UploadRefusedPage)
  async verifyPresented(@Req() req: UploadRequest, @Res() res: Response): Promise<void> {
    const field = (req.body as Record<string, unknown> | undefined)?.credential;
    const presented = (req.file ? req.file.buffer.toString('utf8') : typeof field === 'string' ? field : '').trim();
    if (presented === '' || presented.length > MAX_CREDENTIAL_CHARS) {
      const problem =
        presented === ''
          ? { nb: 'Lim inn en legitimasjon eller velg en fil.', en: 'Paste a credential or choose a file.' }
          : { nb: `Teksten er lengre enn ${MAX_CREDENTIAL_CHARS} tegn; en legitimasjon er noen få tusen.`, en: `The text is longer than ${MAX_CREDENTIAL_CHARS} characters; a credential is a few thousand.` };
      res.status(400).type('html').send(credentialPage(req, { problem }));
      return;
    }
    const verdict = await this.diplomas.verifyCredential(presented);
    res.status(200).type('html').send(credentialPage(req, { verdict }));
  }

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

  @Get('credentials/status/:list')
  @ApiOperation({
    summary: 'A Bitstring Status List credential (W3C Bitstring Status List v1.0, statusPurpose revocation) as a VC-JWT, signed like the diplomas',
    description: "A diploma's credential names its list and bit in `credentialStatus` (statusListCredential, statusListIndex); a set bit means revoked. Check the signature against /.well-known/jwks.json, then read `vc.credentialSubject.encodedList` (multibase base64url of GZIP; bit 0 is the first byte's most significant bit).",
  })
  @ApiProduces('application/vc+jwt')
  @ApiOkResponse({ description: 'the status list credential (VC-JWT)' })
  @ApiNotFoundResponse({ description: 'no such list' })
  async statusList(@Param('list', new ParseIntPipe({ errorHttpStatusCode: 404, exceptionFactory: () => new NotFoundException('no such status list') })) list: number, @Res() res: Response): Promise<void> {
    const jwt = list >= 1 && list <= MAX_STATUS_LISTS ? await this.diplomas.statusListCredential(list) : null;
    if (!jwt) throw new NotFoundException('no such status list');
    res.status(200).type('application/vc+jwt').set('cache-control', 'public, max-age=60').send(jwt);
  }

  @Get('credentials/issuer')
  @ApiOperation({ summary: "The issuer's profile (Open Badges 3.0 Profile): the `issuer.id` our credentials name" })
  issuerProfile() {
    return this.diplomas.issuerProfile();
  }

  @Get('credentials/schema/open-badge-credential.json')
  @ApiOperation({ summary: "The JSON schema (draft 2019-09) our credentials validate against, as each credential's credentialSchema names it" })
  credentialSchema() {
    return this.diplomas.credentialSchema();
  }

  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: "The public keys that verify diplomas' credentials: the current one and every earlier one, each with its kid" })
  jwks() {
    return this.diplomas.jwks();
  }
}
