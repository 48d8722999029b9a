import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import { AcceptsIdempotencyKey, IdempotencyKey } from '../../platform/http/idempotency.js';
import type { Principal } from '../auth/principal.js';
import { DecisionDto, ReassignDto } from './tasks.dto.js';
import type { TaskDecision } from '../../../workflows/contracts/rollout.contract.js';
import { TasksService } from './tasks.service.js';

@ApiTags('tasks')
@ApiBearerAuth()
@ApiCookieAuth('cil_session')
@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: "The signed-in person's open tasks, earliest due first" })
  inbox(@CurrentPrincipal() principal: Principal) {
    return this.tasks.inbox(principal);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.tasks.get(principal, id);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decide a task (assignee only): 403 not the assignee, 409 already decided, 400 naming a missing field' })
  @AcceptsIdempotencyKey()
  decide(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: DecisionDto, @IdempotencyKey() key?: string) {
    return this.tasks.decide(principal.personId, id, body as unknown as TaskDecision, key);
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give an open task to someone else (faculty representative or central group); both are told' })
  reassign(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: ReassignDto) {
    return this.tasks.reassign(principal, id, body.assigneeId);
  }
}
