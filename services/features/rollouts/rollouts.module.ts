import { Module } from '@nestjs/common';
import { CasesModule } from '../cases.module.js';
import { ProgrammeWorkController } from '../programme-work/programme-work.controller.js';
import { ProgrammeWorkService } from '../programme-work/programme-work.service.js';
import { TaskPagesController } from '../tasks/task-pages.controller.js';
import { TasksController } from '../tasks/tasks.controller.js';
import { TasksService } from '../tasks/tasks.service.js';
import { RolloutsController } from './rollouts.controller.js';
import { RolloutsService } from './rollouts.service.js';

/** Process A over HTTP: initiatives, tasks (API and e-mail pages), and the local group's work. */
@Module({
  imports: [CasesModule],
  controllers: [RolloutsController, TasksController, TaskPagesController, ProgrammeWorkController],
  providers: [RolloutsService, TasksService, ProgrammeWorkService],
})
export class RolloutsModule {}
