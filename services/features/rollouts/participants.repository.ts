import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { ProgrammeEntity, RoleAssignmentEntity } from '../../platform/db/entities/index.js';
import type { RolloutParticipants } from '../../../workflows/contracts/rollout.contract.js';
import type { Role } from '../auth/roles.js';

/** Finds who holds each role that a programme's rollout involves. */
@Injectable()
export class ParticipantsRepository {
  constructor(private readonly db: DataSource) {}

  async forProgramme(programmeId: string): Promise<RolloutParticipants> {
    const programme = await this.db.getRepository(ProgrammeEntity).findOne({ where: { id: programmeId }, relations: { department: true } });
    if (!programme?.department) throw ApplicationFailure.nonRetryable(`no programme ${programmeId}`, 'UnknownProgramme');
    const { departmentId } = programme;
    const { facultyId } = programme.department;
    const roles = await this.db.getRepository(RoleAssignmentEntity).find({
      where: [{ programmeId }, { departmentId }, { facultyId }],
      order: { createdAt: 'ASC' },
    });
    const holder = (role: Role) => {
      const found = roles.find((r) => r.role === role);
      // Retryable: once the role is filled, the rollout goes on by itself.
      if (!found) throw ApplicationFailure.retryable(`nobody holds the role ${role} for programme ${programme.code}`, 'MissingRoleHolder');
      return found.personId;
    };
    return {
      programmeCode: programme.code,
      facultyId,
      programmeLeaderId: holder('programme_leader'),
      sectionHeadId: holder('section_head'),
      headOfDepartmentId: holder('head_of_department'),
      facultyRepresentativeId: holder('faculty_representative'),
      deanId: holder('dean'),
      proDeanId: holder('pro_dean'),
    };
  }
}
