import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsEmail, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

/** A calendar day as PostgreSQL's `date` takes it (ISO 8601 also allows weeks, ordinals and signed years). */
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class EnrolDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() programmeId!: string;
  @ApiPropertyOptional({ example: '2029-06-30', description: 'expected end of studies (default: STUDY_DEFAULT_YEARS from now)' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(CALENDAR_DATE, { message: '$property must be a date as YYYY-MM-DD' })
  expectedEndOfStudies?: string;
}

export class ParticipationDto {
  @ApiProperty({ format: 'uuid', description: 'a catalogue activity of the programme' }) @IsUUID() activityId!: string;
  @ApiProperty({ example: '2027-01-15' }) @IsDateString({ strict: true }) @Matches(CALENDAR_DATE, { message: '$property must be a date as YYYY-MM-DD' }) startedOn!: string;
  @ApiProperty({ example: '2027-05-30' }) @IsDateString({ strict: true }) @Matches(CALENDAR_DATE, { message: '$property must be a date as YYYY-MM-DD' }) endedOn!: string;
  @ApiProperty({ maxLength: 5000, description: 'what you did' }) @IsString() @MinLength(5) @MaxLength(5000) description!: string;
  @ApiProperty({ maxLength: 20000, description: 'your reflection (at least REFLECTION_MIN_CHARS characters)' }) @IsString() @MaxLength(20000) reflection!: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) @MaxLength(500) evidenceUrl?: string;
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) @Max(1000) sessions?: number;
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) @Max(20) semesters?: number;
}

export class ProposalDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(2) @MaxLength(200) name!: string;
  @ApiProperty({ maxLength: 5000 }) @IsString() @MinLength(10) @MaxLength(5000) description!: string;
  @ApiProperty({ enum: ['home', 'abroad'] }) @IsIn(['home', 'abroad']) category!: 'home' | 'abroad';
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) source?: string;
}

export class MilestoneDto {
  @ApiProperty({ enum: ['career_course', 'presentation'] }) @IsIn(['career_course', 'presentation']) kind!: 'career_course' | 'presentation';
}

export class ReportDto {
  @ApiProperty({ maxLength: 100000, description: 'the final reflection report (at least REPORT_MIN_CHARS characters)' }) @IsString() @MaxLength(100000) text!: string;
}

export class ReviewDecisionDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() certificateId!: string;
  @ApiProperty({ enum: ['approve', 'revise'] }) @IsIn(['approve', 'revise']) outcome!: 'approve' | 'revise';
  @ApiPropertyOptional({ maxLength: 5000 }) @IsOptional() @IsString() @MaxLength(5000) comment?: string;
}

export class WithdrawCertificateDto {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class RevokeDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @MinLength(3) @MaxLength(2000) reason!: string;
}

export const EVENT_TYPES = ['activity_completed', 'exchange_completed', 'career_course_completed', 'presentation_held'] as const;

/** An event from another system (signed: see README, "Events from other systems"). */
export class InboundEventDto {
  @ApiProperty({ description: 'unique per source; a repeat is a no-op' }) @IsString() @Matches(/^[\w.:-]{1,200}$/) idempotencyKey!: string;
  @ApiProperty({ enum: EVENT_TYPES }) @IsIn(EVENT_TYPES) type!: (typeof EVENT_TYPES)[number];
  @ApiProperty() @IsEmail() studentEmail!: string;
  @ApiProperty({ example: 'BADT' }) @IsString() @MaxLength(32) programmeCode!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'catalogue activity (activity and exchange events)' }) @IsOptional() @IsUUID() activityId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the participation it completes, if the student recorded one' }) @IsOptional() @IsUUID() participationId?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(1000) sessions?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(20) semesters?: number;
  @ApiPropertyOptional() @IsOptional() @IsDateString({ strict: true }) @Matches(CALENDAR_DATE, { message: '$property must be a date as YYYY-MM-DD' }) startedOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsDateString({ strict: true }) @Matches(CALENDAR_DATE, { message: '$property must be a date as YYYY-MM-DD' }) endedOn?: string;
  // Its first ten characters date the participation an event brings without dates of its own.
  @ApiProperty() @IsISO8601() @Matches(/^\d{4}-\d{2}-\d{2}([T ]|$)/, { message: '$property must start with a date as YYYY-MM-DD' }) occurredAt!: string;
}
