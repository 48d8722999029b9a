import { Module } from '@nestjs/common';
import { CaseAccess } from '../rollouts/case-access.js';
import { TaskPagesController } from './task-pages.controller.js';
import { TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';

/** Every human task, rollout and certificate alike: the JSON API and the pages the e-mail links open. */
@Module({
  controllers: [TasksController, TaskPagesController],
  providers: [TasksService, CaseAccess],
  // The case page reassigns through the same service.
  exports: [TasksService],
})
export class TasksModule {}
