import { Module } from '@nestjs/common';
import { HomeController } from './home.controller.js';

/**
 * The staff workspace: server-rendered pages (preact components rendered to HTML, no JavaScript
 * needed) over the same services and authorization as the JSON API.
 */
@Module({
  controllers: [HomeController],
})
export class WorkspaceModule {}
