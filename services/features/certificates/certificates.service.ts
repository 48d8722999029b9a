import { participationFromActivity } from '../../../workflows/domain/participation.js';
import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, HttpException, Inject, Injectable, NotFoundException, ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { DataSource, In, MoreThan, QueryFailedError } from 'typeorm';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';
import type { Principal } from '../auth/principal.js';
import { ValidationFailed } from '../../platform/http/errors.js';
import { idempotentRowId, idempotentUpdateId } from '../../platform/http/idempotency.js';
import { CertificateRepository } from './certificate.repository.js';
import { assertMayListCertificates, assertMayReadAgenda, assertMayReadCertificate, assertMayReviewReports, followsStudents, mayReadCertificate } from './certificate-access.js';
import { TimelineRepository } from '../timeline/timeline.repository.js';
import {
  ActivityProposalEntity,
  CatalogueActivityEntity,
  ParticipationEntity,
  PersonEntity,
  ProgrammeEntity,
  ReflectionReportEntity,
  ReviewMeetingEntity,
  TaskEntity,
  type CertificateEntity,
} from '../../platform/db/entities/index.js';
import { DiplomaService } from '../diplomas/diploma.service.js';
import { callWorkflow } from '../../platform/temporal/refusals.js';
import {
  type CertificateStage,
  type CertificateView,
  certificateViewQuery,
  proposeActivityUpdate,
  recordMilestoneUpdate,
  recordParticipationUpdate,
  reviewReportUpdate,
  submitReportUpdate,
  withdrawCertificateUpdate,
} from '../../../workflows/contracts/certificate.contract.js';
import type { certificateWorkflow } from '../../../workflows/certificate/certificate.workflow.js';
import { requirementStatus, type ChecklistItem } from '../../../workflows/domain/requirements.js';
import { certificateStartOptions, certificateTaskSubject, certificateWorkflowId } from '../../../workflows/contracts/ids.js';
import type { ParticipationDto, ProposalDto, ReviewDecisionDto } from './certificates.dto.js';


const KEY_REUSED = 'this Idempotency-Key was used for a different request';

/** The row a write is about to create: its id, and the row itself when a repeated Idempotency-Key finds it again. */
interface KeyedRow<R> {
  id: string;
  keyed: boolean;
  repeat: R | null;
}

