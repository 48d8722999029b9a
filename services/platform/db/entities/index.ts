import {
  CentralResourceGroupEntity,
  DepartmentEntity,
  FacultyEntity,
  OrganisationChangeEntity,
  PersonEntity,
  ProgrammeEntity,
} from './organisation.entities.js';
import { RoleAssignmentEntity } from './role-assignment.entity.js';
import { CaseEventEntity, RolloutCaseEntity, MailOutboxEntity, TaskEntity } from './case.entities.js';
import { ActivityProposalEntity, CertificateEntity, DiplomaEntity, InboundEventEntity, ParticipationEntity, ReflectionReportEntity } from './certificate.entities.js';
import { CatalogueActivityEntity, DevelopmentRecordEntity, ReviewMeetingEntity } from './programme-work.entities.js';
import { SessionEntity } from './session.entity.js';

export * from './organisation.entities.js';
export * from './role-assignment.entity.js';
export * from './case.entities.js';
export * from './programme-work.entities.js';
export * from './certificate.entities.js';
export * from './session.entity.js';

/** Every entity, in one list for the data source and the drift check. */
export const entities = [
  FacultyEntity,
  DepartmentEntity,
  ProgrammeEntity,
  PersonEntity,
  CentralResourceGroupEntity,
  RoleAssignmentEntity,
  RolloutCaseEntity,
  TaskEntity,
  CaseEventEntity,
  MailOutboxEntity,
  CatalogueActivityEntity,
  DevelopmentRecordEntity,
  ReviewMeetingEntity,
  CertificateEntity,
  ParticipationEntity,
  ReflectionReportEntity,
  DiplomaEntity,
  InboundEventEntity,
  ActivityProposalEntity,
  SessionEntity,
  OrganisationChangeEntity,
];
