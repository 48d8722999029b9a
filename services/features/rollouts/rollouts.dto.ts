import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { INITIATOR_CAPACITIES, ROLLOUT_STAGES } from '../../../workflows/contracts/rollout.contract.js';

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
