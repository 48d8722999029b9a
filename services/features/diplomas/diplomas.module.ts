import { Module } from '@nestjs/common';
import { MailModule } from '../../platform/mail/mail.module.js';
import { CertificateNotifier } from '../certificates/certificate.notifier.js';
import { DiplomaService } from './diploma.service.js';

/** Diplomas: issuing, verifying, revoking (which tells the student); the certificate's notifier comes with it. */
@Module({ imports: [MailModule], providers: [DiplomaService, CertificateNotifier], exports: [DiplomaService, CertificateNotifier] })
export class DiplomasModule {}
