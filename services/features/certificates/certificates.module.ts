import { Module } from '@nestjs/common';
import { DiplomasModule } from '../diplomas/diplomas.module.js';
import { CertificatesController } from './certificates.controller.js';
import { CertificatesService } from './certificates.service.js';
import { EventsController } from './events.controller.js';
import { EventsService } from './events.service.js';
import { PageFlash } from './page-flash.js';
import { StudentPageController } from './student-page.controller.js';
import { VerifyController } from '../diplomas/verify.controller.js';

/** Process B over HTTP: certificates, review meetings' decisions, events from other systems, verification. */
@Module({
  imports: [DiplomasModule],
  controllers: [CertificatesController, EventsController, VerifyController, StudentPageController],
  providers: [CertificatesService, EventsService, PageFlash],
  // The staff workspace's review-meeting pages call the same service.
  exports: [CertificatesService],
})
export class CertificatesModule {}
