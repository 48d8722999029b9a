import { Module } from '@nestjs/common';
import { TaskPagesController } from './task-pages.controller.js';
import { TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';

/** Every human task, rollout and certificate alike: the JSON API and the pages the e-mail links open. */
@Module({
  controllers: [TasksController, TaskPagesController],
  providers: [TasksService],
})
export class TasksModule {}
