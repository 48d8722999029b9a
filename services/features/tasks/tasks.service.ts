import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource, In } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { RolloutRepository } from '../rollouts/rollout.repository.js';
import { TaskRepository } from './task.repository.js';
import { CaseAccess } from '../rollouts/case-access.js';
import { CertificateRepository } from '../certificates/certificate.repository.js';
import { mayReadCertificate } from '../certificates/certificate-access.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { ValidationFailed } from '../../platform/http/errors.js';
import { PersonEntity, type TaskEntity } from '../../platform/db/entities/index.js';
import { idempotentUpdateId } from '../../platform/http/idempotency.js';
import { callWorkflow } from '../../platform/temporal/refusals.js';
import { reassignTaskUpdate, type TaskDecision, type RolloutTaskType } from '../../../workflows/contracts/rollout.contract.js';
import { decideTaskUpdate } from '../../../workflows/contracts/tasks.contract.js';
import type { rolloutWorkflow } from '../../../workflows/rollout/rollout.workflow.js';
import { TASK_TITLES } from '../rollouts/rollout.templates.js';

/** Staff: everyone who is not only a student (students sit in no decision of process A). */
function isStaff(roles: readonly { role: string }[]): boolean {
  return !(roles.length > 0 && roles.every((r) => r.role === 'student'));
}

/** Tasks: the signed-in person's inbox, a task's detail, decisions and reassignments. */
@Injectable()
export class TasksService {
  constructor(
    private readonly temporal: Client,
    private readonly db: DataSource,
    private readonly tasks: TaskRepository,
    private readonly rollouts: RolloutRepository,
    private readonly organisation: OrganisationRepository,
    private readonly certificates: CertificateRepository,
    private readonly access: CaseAccess,
  ) {}

  async inbox(principal: Principal) {
    return (await this.tasks.inbox(principal.personId)).map(({ programmeId, programmeCode, programmeNameNb, programmeNameEn, ...t }) => ({
      ...this.view(t),
      title: TASK_TITLES[t.type as RolloutTaskType]?.[principal.language] ?? t.type,
      programme: programmeId ? { id: programmeId, code: programmeCode, nameNb: programmeNameNb, nameEn: programmeNameEn } : undefined,
    }));
  }

  view(t: Pick<TaskEntity, 'id' | 'type' | 'caseType' | 'caseId' | 'status' | 'assigneeId' | 'dueAt' | 'createdAt' | 'closedAt' | 'decision'>) {
    return { id: t.id, type: t.type, caseType: t.caseType, caseId: t.caseId, status: t.status, assigneeId: t.assigneeId, dueAt: t.dueAt, createdAt: t.createdAt, closedAt: t.closedAt, decision: t.decision };
  }

  async find(id: string): Promise<TaskEntity> {
    const task = await this.tasks.find(id);
    if (!task) throw new NotFoundException(`no task with id ${id}`);
    return task;
  }

  /**
   * A task is read by its assignee and by those who may see its case: for a rollout, the case's
   * policy (rollouts/case-access.ts); for a certificate, who may read the student's records
   * (certificates/certificate-access.ts).
   */
  async get(principal: Principal, id: string) {
    const task = await this.find(id);
    if (task.assigneeId !== principal.personId && !(await this.maySeeCase(principal, task))) {
      throw new ForbiddenException('only the assignee and those who follow the case can read this task');
    }
    return this.view(task);
  }

  private async maySeeCase(principal: Principal, task: TaskEntity): Promise<boolean> {
    if (task.caseType === 'rollout') return this.access.maySee(principal, task.caseId);
    const certificate = await this.certificates.find(task.caseId);
    return certificate !== null && mayReadCertificate(principal, certificate);
  }

  /** With an Idempotency-Key, a repeat answers the first decision's outcome (Temporal keeps it by update id). */
  async decide(actorId: string, id: string, decision: TaskDecision, idempotencyKey?: string) {
    const task = await this.find(id);
    if (task.type === 'register_local_group' && 'members' in decision && Array.isArray(decision.members)) await this.assertStudentSeats(task.caseId, decision.members);
    const handle = this.temporal.workflow.getHandle<typeof rolloutWorkflow>(task.workflowId);
    const result = await callWorkflow(() => handle.executeUpdate(decideTaskUpdate, { updateId: idempotentUpdateId(`decide-${id}`, actorId, idempotencyKey), args: [{ taskId: id, actorId, decision }] }));
    return { taskId: result.taskId, outcome: result.outcome, status: 'done' as const };
  }

  /** The local group's student seats go to students of the case's programme (400 naming each seat that does not). */
  private async assertStudentSeats(caseId: string, members: { personId: string; seat: string }[]) {
    const rollout = await this.rollouts.find(caseId);
    if (!rollout) return;
    const seated = members.map((m, i) => ({ ...m, i })).filter((m) => m.seat === 'student');
    const students = await this.organisation.studentsOfProgramme(seated.map((m) => m.personId), rollout.programmeId);
    const wrong = seated.filter((m) => !students.has(m.personId));
    if (wrong.length) throw new ValidationFailed(wrong.map((m) => ({ field: `members.${m.i}.personId`, problems: ["the student seat needs a student of the case's programme; this person is not one"] })));
  }

  /** The faculty representative (of the case's faculty) or a central group member gives a task to someone else. */
  /** Whether the person may move the case's tasks to someone else: the faculty's representative and the central group. */
  mayReassign(principal: Principal, facultyId: string | undefined): boolean {
    return principal.grants.some((g) => g.role === 'central_group_member' || (g.role === 'faculty_representative' && g.facultyId === facultyId));
  }

  /**
   * Who may hold a rollout task: members of staff, that is everyone who is not only a student
   * (students sit in no decision of process A). The case page's picker offers exactly these.
   */
  async eligibleAssignees(): Promise<{ id: string; name: string }[]> {
    const people = await this.organisation.listPeopleWithRoles();
    return people.filter(({ roles }) => isStaff(roles)).map(({ person }) => ({ id: person.id, name: person.name }));
  }

  async reassign(principal: Principal, id: string, assigneeId: string) {
    const task = await this.find(id);
    const rollout = await this.rollouts.find(task.caseId);
    if (!this.mayReassign(principal, rollout?.facultyId)) throw new ForbiddenException('only the faculty representative or the central resource group can reassign a task');
    const person = await this.organisation.personWithGrants({ id: assigneeId });
    if (!person) throw new NotFoundException('no person with that assigneeId');
    if (!person.active) throw new ValidationFailed([{ field: 'assigneeId', problems: ['assigneeId is no longer active: the organisation import deactivated them'] }]);
    if (!isStaff(person.grants)) {
      throw new ValidationFailed([{ field: 'assigneeId', problems: ['assigneeId must be a member of staff: students hold no task of a rollout'] }]);
    }
    const handle = this.temporal.workflow.getHandle<typeof rolloutWorkflow>(task.workflowId);
    const state = await callWorkflow(() => handle.executeUpdate(reassignTaskUpdate, { args: [{ taskId: id, actorId: principal.personId, assigneeId }] }));
    return { id: state.taskId, assigneeId: state.assigneeId, status: state.status };
  }

  async names(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    return new Map((await this.db.getRepository(PersonEntity).findBy({ id: In(ids) })).map((p) => [p.id, p.name]));
  }
}