/** Process B over HTTP: enrolment, participations, milestones, the report and its review, the diploma. */
@Injectable()
export class CertificatesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly temporal: Client,
    private readonly db: DataSource,
    private readonly certificates: CertificateRepository,
    private readonly timeline: TimelineRepository,
    private readonly diplomas: DiplomaService,
  ) {}

  private handle(c: CertificateEntity) {
    return this.temporal.workflow.getHandle<typeof certificateWorkflow>(c.workflowId);
  }

  async find(id: string): Promise<CertificateEntity> {
    const c = await this.certificates.find(id);
    if (!c) throw new NotFoundException(`no certificate with id ${id}`);
    return c;
  }

  /** Enrols the signed-in student; a repeat answers the open certificate (created: false). */
  async enrol(principal: Principal, programmeId: string, expectedEndOfStudies?: string) {
    const programme = await this.db.getRepository(ProgrammeEntity).findOneBy({ id: programmeId });
    if (!programme) throw new ValidationFailed([{ field: 'programmeId', problems: ['no programme with this id'] }]);
    if (!principal.grants.some((g) => g.role === 'student' && g.programmeId === programmeId)) throw new ForbiddenException('only students of the programme can enrol in its CIL');
    if (!programme.enrolmentOpen) throw new ConflictException(`${programme.code} is not open for CIL enrolment yet`);
    const existing = await this.certificates.active(principal.personId, programmeId);
    if (existing) {
      // A repeat also starts the workflow if the first call could not tell whether it had.
      if (existing.stage === 'collecting') await this.start(existing, programme.code, expectedEndOfStudies);
      return { id: existing.id, stage: existing.stage, created: false };
    }
    const id = randomUUID();
    const row = { id, workflowId: certificateWorkflowId(id), studentId: principal.personId, programmeId, stage: 'collecting' as const };
    try {
      await this.certificates.insert(row);
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505') {
        const raced = await this.certificates.active(principal.personId, programmeId);
        if (raced) return { id: raced.id, stage: raced.stage, created: false };
      }
      throw err;
    }
    await this.start(row, programme.code, expectedEndOfStudies);
    return { id, stage: 'collecting' as const, created: true };
  }

  /**
   * Starts a certificate's workflow; one that runs already is fine. When Temporal cannot be
   * reached the row stays and the answer is 503: the start may or may not have happened, and the
   * student's repeated enrolment makes sure of it.
   */
  private async start(c: Pick<CertificateEntity, 'id' | 'workflowId' | 'studentId' | 'programmeId'>, programmeCode: string, expectedEndOfStudies?: string): Promise<void> {
    try {
      const input = { certificateId: c.id, programmeId: c.programmeId, studentId: c.studentId, expectedEndOfStudies: expectedEndOfStudies ?? this.defaultEndOfStudies() };
      await this.temporal.workflow.start<typeof certificateWorkflow>('certificateWorkflow', {
        ...certificateStartOptions(input, programmeCode, this.config.temporal.taskQueue),
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return;
      throw new ServiceUnavailableException(`the certificate could not be started yet; enrol again to finish: ${(err as Error).message}`);
    }
  }

  private defaultEndOfStudies(): string {
    return new Date(Date.now() + this.config.certificates.studyDefaultYears * 365.25 * 86_400_000).toISOString().slice(0, 10);
  }

  mine(principal: Principal) {
    return this.certificates.forStudent(principal.personId).then((rows) => rows.map((c) => ({ id: c.id, stage: c.stage, programme: c.programme && { id: c.programme.id, code: c.programme.code, nameNb: c.programme.nameNb, nameEn: c.programme.nameEn }, createdAt: c.createdAt })));
  }

  /**
   * The workflow's view of a certificate whose read model has none yet: one that has taken no step
   * since the read model began to keep it. Every step writes it (CertificateSnapshot), so reads
   * answer from PostgreSQL.
   */
  private askWorkflow(c: CertificateEntity): Promise<CertificateView> {
    return callWorkflow(() => this.handle(c).query(certificateViewQuery));
  }

  /** The progress page's data: a checklist in plain words, participations, reports, timeline, diploma. */
  async get(principal: Principal, id: string) {
    const c = await this.find(id);
    assertMayReadCertificate(principal, c);
    const view = c.workflowView ?? (await this.askWorkflow(c));
    const status = requirementStatus({ participations: view.participations.map((p) => ({ ...p, confirmed: p.status === 'confirmed' })), careerCourse: view.careerCourse, presentation: view.presentation });
    const [rows, reports, timeline, diploma, activities] = await Promise.all([
      this.certificates.participations(id),
      this.certificates.reports(id),
      this.timeline.forCase(id),
      this.diplomas.forCertificate(id),
      this.db.getRepository(CatalogueActivityEntity).findBy({ programmeId: c.programmeId }),
    ]);
    const names = new Map(activities.map((a) => [a.id, a.name]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      id,
      stage: view.stage,
      programme: c.programme && { id: c.programme.id, code: c.programme.code, nameNb: c.programme.nameNb, nameEn: c.programme.nameEn },
      checklist: status.checklist.map((item) => ({ key: item.key, met: item.met, text: item.text })),
      requirementsMet: status.allMet,
      participations: view.participations.map((p) => {
        const row = byId.get(p.participationId);
        return {
          id: p.participationId,
          activityId: p.activityId,
          activityName: names.get(p.activityId),
          category: p.category,
          status: p.status,
          counts: status.counted.some((x) => x.participationId === p.participationId),
          notCountedReason: status.notCounted.find((x) => x.participationId === p.participationId)?.reason ?? null,
          startedOn: row?.startedOn,
          endedOn: row?.endedOn,
          description: row?.description,
          reflection: row?.reflection,
          evidenceUrl: row?.evidenceUrl,
        };
      }),
      careerCourse: view.careerCourse,
      presentation: view.presentation,
      reports: reports.map((r) => ({ id: r.id, round: r.round, status: r.status, meetingId: r.meetingId, comment: r.comment, submittedAt: r.submittedAt })),
      diploma: diploma && { verificationCode: diploma.verificationCode, verifyUrl: this.diplomas.verifyUrl(diploma.verificationCode), issuedAt: diploma.issuedAt, revoked: diploma.revokedAt !== null },
      // A participation's events name its activity (from the catalogue; never the student's text).
      timeline: timeline.map((e) => {
        const participationId = (e.data as { participationId?: unknown } | null)?.participationId;
        const activityId = typeof participationId === 'string' ? view.participations.find((p) => p.participationId === participationId)?.activityId : undefined;
        return { at: e.at, kind: e.kind, actorId: e.actorId, comment: e.comment, activityName: activityId ? (names.get(activityId) ?? null) : null };
      }),
    };
  }

  /**
   * A programme's certificates, for the local group's students page: each with its stage, what is
   * missing (the requirement's checklist, not met), its participations and the open tasks to
   * confirm them. The policy is that of reading a certificate (certificate-access.ts): the
   * programme's local group, not its student seat, and the central group; each row is one the
   * reader may read. Filtered by stage, and by what is missing.
   */
  async forProgramme(principal: Principal, programmeId: string, filter: { stage?: CertificateStage; missing?: ChecklistItem['key'] } = {}) {
    assertMayListCertificates(principal, programmeId);
    const certificates = (await this.certificates.forProgramme(programmeId, filter.stage)).filter((c) => mayReadCertificate(principal, c));
    const ids = certificates.map((c) => c.id);
    const [activities, tasks] = await Promise.all([
      this.db.getRepository(CatalogueActivityEntity).findBy({ programmeId }),
      ids.length ? this.db.getRepository(TaskEntity).find({ where: { caseId: In(ids), type: 'confirm_participation', status: 'open' }, order: { dueAt: 'ASC' } }) : Promise.resolve([]),
    ]);
    const assigneeIds = [...new Set(tasks.map((t) => t.assigneeId))];
    const assignees = new Map((assigneeIds.length ? await this.db.getRepository(PersonEntity).findBy({ id: In(assigneeIds) }) : []).map((p) => [p.id, p.name]));
    const activityName = new Map(activities.map((a) => [a.id, a.name]));
    const rows = await Promise.all(
      certificates.map(async (c) => {
        // What is confirmed and recorded lives in the workflow; a completed certificate met everything.
        // A view that cannot be read now leaves the row without it (known: false), not the page.
        const view: CertificateView | undefined = c.stage === 'completed' ? undefined : (c.workflowView ?? (await this.askWorkflow(c).catch(() => undefined)));
        const status = view && requirementStatus({ participations: view.participations.map((p) => ({ ...p, confirmed: p.status === 'confirmed' })), careerCourse: view.careerCourse, presentation: view.presentation });
        const participations = (view?.participations ?? []).map((p) => ({
          id: p.participationId,
          activityName: activityName.get(p.activityId) ?? p.activityId,
          category: p.category,
          status: p.status,
          counts: status?.counted.some((x) => x.participationId === p.participationId) ?? false,
        }));
        return {
          id: c.id,
          stage: view?.stage ?? c.stage,
          student: { id: c.studentId, name: c.student?.name ?? '', email: c.student?.email ?? '' },
          enrolledAt: c.createdAt,
          known: c.stage === 'completed' || view !== undefined,
          missing: (status?.checklist ?? []).filter((item) => !item.met).map((item) => ({ key: item.key, text: item.text })),
          careerCourse: c.stage === 'completed' || (view?.careerCourse ?? false),
          presentation: c.stage === 'completed' || (view?.presentation ?? false),
          participations,
          openTasks: tasks
            .filter((t) => t.caseId === c.id)
            .map((t) => {
              const participationId = certificateTaskSubject(t.id).participationId;
              return { id: t.id, participationId, activityName: participations.find((p) => p.id === participationId)?.activityName, assigneeId: t.assigneeId, assigneeName: assignees.get(t.assigneeId) ?? '', dueAt: t.dueAt };
            }),
        };
      }),
    );
    return filter.missing ? rows.filter((r) => r.missing.some((m) => m.key === filter.missing)) : rows;
  }

  async recordParticipation(principal: Principal, id: string, dto: ParticipationDto, idempotencyKey?: string) {
    const c = await this.find(id);
    if (c.studentId !== principal.personId) throw new ForbiddenException('only the student records their own participations');
    const activity = await this.db.getRepository(CatalogueActivityEntity).findOneBy({ id: dto.activityId, programmeId: c.programmeId, status: 'active' });
    if (!activity) throw new ValidationFailed([{ field: 'activityId', problems: ["activityId is not an active activity in the programme's catalogue"] }]);
    if (dto.reflection.trim().length < this.config.certificates.reflectionMinChars) {
      throw new ValidationFailed([{ field: 'reflection', problems: [`reflection must be at least ${this.config.certificates.reflectionMinChars} characters`] }]);
    }
    if (dto.endedOn < dto.startedOn) throw new ValidationFailed([{ field: 'endedOn', problems: ['endedOn must not be before startedOn'] }]);
    const row = await this.keyedRow('participation', principal, id, idempotencyKey, (rowId) => this.certificates.participation(rowId));
    const participationId = row.id;
    if (row.repeat && row.repeat.activityId !== activity.id) throw new UnprocessableEntityException(KEY_REUSED);
    if (!row.repeat) await this.certificates.addParticipation({
      id: participationId,
      certificateId: id,
      activityId: activity.id,
      startedOn: dto.startedOn,
      endedOn: dto.endedOn,
      description: dto.description,
      reflection: dto.reflection,
      evidenceUrl: dto.evidenceUrl ?? null,
      sessions: dto.sessions ?? null,
      semesters: dto.semesters ?? null,
    });
    const record = () =>
      this.handle(c).executeUpdate(recordParticipationUpdate, {
        updateId: `participation-${participationId}`,
        args: [
          {
            actorId: principal.personId,
            participation: participationFromActivity(participationId, activity, dto),
          },
        ],
      });
    const view = await this.orForget(ParticipationEntity, row, () => callWorkflow(record));
    return { participationId, stage: view.stage };
  }

  /**
   * The id of the row a write creates: new without an Idempotency-Key; with one, derived from the
   * person, the certificate and the key, so a repeat finds the row the first attempt wrote.
   */
  private async keyedRow<R>(scope: string, principal: Principal, certificateId: string, key: string | undefined, find: (id: string) => Promise<R | null>): Promise<KeyedRow<R>> {
    if (!key) return { id: randomUUID(), keyed: false, repeat: null };
    const id = idempotentRowId(scope, principal.personId, `${certificateId}:${key}`);
    return { id, keyed: true, repeat: await find(id) };
  }

  /**
   * Runs a workflow call for a row just written. If the workflow refuses it, the row goes again, so
   * no orphan stays behind. If the answer is in doubt (Temporal unreachable: the update may have
   * been taken), a keyed row stays for the client's retry with the same Idempotency-Key; an
   * unkeyed one goes, as the client has no way to ask again for the same row.
   */
  private async orForget<T>(entity: typeof ParticipationEntity | typeof ActivityProposalEntity | typeof ReflectionReportEntity, row: KeyedRow<unknown>, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const refused = err instanceof HttpException && err.getStatus() < 500;
      if (!row.repeat && (refused || !row.keyed)) await this.db.getRepository<{ id: string }>(entity).delete({ id: row.id });
      throw err;
    }
  }

  /** The student proposes an activity; it becomes a local-group task, and joins the catalogue if approved. */
  async propose(principal: Principal, id: string, dto: ProposalDto, idempotencyKey?: string) {
    const c = await this.find(id);
    if (c.studentId !== principal.personId) throw new ForbiddenException('only the student proposes activities on their certificate');
    const row = await this.keyedRow('proposal', principal, id, idempotencyKey, (rowId) => this.certificates.proposal(rowId));
    const proposalId = row.id;
    if (row.repeat && row.repeat.name !== dto.name) throw new UnprocessableEntityException(KEY_REUSED);
    if (!row.repeat) await this.certificates.addProposal({ id: proposalId, certificateId: id, programmeId: c.programmeId, name: dto.name, description: dto.description, category: dto.category, source: dto.source ?? null });
    await this.orForget(ActivityProposalEntity, row, () =>
      callWorkflow(() => this.handle(c).executeUpdate(proposeActivityUpdate, { updateId: `proposal-${proposalId}`, args: [{ actorId: principal.personId, proposalId }] })),
    );
    return { proposalId, status: 'open' as const };
  }

  async recordMilestone(principal: Principal, id: string, kind: 'career_course' | 'presentation', idempotencyKey?: string) {
    const c = await this.find(id);
    if (!followsStudents(principal, c.programmeId, ['administrative_resource', 'academic_coordinator'])) {
      throw new ForbiddenException("only the programme's administrative resource or academic coordinator records the course and the presentation");
    }
    const view = await callWorkflow(() => this.handle(c).executeUpdate(recordMilestoneUpdate, { updateId: idempotentUpdateId(`milestone-${kind}`, principal.personId, idempotencyKey), args: [{ actorId: principal.personId, kind }] }));
    return { id, stage: view.stage, careerCourse: view.careerCourse, presentation: view.presentation };
  }

  /** The report joins the agenda of the programme's next scheduled review meeting, or waits for the next one to be scheduled. */
  async submitReport(principal: Principal, id: string, text: string, idempotencyKey?: string) {
    const c = await this.find(id);
    if (c.studentId !== principal.personId) throw new ForbiddenException('only the student hands in their report');
    if (text.trim().length < this.config.certificates.reportMinChars) {
      throw new ValidationFailed([{ field: 'text', problems: [`text must be at least ${this.config.certificates.reportMinChars} characters`] }]);
    }
    const row = await this.keyedRow('report', principal, id, idempotencyKey, (rowId) => this.certificates.report(rowId));
    const { id: reportId, repeat } = row;
    if (repeat && repeat.text !== text) throw new UnprocessableEntityException(KEY_REUSED);
    const meeting = repeat
      ? repeat.meetingId
        ? await this.db.getRepository(ReviewMeetingEntity).findOneBy({ id: repeat.meetingId })
        : null
      : await this.db.getRepository(ReviewMeetingEntity).findOne({ where: { programmeId: c.programmeId, scheduledAt: MoreThan(new Date()) }, order: { scheduledAt: 'ASC' } });
    const round = repeat?.round ?? (await this.certificates.reports(id)).length + 1;
    if (!repeat) await this.certificates.addReport({ id: reportId, certificateId: id, round, text, meetingId: meeting?.id ?? null });
    const view = await this.orForget(ReflectionReportEntity, row, () =>
      callWorkflow(() => this.handle(c).executeUpdate(submitReportUpdate, { updateId: `report-${reportId}`, args: [{ actorId: principal.personId, reportId, ...(meeting ? { meetingId: meeting.id } : {}) }] })),
    );
    // Without a meeting the report waits: the next one the group schedules takes it (ProgrammeWorkService).
    return { reportId, round, stage: view.stage, meeting: meeting ? { id: meeting.id, scheduledAt: meeting.scheduledAt } : null };
  }

  async agenda(principal: Principal, meetingId: string) {
    const meeting = await this.db.getRepository(ReviewMeetingEntity).findOneBy({ id: meetingId });
    if (!meeting) throw new NotFoundException('no such review meeting');
    assertMayReadAgenda(principal, meeting.programmeId);
    const reports = await this.certificates.agenda(meetingId);
    return { meeting: { id: meeting.id, scheduledAt: meeting.scheduledAt, semester: meeting.semester }, reports: reports.map((r) => ({ reportId: r.id, certificateId: r.certificateId, round: r.round, status: r.status, text: r.text })) };
  }

  async review(principal: Principal, meetingId: string, dto: ReviewDecisionDto, idempotencyKey?: string) {
    const c = await this.find(dto.certificateId);
    // Outsiders are refused before the workflow says whether a report awaits review.
    assertMayReviewReports(principal, c.programmeId);
    const view = await callWorkflow(() => this.handle(c).executeUpdate(reviewReportUpdate, { updateId: idempotentUpdateId(`review-${meetingId}`, principal.personId, idempotencyKey), args: [{ actorId: principal.personId, meetingId, outcome: dto.outcome, comment: dto.comment }] }));
    await this.certificates.decideReport(c.id, meetingId, dto.outcome === 'approve' ? 'approved' : 'revise', dto.comment ?? null);
    return { certificateId: c.id, stage: view.stage };
  }

  async withdraw(principal: Principal, id: string, reason?: string) {
    const c = await this.find(id);
    const view = await callWorkflow(() => this.handle(c).executeUpdate(withdrawCertificateUpdate, { args: [{ actorId: principal.personId, reason }] }));
    return { id, stage: view.stage };
  }

  async diploma(principal: Principal, id: string) {
    const c = await this.find(id);
    assertMayReadCertificate(principal, c);
    const diploma = await this.diplomas.forCertificate(id);
    if (!diploma) throw new NotFoundException('no diploma has been issued for this certificate');
    return diploma;
  }
}
