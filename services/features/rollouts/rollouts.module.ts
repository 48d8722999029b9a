import { Module } from '@nestjs/common';
import { CaseAccess } from './case-access.js';
import { RolloutsController } from './rollouts.controller.js';
import { RolloutsService } from './rollouts.service.js';

/** Process A over HTTP: initiatives and their cases. */
@Module({
  controllers: [RolloutsController],
  providers: [RolloutsService, CaseAccess],
  // The staff workspace's case pages call the same service.
  exports: [RolloutsService],
})
export class RolloutsModule {}
