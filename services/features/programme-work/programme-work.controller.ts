import { Body, Controller, Get, HttpCode, Param, ParseBoolPipe, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ActivityMinimumsDto, CatalogueActivityDto, DevelopmentRecordDto, ReviewMeetingDto } from './programme-work.dto.js';
import { ProgrammeWorkService } from './programme-work.service.js';

@ApiTags('local group')
@ApiBearerAuth()
@ApiCookieAuth('cil_session')
@Controller('api/programmes/:programmeId')
export class ProgrammeWorkController {
  constructor(private readonly work: ProgrammeWorkService) {}

  @Get('catalogue')
  @ApiQuery({ name: 'includeRetired', required: false, type: Boolean })
  catalogue(@Param('programmeId', new ParseUUIDPipe()) programmeId: string, @Query('includeRetired', new ParseBoolPipe({ optional: true })) includeRetired?: boolean) {
    return this.work.listCatalogue(programmeId, includeRetired ?? false);
  }

  @Post('catalogue')
  @ApiOperation({ summary: 'Add an activity to the catalogue (local group)' })
  addActivity(@CurrentPrincipal() principal: Principal, @Param('programmeId', new ParseUUIDPipe()) programmeId: string, @Body() body: CatalogueActivityDto) {
    return this.work.addActivity(principal, programmeId, body);
  }

  @Post('catalogue/:activityId/minimums')
  @HttpCode(200)
  @ApiOperation({ summary: "Change an activity's minimums (local group); an absent or null minimum is removed" })
  changeMinimums(
    @CurrentPrincipal() principal: Principal,
    @Param('programmeId', new ParseUUIDPipe()) programmeId: string,
    @Param('activityId', new ParseUUIDPipe()) activityId: string,
    @Body() body: ActivityMinimumsDto,
  ) {
    return this.work.changeMinimums(principal, programmeId, activityId, body);
  }

  @Post('catalogue/:activityId/retire')
  @HttpCode(200)
  retire(@CurrentPrincipal() principal: Principal, @Param('programmeId', new ParseUUIDPipe()) programmeId: string, @Param('activityId', new ParseUUIDPipe()) activityId: string) {
    return this.work.retireActivity(principal, programmeId, activityId);
  }

  @Get('development-records')
  developmentRecords(@Param('programmeId', new ParseUUIDPipe()) programmeId: string) {
    return this.work.developmentRecords(programmeId);
  }

  @Post('development-records')
  @ApiOperation({ summary: 'Record the workshop, a calibration meeting or information work (local group)' })
  addDevelopmentRecord(@CurrentPrincipal() principal: Principal, @Param('programmeId', new ParseUUIDPipe()) programmeId: string, @Body() body: DevelopmentRecordDto) {
    return this.work.addDevelopmentRecord(principal, programmeId, body);
  }

  @Post('publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the catalogue and open the programme for enrolment (needs a home and an abroad activity)' })
  publish(@CurrentPrincipal() principal: Principal, @Param('programmeId', new ParseUUIDPipe()) programmeId: string) {
    return this.work.publish(principal, programmeId);
  }

  @Get('review-meetings')
  reviewMeetings(@Param('programmeId', new ParseUUIDPipe()) programmeId: string) {
    return this.work.reviewMeetings(programmeId);
  }

  @Post('review-meetings')
  @ApiOperation({ summary: 'Schedule a review meeting for final reflection reports (1–2 per semester)' })
  scheduleReviewMeeting(@CurrentPrincipal() principal: Principal, @Param('programmeId', new ParseUUIDPipe()) programmeId: string, @Body() body: ReviewMeetingDto) {
    return this.work.scheduleReviewMeeting(principal, programmeId, body);
  }
}
