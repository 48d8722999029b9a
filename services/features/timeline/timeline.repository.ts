import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseEventEntity } from '../../platform/db/entities/index.js';
import type { CaseEvent } from '../../../workflows/contracts/rollout.contract.js';

/** A case's timeline (rollouts and certificates alike): events keyed per step, so a retried write adds nothing. */
@Injectable()
export class TimelineRepository {
  constructor(private readonly db: DataSource) {}

  async add(event: CaseEvent): Promise<void> {
    await this.db
      .createQueryBuilder()
      .insert()
      .into(CaseEventEntity)
      .values({ caseId: event.caseId, key: event.key, kind: event.kind, actorId: event.actorId ?? null, comment: event.comment ?? null, data: (event.data ?? null) as never })
      .orIgnore()
      .execute();
  }

  forCase(caseId: string): Promise<CaseEventEntity[]> {
    return this.db.getRepository(CaseEventEntity).find({ where: { caseId }, order: { at: 'ASC' } });
  }
}
