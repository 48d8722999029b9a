import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCookieAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { CommentDto, RolloutQueryDto, SubmitInitiativeDto, WithdrawDto } from './rollouts.dto.js';
import { RolloutsService } from './rollouts.service.js';

@ApiTags('rollouts')
@ApiBearerAuth()
@ApiCookieAuth('cil_session')
@Controller('api/rollouts')
export class RolloutsController {
  constructor(private readonly rollouts: RolloutsService) {}

  @Post()
  @ApiOperation({ summary: 'Submit an initiative to roll CIL out on a programme (any signed-in person)' })
  @ApiCreatedResponse({ schema: { example: { id: 'uuid', state: 'anchoring', programmeId: 'uuid', workflowId: 'rollout-uuid' } } })
  @ApiConflictResponse({ description: 'the programme already has an open rollout; `details.openCaseId` names it' })
  submit(@CurrentPrincipal() principal: Principal, @Body() body: SubmitInitiativeDto) {
    return this.rollouts.submit(principal, body);
  }

  @Get()
  @ApiOperation({ summary: 'Rollouts from the read model that the signed-in person may see, filtered by faculty, programme and state' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: RolloutQueryDto) {
    return this.rollouts.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A rollout: state, open tasks, resource estimate and timeline (for the people who follow the case)' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.rollouts.get(principal, id);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'The initiator withdraws the initiative (before the final decision)' })
  withdraw(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: WithdrawDto) {
    return this.rollouts.withdraw(principal, id, body.reason);
  }

  @Post(':id/comments')
  @ApiOperation({ summary: 'Comment on the case (anyone on it)' })
  comment(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: CommentDto) {
    return this.rollouts.comment(principal, id, body);
  }
}
