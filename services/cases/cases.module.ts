import { Module } from '@nestjs/common';
import { TokensModule } from '../auth/tokens.module.js';
import { MailModule } from '../mail/mail.module.js';
import { CatalogueRepository } from './catalogue.repository.js';
import { AgendaNotifier } from './agenda.notifier.js';
import { CertificateNotifier } from './certificate-notifier.js';
import { CertificateRepository } from './certificate.repository.js';
import { LocalGroupService } from './local-group.service.js';
import { NotificationService } from './notification.service.js';
import { ParticipantsService } from './participants.service.js';
import { RolloutRepository } from './rollout.repository.js';
import { TaskLinkService } from './task-link.service.js';
import { TaskRepository } from './task.repository.js';

const shared = [TaskRepository, RolloutRepository, CatalogueRepository, CertificateRepository, ParticipantsService, TaskLinkService, LocalGroupService];

/** Case data shared by the API and the worker: repositories, participants, task links. */
@Module({ imports: [TokensModule], providers: shared, exports: [...shared, TokensModule] })
export class CasesModule {}

/** Rendering case notifications into the mail outbox: the worker's side (the API's MailDispatcher sends them). */
@Module({ imports: [CasesModule, MailModule], providers: [NotificationService, CertificateNotifier, AgendaNotifier], exports: [NotificationService, CertificateNotifier, AgendaNotifier, CasesModule] })
export class NotificationsModule {}
