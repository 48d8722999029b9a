import { Injectable } from '@nestjs/common';
import { DataSource, Not, In } from 'typeorm';
import { RolloutCaseEntity } from '../../platform/db/entities/index.js';
import type { RolloutStage } from '../../../workflows/contracts/rollout.contract.js';
import type { CaseCondition } from './case-access.js';

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

  /**
   * Newest first; only the cases that meet `visible` (see case-access.ts), when given. Rows as
   * they are (no entities to build): every case list asks it.
   */
  list(filter: { facultyId?: string; programmeId?: string; stage?: RolloutStage }, page: { limit: number; offset: number } = { limit: 50, offset: 0 }, visible?: CaseCondition): Promise<RolloutSummaryRow[]> {
    const query = this.db
      .getRepository(RolloutCaseEntity)
      .createQueryBuilder('r')
      .select(['r.id AS "id"', 'r.stage AS "stage"', 'r.initiator_id AS "initiatorId"', 'r.created_at AS "createdAt"', 'r.updated_at AS "updatedAt"'])
      .addSelect(['programme.id AS "programmeId"', 'programme.code AS "programmeCode"', 'programme.name_nb AS "programmeNameNb"', 'programme.name_en AS "programmeNameEn"'])
      .addSelect(['faculty.id AS "facultyId"', 'faculty.code AS "facultyCode"'])
      .innerJoin('r.programme', 'programme')
      .innerJoin('programme.department', 'department')
      .innerJoin('department.faculty', 'faculty')
      .where('TRUE');
    if (filter.facultyId) query.andWhere('r.facultyId = :facultyId', { facultyId: filter.facultyId });
    if (filter.programmeId) query.andWhere('r.programmeId = :programmeId', { programmeId: filter.programmeId });
    if (filter.stage) query.andWhere('r.stage = :stage', { stage: filter.stage });
    if (visible) query.andWhere(visible.sql, visible.params);
    // Every join is many-to-one: one row per case, so LIMIT and OFFSET page cases.
    return query.orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC').limit(page.limit).offset(page.offset).getRawMany<RolloutSummaryRow>();
  }

  /** Whether the case exists and meets the condition. */
  exists(id: string, condition: CaseCondition): Promise<boolean> {
    return this.db.getRepository(RolloutCaseEntity).createQueryBuilder('r').where('r.id = :id', { id }).andWhere(condition.sql, condition.params).getExists();
  }

  async setStage(caseId: string, stage: RolloutStage): Promise<void> {
    await this.db.getRepository(RolloutCaseEntity).update({ id: caseId }, { stage });
  }

  async updateInitiative(caseId: string, initiative: Pick<RolloutCaseEntity, 'motivation' | 'proposedActivities' | 'expectedStudentsPerYear' | 'initiatorCapacity'>): Promise<void> {
    await this.db.getRepository(RolloutCaseEntity).update({ id: caseId }, initiative);
  }

  /** Appends an event once per key. */
}

/** One row of the case list. */
export interface RolloutSummaryRow {
  id: string;
  stage: RolloutStage;
  initiatorId: string;
  createdAt: Date;
  updatedAt: Date;
  programmeId: string;
  programmeCode: string;
  programmeNameNb: string;
  programmeNameEn: string;
  facultyId: string;
  facultyCode: string;
}
