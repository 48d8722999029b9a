import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource, In, QueryFailedError } from 'typeorm';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';
import type { Principal } from '../auth/principal.js';
import { ValidationFailed } from '../../platform/http/errors.js';
import { TimelineRepository } from '../timeline/timeline.repository.js';
import { RolloutRepository } from './rollout.repository.js';
import { CaseAccess } from './case-access.js';
import { TaskRepository } from '../tasks/task.repository.js';
import { FacultyEntity, PersonEntity, ProgrammeEntity, type RolloutCaseEntity, type TaskEntity } from '../../platform/db/entities/index.js';
import { callWorkflow } from '../../platform/temporal/refusals.js';
import { estimateResources } from '../../../workflows/domain/resource-estimate.js';
import { withdrawUpdate, type RolloutInput, type RolloutStage } from '../../../workflows/contracts/rollout.contract.js';
import type { rolloutWorkflow } from '../../../workflows/rollout/rollout.workflow.js';
import { rolloutStartOptions, rolloutWorkflowId } from '../../../workflows/contracts/ids.js';
import type { CommentDto, RolloutQueryDto, SubmitInitiativeDto } from './rollouts.dto.js';


@Injectable()
export class RolloutsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly temporal: Client,
    private readonly db: DataSource,
    private readonly rollouts: RolloutRepository,
    private readonly tasks: TaskRepository,
    private readonly timeline: TimelineRepository,
    private readonly access: CaseAccess,
  ) {}

  /** Starts a programme's rollout; one open rollout per programme. */
  async submit(principal: Principal, dto: SubmitInitiativeDto) {
    const programme = await this.db.getRepository(ProgrammeEntity).findOne({ where: { id: dto.programmeId }, relations: { department: true } });
    if (!programme?.department) throw new ValidationFailed([{ field: 'programmeId', problems: ['no programme with this id'] }]);
    await this.refuseIfActive(programme.id);
    const caseId = randomUUID();
    const workflowId = rolloutWorkflowId(caseId);
    const initiative = {
      motivation: dto.motivation,
      proposedActivities: dto.proposedActivities,
      expectedStudentsPerYear: dto.expectedStudentsPerYear,
      initiatorCapacity: dto.initiatorCapacity,
    };
    try {
      await this.rollouts.insert({
        id: caseId,
        workflowId,
        programmeId: programme.id,
        facultyId: programme.department.facultyId,
        initiatorId: principal.personId,
        stage: 'anchoring',
        motivation: initiative.motivation,
        proposedActivities: initiative.proposedActivities ?? null,
        expectedStudentsPerYear: initiative.expectedStudentsPerYear,
        initiatorCapacity: initiative.initiatorCapacity,
      });
    } catch (err) {
      // Two initiatives at once for the same programme: the unique index lets one through.
      if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505') await this.refuseIfActive(programme.id);
      throw err;
    }
    const input: RolloutInput = { caseId, programmeId: programme.id, initiatorId: principal.personId, initiative };
    try {
      await this.temporal.workflow.start<typeof rolloutWorkflow>('rolloutWorkflow', rolloutStartOptions(input, programme.code, this.config.temporal.taskQueue));
    } catch (err) {
      await this.rollouts.delete(caseId);
      throw new ServiceUnavailableException(`the rollout could not be started: ${(err as Error).message}`);
    }
    return { id: caseId, state: 'anchoring' as RolloutStage, programmeId: programme.id, workflowId };
  }

  private async refuseIfActive(programmeId: string): Promise<void> {
    const active = await this.rollouts.activeFor(programmeId);
    if (active) {
      throw new ConflictException({ message: `this programme already has an open rollout (${active.id})`, openCaseId: active.id, openCaseUrl: `/api/rollouts/${active.id}` });
    }
  }

  /** The cases the person may see (case-access.ts), filtered and paged. */
  async list(principal: Principal, query: RolloutQueryDto) {
    const facultyId = query.faculty ? await this.idOf(FacultyEntity, query.faculty) : undefined;
    const programmeId = query.programme ? await this.idOf(ProgrammeEntity, query.programme) : undefined;
    if (facultyId === null || programmeId === null) return [];
    const rows = await this.rollouts.list({ facultyId, programmeId, stage: query.state }, { limit: query.limit ?? 50, offset: query.offset ?? 0 }, this.access.condition(principal));
    return rows.map((r) => ({
      id: r.id,
      state: r.stage,
      programme: { id: r.programmeId, code: r.programmeCode, nameNb: r.programmeNameNb, nameEn: r.programmeNameEn },
      faculty: { id: r.facultyId, code: r.facultyCode },
      initiatorId: r.initiatorId,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }));
  }

  private async idOf(entity: typeof FacultyEntity | typeof ProgrammeEntity, codeOrId: string): Promise<string | null> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(codeOrId);
    const row = await this.db.getRepository(entity).findOneBy(uuid ? { id: codeOrId } : { code: codeOrId });
    return row?.id ?? null;
  }

  private summary(r: RolloutCaseEntity) {
    return {
      id: r.id,
      state: r.stage,
      programme: r.programme && { id: r.programme.id, code: r.programme.code, nameNb: r.programme.nameNb, nameEn: r.programme.nameEn },
      faculty: r.programme?.department?.faculty && { id: r.programme.department.faculty.id, code: r.programme.department.faculty.code },
      initiatorId: r.initiatorId,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }

  /** The case, for the people who follow it (case-access.ts). */
  async get(principal: Principal, id: string) {
    const row = await this.rollouts.find(id);
    if (!row) throw new NotFoundException(`no rollout with id ${id}`);
    await this.access.assertMaySee(principal, id);
    const [tasks, events] = await Promise.all([this.tasks.forCase(id), this.timeline.forCase(id)]);
    const ids = [...new Set([...tasks.map((t) => t.assigneeId), ...events.flatMap((e) => (e.actorId ? [e.actorId] : [])), row.initiatorId])];
    const names = new Map((await this.db.getRepository(PersonEntity).findBy({ id: In(ids) })).map((p) => [p.id, p.name]));
    return {
      ...this.summary(row),
      initiative: {
        motivation: row.motivation,
        proposedActivities: row.proposedActivities,
        expectedStudentsPerYear: row.expectedStudentsPerYear,
        initiatorCapacity: row.initiatorCapacity,
        initiatorName: names.get(row.initiatorId),
      },
      resourceEstimate: estimateResources(this.config.resourceModel, row.expectedStudentsPerYear),
      openTasks: tasks.filter((t) => t.status === 'open').map((t) => this.task(t, names)),
      tasks: tasks.map((t) => this.task(t, names)),
      timeline: events.map((e) => ({ at: e.at, kind: e.kind, actorId: e.actorId, actorName: e.actorId ? names.get(e.actorId) : undefined, comment: e.comment, data: e.data })),
    };
  }

  private task(t: TaskEntity, names: Map<string, string>) {
    return { id: t.id, type: t.type, status: t.status, assigneeId: t.assigneeId, assigneeName: names.get(t.assigneeId), dueAt: t.dueAt, createdAt: t.createdAt, closedAt: t.closedAt, decision: t.decision };
  }

  async withdraw(principal: Principal, id: string, reason?: string) {
    const row = await this.rollouts.find(id);
    if (!row) throw new NotFoundException(`no rollout with id ${id}`);
    const handle = this.temporal.workflow.getHandle<typeof rolloutWorkflow>(row.workflowId);
    const view = await callWorkflow(() => handle.executeUpdate(withdrawUpdate, { args: [{ actorId: principal.personId, reason }] }));
    return { id, state: view.stage };
  }

  /** Anyone on the case may comment: the initiator, every assignee, the faculty representative, the central group. */
  async comment(principal: Principal, id: string, dto: CommentDto) {
    const row = await this.rollouts.find(id);
    if (!row) throw new NotFoundException(`no rollout with id ${id}`);
    const tasks = await this.tasks.forCase(id);
    const onCase =
      row.initiatorId === principal.personId ||
      tasks.some((t) => t.assigneeId === principal.personId) ||
      principal.grants.some((g) => g.role === 'central_group_member' || (g.role === 'faculty_representative' && g.facultyId === row.facultyId)) ||
      principal.grants.some((g) => g.role === 'local_group_member' && g.programmeId === row.programmeId);
    if (!onCase) throw new ForbiddenException('only people on the case can comment on it');
    await this.timeline.add({ key: `comment:${randomUUID()}`, caseId: id, kind: 'comment', actorId: principal.personId, comment: dto.comment });
    return { id, commented: true };
  }
}
