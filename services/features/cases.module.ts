import { Module } from '@nestjs/common';
import { TokensModule } from './auth/tokens.module.js';
import { MailModule } from '../platform/mail/mail.module.js';
import { CatalogueRepository } from './programme-work/catalogue.repository.js';
import { AgendaNotifier } from './programme-work/agenda.notifier.js';
import { CertificateNotifier } from './certificates/certificate.notifier.js';
import { CertificateRepository } from './certificates/certificate.repository.js';
import { LocalGroupService } from './rollouts/local-group.service.js';
import { NotificationService } from './rollouts/rollout.notifier.js';
import { ParticipantsService } from './rollouts/participants.service.js';
import { RolloutRepository } from './rollouts/rollout.repository.js';
import { TaskLinkService } from './tasks/task-link.service.js';
import { TaskRepository } from './tasks/task.repository.js';

const shared = [TaskRepository, RolloutRepository, CatalogueRepository, CertificateRepository, ParticipantsService, TaskLinkService, LocalGroupService];

/** Case data shared by the API and the worker: repositories, participants, task links. */
@Module({ imports: [TokensModule], providers: shared, exports: [...shared, TokensModule] })
export class CasesModule {}

/** Rendering case notifications into the mail outbox: the worker's side (the API's MailDispatcher sends them). */
@Module({ imports: [CasesModule, MailModule], providers: [NotificationService, CertificateNotifier, AgendaNotifier], exports: [NotificationService, CertificateNotifier, AgendaNotifier, CasesModule] })
export class NotificationsModule {}
