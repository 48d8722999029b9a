import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { AcceptsIdempotencyKey, IdempotencyKey } from '../../platform/http/idempotency.js';
import { DiplomaService } from '../diplomas/diploma.service.js';
import { EnrolDto, MilestoneDto, ParticipationDto, ProposalDto, ReportDto, RevokeDto, ReviewDecisionDto, WithdrawCertificateDto } from './certificates.dto.js';
import { CertificatesService } from './certificates.service.js';

@ApiTags('certificates')
@ApiBearerAuth()
@ApiCookieAuth('cil_session')
@Controller('api')
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly diplomas: DiplomaService,
  ) {}

  @Post('certificates')
  @ApiOperation({ summary: 'Enrol in CIL (a student of an open programme); a repeat answers the open certificate' })
  async enrol(@CurrentPrincipal() principal: Principal, @Body() body: EnrolDto, @Res({ passthrough: true }) res: Response) {
    const result = await this.certificates.enrol(principal, body.programmeId, body.expectedEndOfStudies);
    res.status(result.created ? 201 : 200);
    return result;
  }

  @Get('certificates/mine')
  mine(@CurrentPrincipal() principal: Principal) {
    return this.certificates.mine(principal);
  }

  @Get('certificates/:id')
  @ApiOperation({ summary: 'Progress: a checklist in plain words (nb/en), participations, reports, timeline, diploma' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.certificates.get(principal, id);
  }

  @Post('certificates/:id/participations')
  @ApiOperation({ summary: 'Record a participation in a catalogue activity, with a reflection' })
  @AcceptsIdempotencyKey()
  participation(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ParticipationDto, @IdempotencyKey() key?: string) {
    return this.certificates.recordParticipation(principal, id, body, key);
  }

  @Post('certificates/:id/proposals')
  @ApiOperation({ summary: 'Propose a new activity; the local group decides, and an approved one joins the catalogue' })
  @AcceptsIdempotencyKey()
  propose(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ProposalDto, @IdempotencyKey() key?: string) {
    return this.certificates.propose(principal, id, body, key);
  }

  @Post('certificates/:id/milestones')
  @ApiOperation({ summary: 'Record the career course or the presentation (administrative resource or academic coordinator)' })
  @AcceptsIdempotencyKey()
  milestone(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: MilestoneDto, @IdempotencyKey() key?: string) {
    return this.certificates.recordMilestone(principal, id, body.kind, key);
  }

  @Post('certificates/:id/report')
  @ApiOperation({ summary: "Hand in the final reflection report; it joins the next review meeting's agenda" })
  @AcceptsIdempotencyKey()
  report(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReportDto, @IdempotencyKey() key?: string) {
    return this.certificates.submitReport(principal, id, body.text, key);
  }

  @Post('certificates/:id/withdraw')
  @HttpCode(200)
  withdraw(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: WithdrawCertificateDto) {
    return this.certificates.withdraw(principal, id, body.reason);
  }

  @Get('certificates/:id/diploma.pdf')
  async diplomaPdf(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response) {
    const diploma = await this.certificates.diploma(principal, id);
    res.type('application/pdf').setHeader('content-disposition', `attachment; filename="cil-diploma-${diploma.verificationCode}.pdf"`);
    res.send(diploma.pdf);
  }

  @Get('certificates/:id/credential')
  @ApiOperation({ summary: 'The Open Badges 3.0 credential (VC-JWT) of the diploma' })
  async credential(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response) {
    const diploma = await this.certificates.diploma(principal, id);
    res.type('application/vc+jwt').setHeader('content-disposition', `attachment; filename="cil-credential-${diploma.verificationCode}.jwt"`);
    res.send(diploma.credentialJwt);
  }

  @Get('review-meetings/:meetingId/agenda')
  agenda(@CurrentPrincipal() principal: Principal, @Param('meetingId', new ParseUUIDPipe()) meetingId: string) {
    return this.certificates.agenda(principal, meetingId);
  }

  @Post('review-meetings/:meetingId/decisions')
  @HttpCode(200)
  @ApiOperation({ summary: "The local group's decision on a report on the meeting's agenda: approve, or revise with comments" })
  @AcceptsIdempotencyKey()
  review(@CurrentPrincipal() principal: Principal, @Param('meetingId', new ParseUUIDPipe()) meetingId: string, @Body() body: ReviewDecisionDto, @IdempotencyKey() key?: string) {
    return this.certificates.review(principal, meetingId, body, key);
  }

  @Post('diplomas/:code/revoke')
  @HttpCode(200)
  @Roles('central_group_member')
  @ApiOperation({ summary: 'Revoke a diploma, with a reason (central group)' })
  revoke(@CurrentPrincipal() principal: Principal, @Param('code') code: string, @Body() body: RevokeDto) {
    return this.diplomas.revoke(code, principal.personId, body.reason);
  }
}
