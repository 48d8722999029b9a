import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RoleAssignmentEntity } from '../../platform/db/entities/index.js';
import type { LocalGroupSeat } from '../../../workflows/domain/local-group.rules.js';

/** The local resource group of a programme: role assignments with a seat each. */
@Injectable()
export class LocalGroupRepository {
  constructor(private readonly db: DataSource) {}

  /** Writes the members (idempotent: a second run changes nothing). */
  async register(programmeId: string, members: { personId: string; seat: LocalGroupSeat }[]): Promise<void> {
    await this.db.getRepository(RoleAssignmentEntity).upsert(
      members.map((m) => ({ personId: m.personId, role: 'local_group_member' as const, programmeId, facultyId: null, departmentId: null, scopeKey: programmeId, localGroupRole: m.seat })),
      ['personId', 'role', 'scopeKey'],
    );
  }

  async members(programmeId: string): Promise<RoleAssignmentEntity[]> {
    return this.db.getRepository(RoleAssignmentEntity).find({ where: { programmeId, role: 'local_group_member' }, relations: { person: true } });
  }

  async isMember(programmeId: string, personId: string): Promise<boolean> {
    return this.db.getRepository(RoleAssignmentEntity).existsBy({ programmeId, personId, role: 'local_group_member' });
  }
}
