import { Global, Module } from '@nestjs/common';
import { SessionService } from './auth/session.service.js';
import { CertificateRepository } from './certificates/certificate.repository.js';
import { DiplomaRepository } from './diplomas/diploma.repository.js';
import { OrganisationRepository } from './organisation/organisation.repository.js';
import { CatalogueRepository } from './programme-work/catalogue.repository.js';
import { LocalGroupRepository } from './rollouts/local-group.repository.js';
import { ParticipantsRepository } from './rollouts/participants.repository.js';
import { RolloutRepository } from './rollouts/rollout.repository.js';
import { TaskLinkService } from './tasks/task-link.service.js';
import { TaskRepository } from './tasks/task.repository.js';
import { TimelineRepository } from './timeline/timeline.repository.js';

/**
 * Every feature's repository (the only classes that reach PostgreSQL), with the signed-token
 * services that sessions and task links share. Global, so a feature's service or an activity
 * injects what it reads without importing another feature's module; the API and the worker both
 * load it.
 */
const providers = [
  OrganisationRepository,
  ParticipantsRepository,
  LocalGroupRepository,
  RolloutRepository,
  TaskRepository,
  TimelineRepository,
  CatalogueRepository,
  CertificateRepository,
  DiplomaRepository,
  SessionService,
  TaskLinkService,
];

@Global()
@Module({ providers, exports: providers })
export class RepositoriesModule {}
