import {
  CentralResourceGroupEntity,
  DepartmentEntity,
  FacultyEntity,
  PersonEntity,
  ProgrammeEntity,
} from './organisation.entities.js';
import { RoleAssignmentEntity } from './role-assignment.entity.js';

export * from './organisation.entities.js';
export * from './role-assignment.entity.js';

/** Every entity, in one list for the data source and the drift check. */
export const entities = [
  FacultyEntity,
  DepartmentEntity,
  ProgrammeEntity,
  PersonEntity,
  CentralResourceGroupEntity,
  RoleAssignmentEntity,
];
