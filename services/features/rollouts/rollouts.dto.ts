import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested, IsArray, ArrayMaxSize } from 'class-validator';
import { INITIATOR_CAPACITIES, ROLLOUT_STAGES } from '../../../workflows/contracts/rollout.contract.js';
import { LOCAL_GROUP_SEATS } from '../../../workflows/domain/local-group.rules.js';

export class InitiativeDto {
  @ApiProperty({ description: 'Why CIL on this programme', maxLength: 5000 })
  @IsString()
  @MinLength(10)
  @MaxLength(5000)
  motivation!: string;

  @ApiPropertyOptional({ description: 'Activities the initiator has in mind', maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  proposedActivities?: string;

  @ApiProperty({ minimum: 0, maximum: 10000 })
  @IsInt()
  @Min(0)
  @Max(10000)
  expectedStudentsPerYear!: number;

  @ApiProperty({ enum: INITIATOR_CAPACITIES })
  @IsIn(INITIATOR_CAPACITIES)
  initiatorCapacity!: (typeof INITIATOR_CAPACITIES)[number];
}

export class SubmitInitiativeDto extends InitiativeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  programmeId!: string;
}

export class WithdrawDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class CommentDto {
  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  comment!: string;
}

export class RolloutQueryDto {
  @ApiPropertyOptional({ description: 'faculty code or id' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  faculty?: string;

  @ApiPropertyOptional({ description: 'programme code or id' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  programme?: string;

  @ApiPropertyOptional({ enum: ROLLOUT_STAGES })
  @IsOptional()
  @IsIn(ROLLOUT_STAGES)
  state?: (typeof ROLLOUT_STAGES)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

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
