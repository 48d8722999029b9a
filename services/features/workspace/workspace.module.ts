import { Module } from '@nestjs/common';
import { RolloutsModule } from '../rollouts/rollouts.module.js';
import { CasesController } from './cases.controller.js';
import { HomeController } from './home.controller.js';

/**
 * The staff workspace: server-rendered pages (preact components rendered to HTML, no JavaScript
 * needed) over the same services and authorization as the JSON API.
 */
@Module({
  imports: [RolloutsModule],
  controllers: [HomeController, CasesController],
})
export class WorkspaceModule {}
