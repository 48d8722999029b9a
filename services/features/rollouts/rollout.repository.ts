import { Injectable } from '@nestjs/common';
import { DataSource, type FindOptionsWhere, Not, In } from 'typeorm';
import { RolloutCaseEntity } from '../../platform/db/entities/index.js';
import type { RolloutStage } from '../../../workflows/contracts/rollout.contract.js';

/** The rollout read model and every case's timeline. */
@Injectable()
export class RolloutRepository {
  constructor(private readonly db: DataSource) {}

  insert(row: Omit<RolloutCaseEntity, 'createdAt' | 'updatedAt' | 'programme' | 'initiator'>): Promise<unknown> {
    return this.db.getRepository(RolloutCaseEntity).insert(row);
  }

  async delete(id: string): Promise<void> {
    await this.db.getRepository(RolloutCaseEntity).delete({ id });
  }

  find(id: string): Promise<RolloutCaseEntity | null> {
    return this.db.getRepository(RolloutCaseEntity).findOne({ where: { id }, relations: { programme: { department: { faculty: true } } } });
  }

  /** Several cases in one query (with programme, department and faculty). */
  findMany(ids: string[]): Promise<RolloutCaseEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.getRepository(RolloutCaseEntity).find({ where: { id: In(ids) }, relations: { programme: { department: { faculty: true } } } });
  }

  /** The programme's rollout that is not declined or withdrawn, if any. */
  activeFor(programmeId: string): Promise<RolloutCaseEntity | null> {
    return this.db.getRepository(RolloutCaseEntity).findOneBy({ programmeId, stage: Not(In(['declined', 'withdrawn'])) });
  }

  list(filter: { facultyId?: string; programmeId?: string; stage?: RolloutStage }, page: { limit: number; offset: number } = { limit: 50, offset: 0 }): Promise<RolloutCaseEntity[]> {
    const where: FindOptionsWhere<RolloutCaseEntity> = {};
    if (filter.facultyId) where.facultyId = filter.facultyId;
    if (filter.programmeId) where.programmeId = filter.programmeId;
    if (filter.stage) where.stage = filter.stage;
    return this.db.getRepository(RolloutCaseEntity).find({ where, relations: { programme: { department: { faculty: true } } }, order: { createdAt: 'DESC' }, take: page.limit, skip: page.offset });
  }

  async setStage(caseId: string, stage: RolloutStage): Promise<void> {
    await this.db.getRepository(RolloutCaseEntity).update({ id: caseId }, { stage });
  }

  async updateInitiative(caseId: string, initiative: Pick<RolloutCaseEntity, 'motivation' | 'proposedActivities' | 'expectedStudentsPerYear' | 'initiatorCapacity'>): Promise<void> {
    await this.db.getRepository(RolloutCaseEntity).update({ id: caseId }, initiative);
  }

  /** Appends an event once per key. */
}
