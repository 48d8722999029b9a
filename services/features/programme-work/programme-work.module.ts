import { Module } from '@nestjs/common';
import { ProgrammeWorkController } from './programme-work.controller.js';
import { ProgrammeWorkService } from './programme-work.service.js';

/** The local group's work on its programme: catalogue, development records, publishing, review meetings. */
@Module({
  controllers: [ProgrammeWorkController],
  providers: [ProgrammeWorkService],
  // The staff workspace's programme pages call the same service.
  exports: [ProgrammeWorkService],
})
export class ProgrammeWorkModule {}
