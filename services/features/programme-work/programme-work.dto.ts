import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsDateString, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ACTIVITY_CATEGORIES, DEVELOPMENT_RECORD_KINDS } from '../../platform/db/entities/index.js';

export class CatalogueActivityDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(2) @MaxLength(200) name!: string;
  @ApiProperty({ maxLength: 5000 }) @IsString() @MinLength(2) @MaxLength(5000) description!: string;
  @ApiProperty({ enum: ACTIVITY_CATEGORIES }) @IsIn(ACTIVITY_CATEGORIES) category!: (typeof ACTIVITY_CATEGORIES)[number];
  @ApiPropertyOptional({ minimum: 1, description: 'sessions needed before it counts (e.g. 3 guest lectures)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  minimumSessions?: number;
  @ApiPropertyOptional({ minimum: 1, description: 'semesters needed before it counts (e.g. a buddy scheme)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  minimumSemesters?: number;
  @ApiPropertyOptional({ maxLength: 200, description: 'course code, exchange agreement, guest lecture…' }) @IsOptional() @IsString() @MaxLength(200) source?: string;
}

/** New minimums of a catalogue activity; a minimum left out (or null) is removed. */
export class ActivityMinimumsDto {
  @ApiPropertyOptional({ minimum: 1, nullable: true, type: Number }) @IsOptional() @IsInt() @Min(1) @Max(100) minimumSessions?: number | null;
  @ApiPropertyOptional({ minimum: 1, nullable: true, type: Number }) @IsOptional() @IsInt() @Min(1) @Max(12) minimumSemesters?: number | null;
}

export class DevelopmentRecordDto {
  @ApiProperty({ enum: DEVELOPMENT_RECORD_KINDS }) @IsIn(DEVELOPMENT_RECORD_KINDS) kind!: (typeof DEVELOPMENT_RECORD_KINDS)[number];
  @ApiProperty({ example: '2027-02-15' }) @IsDateString({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date as YYYY-MM-DD' }) heldOn!: string;
  @ApiProperty({ type: [String], description: 'person ids of those present' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  attendees!: string[];
  @ApiProperty({ maxLength: 5000 }) @IsString() @MinLength(2) @MaxLength(5000) outcome!: string;
}

export class ReviewMeetingDto {
  // ISO 8601 also allows week and ordinal dates, which `new Date` cannot read.
  @ApiProperty({ example: '2027-05-20T10:00:00+02:00' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/, { message: '$property must be a date and time, e.g. 2027-05-20T10:00:00+02:00' })
  scheduledAt!: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) location?: string;
}
