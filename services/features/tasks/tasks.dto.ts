import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { LOCAL_GROUP_SEATS } from '../../../workflows/domain/local-group.rules.js';
import { InitiativeDto } from '../rollouts/rollouts.dto.js';

export class ResourceAssessmentDto {
  @ApiProperty({ minimum: 0 }) @IsNumber() @Min(0) @Max(100000) developmentHours!: number;
  @ApiProperty({ minimum: 0 }) @IsNumber() @Min(0) @Max(100000) operationHoursPerSemester!: number;
  @ApiProperty() @IsBoolean() covered!: boolean;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class LocalGroupMemberDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() personId!: string;
  @ApiProperty({ enum: LOCAL_GROUP_SEATS }) @IsIn(LOCAL_GROUP_SEATS) seat!: (typeof LOCAL_GROUP_SEATS)[number];
}

const OUTCOMES = ['approve', 'reject', 'request_changes', 'resubmit', 'register', 'confirm'] as const;

/**
 * A decision on a task. Which fields it needs depends on the task (the workflow checks, and
 * answers 400 naming what is missing): approve an assessment with `assessment`; reject with
 * `reason`; ask for changes with `comment`; resubmit a revised `initiative`; register `members`;
 * confirm (or reject, with `reason`) a student's participation.
 */
export class DecisionDto {
  @ApiProperty({ enum: OUTCOMES }) @IsIn(OUTCOMES) outcome!: (typeof OUTCOMES)[number];
  @ApiPropertyOptional({ type: ResourceAssessmentDto }) @IsOptional() @ValidateNested() @Type(() => ResourceAssessmentDto) assessment?: ResourceAssessmentDto;
  @ApiPropertyOptional({ maxLength: 5000 }) @IsOptional() @IsString() @MaxLength(5000) reason?: string;
  @ApiPropertyOptional({ maxLength: 5000 }) @IsOptional() @IsString() @MaxLength(5000) comment?: string;
  @ApiPropertyOptional({ type: InitiativeDto }) @IsOptional() @ValidateNested() @Type(() => InitiativeDto) initiative?: InitiativeDto;
  @ApiPropertyOptional({ type: [LocalGroupMemberDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => LocalGroupMemberDto)
  members?: LocalGroupMemberDto[];
}

export class ReassignDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() assigneeId!: string;
}
