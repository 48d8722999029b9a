import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { TaskEntity } from '../../platform/db/entities/index.js';
import type { TaskClose, TaskSpec } from '../../../workflows/contracts/tasks.contract.js';

export type InboxRow = Pick<TaskEntity, 'id' | 'type' | 'caseType' | 'caseId' | 'status' | 'assigneeId' | 'dueAt' | 'createdAt' | 'closedAt' | 'decision'> & {
  programmeId: string | null;
  programmeCode: string | null;
  programmeNameNb: string | null;
  programmeNameEn: string | null;
};

@Injectable()
export class TaskRepository {
  constructor(private readonly db: DataSource) {}

  /** Creates the task row once; a retry finds and returns the row it made. */
  async create(spec: TaskSpec, dueAt: Date): Promise<TaskEntity> {
    await this.db
      .createQueryBuilder()
      .insert()
      .into(TaskEntity)
      .values({ id: spec.taskId, caseType: spec.caseType, caseId: spec.caseId, workflowId: spec.workflowId, type: spec.type, assigneeId: spec.assigneeId, dueAt, status: 'open' })
      .orIgnore()
      .execute();
    return this.db.getRepository(TaskEntity).findOneByOrFail({ id: spec.taskId });
  }

  async close(close: TaskClose): Promise<void> {
    await this.db.getRepository(TaskEntity).update(
      { id: close.taskId, status: 'open' },
      { status: close.status, decidedBy: close.decidedBy ?? null, decision: close.decision ?? null, closedAt: new Date() },
    );
  }

  async reassign(taskId: string, assigneeId: string, dueAt: Date): Promise<void> {
    await this.db
      .getRepository(TaskEntity)
      .createQueryBuilder()
      .update()
      .set({ assigneeId, dueAt, assignment: () => 'assignment + 1' })
      .where('id = :taskId AND status = :open AND assignee_id <> :assigneeId', { taskId, open: 'open', assigneeId })
      .execute();
  }

  find(id: string): Promise<TaskEntity | null> {
    return this.db.getRepository(TaskEntity).findOneBy({ id });
  }

  openFor(assigneeId: string): Promise<TaskEntity[]> {
    return this.db.getRepository(TaskEntity).find({ where: { assigneeId, status: 'open' }, order: { dueAt: 'ASC' } });
  }

  /**
   * The person's open tasks, soonest due first, each with its rollout's programme (none for a
   * certificate's task): one query, rows as they are, no entities to build (every inbox asks it).
   */
  inbox(assigneeId: string): Promise<InboxRow[]> {
    return this.db.query(
      `SELECT t.id, t.type, t.case_type AS "caseType", t.case_id AS "caseId", t.status, t.assignee_id AS "assigneeId", t.due_at AS "dueAt",
              t.created_at AS "createdAt", t.closed_at AS "closedAt", t.decision,
              p.id AS "programmeId", p.code AS "programmeCode", p.name_nb AS "programmeNameNb", p.name_en AS "programmeNameEn"
         FROM task t
         LEFT JOIN rollout_case r ON t.case_type = 'rollout' AND r.id = t.case_id
         LEFT JOIN programme p ON p.id = r.programme_id
        WHERE t.assignee_id = $1 AND t.status = 'open'
        ORDER BY t.due_at ASC`,
      [assigneeId],
    );
  }

  /** Tasks the person decided, newest first. */
  decidedBy(personId: string, limit = 200): Promise<TaskEntity[]> {
    return this.db.getRepository(TaskEntity).find({ where: { decidedBy: personId, status: 'done' }, order: { closedAt: 'DESC' }, take: limit });
  }

  forCase(caseId: string): Promise<TaskEntity[]> {
    return this.db.getRepository(TaskEntity).find({ where: { caseId }, order: { createdAt: 'ASC' } });
  }

  forCases(caseIds: string[]): Promise<TaskEntity[]> {
    return caseIds.length ? this.db.getRepository(TaskEntity).find({ where: { caseId: In(caseIds) } }) : Promise.resolve([]);
  }
}
