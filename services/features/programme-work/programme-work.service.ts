import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { ValidationFailed } from '../../platform/http/errors.js';
import { CatalogueRepository } from './catalogue.repository.js';
import { LocalGroupRepository } from '../rollouts/local-group.repository.js';
import { RolloutRepository } from '../rollouts/rollout.repository.js';
import { ProgrammeEntity } from '../../platform/db/entities/index.js';
import { callWorkflow } from '../../platform/temporal/refusals.js';
import { publishCatalogueUpdate, reviewMeetingScheduledSignal } from '../../../workflows/contracts/rollout.contract.js';
import type { rolloutWorkflow } from '../../../workflows/rollout/rollout.workflow.js';
import { CertificateRepository } from '../certificates/certificate.repository.js';
import { reportOnAgendaSignal } from '../../../workflows/contracts/certificate.contract.js';
import { certificateWorkflowId } from '../../../workflows/contracts/ids.js';
import type { ActivityMinimumsDto, CatalogueActivityDto, DevelopmentRecordDto, ReviewMeetingDto } from './programme-work.dto.js';

/** Semester of a moment: `YYYY-spring` (January–June) or `YYYY-autumn`, in Norwegian time. */
export function semesterOf(at: Date): string {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit' }).format(at).split('-').map(Number);
  return `${year}-${month <= 6 ? 'spring' : 'autumn'}`;
}

export const MAX_REVIEW_MEETINGS_PER_SEMESTER = 2;

/** The local group's work on its programme: the catalogue, development records, publishing, review meetings. */
@Injectable()
export class ProgrammeWorkService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly temporal: Client,
    private readonly db: DataSource,
    private readonly catalogue: CatalogueRepository,
    private readonly localGroups: LocalGroupRepository,
    private readonly rollouts: RolloutRepository,
    private readonly certificates: CertificateRepository,
  ) {}

  private async programme(id: string): Promise<ProgrammeEntity> {
    const programme = await this.db.getRepository(ProgrammeEntity).findOneBy({ id });
    if (!programme) throw new NotFoundException(`no programme with id ${id}`);
    return programme;
  }

  /** Local group members of the programme (and the central group, who support every programme). */
  /** The programme's work (catalogue, development, publishing, meetings) is its local group's, and the central group's. */
  async assertGroupMember(principal: Principal, programmeId: string): Promise<void> {
    if (principal.grants.some((g) => g.role === 'central_group_member')) return;
    if (!(await this.localGroups.isMember(programmeId, principal.personId))) {
      throw new ForbiddenException("only members of the programme's local resource group can do this");
    }
  }

  async listCatalogue(programmeId: string, includeRetired: boolean) {
    await this.programme(programmeId);
    return this.catalogue.activities(programmeId, includeRetired);
  }

  async addActivity(principal: Principal, programmeId: string, dto: CatalogueActivityDto) {
    await this.programme(programmeId);
    await this.assertGroupMember(principal, programmeId);
    return this.catalogue.addActivity({
      programmeId,
      name: dto.name,
      description: dto.description,
      category: dto.category,
      minimumSessions: dto.minimumSessions ?? null,
      minimumSemesters: dto.minimumSemesters ?? null,
      source: dto.source ?? null,
      createdBy: principal.personId,
    });
  }

  /** Changes an activity's minimums (sessions, semesters); a minimum not given is removed. */
  async changeMinimums(principal: Principal, programmeId: string, activityId: string, dto: ActivityMinimumsDto) {
    await this.assertGroupMember(principal, programmeId);
    const activity = await this.catalogue.findActivity(programmeId, activityId);
    if (!activity) throw new NotFoundException('no such activity in this programme’s catalogue');
    const minimums = { minimumSessions: dto.minimumSessions ?? null, minimumSemesters: dto.minimumSemesters ?? null };
    if (activity.status === 'retired' || !(await this.catalogue.setMinimums(activityId, minimums))) throw new ConflictException('the activity is retired: its minimums cannot be changed');
    return { ...activity, ...minimums };
  }

  async retireActivity(principal: Principal, programmeId: string, activityId: string) {
    await this.assertGroupMember(principal, programmeId);
    const activity = await this.catalogue.findActivity(programmeId, activityId);
    if (!activity) throw new NotFoundException('no such activity in this programme’s catalogue');
    if (activity.status === 'retired') throw new ConflictException('the activity is already retired');
    await this.catalogue.retireActivity(activityId);
    return { ...activity, status: 'retired' as const };
  }

  async addDevelopmentRecord(principal: Principal, programmeId: string, dto: DevelopmentRecordDto) {
    await this.programme(programmeId);
    await this.assertGroupMember(principal, programmeId);
    return this.catalogue.addDevelopmentRecord({ programmeId, kind: dto.kind, heldOn: dto.heldOn, attendees: dto.attendees, outcome: dto.outcome, recordedBy: principal.personId });
  }

  async developmentRecords(programmeId: string) {
    await this.programme(programmeId);
    return this.catalogue.developmentRecords(programmeId);
  }

  /** Publishing the catalogue opens the programme for enrolment (the rollout workflow decides). */
  async publish(principal: Principal, programmeId: string) {
    await this.programme(programmeId);
    await this.assertGroupMember(principal, programmeId);
    const rollout = await this.rollouts.activeFor(programmeId);
    if (!rollout) throw new ConflictException('the programme has no rollout in development');
    const counts = await this.catalogue.counts(programmeId);
    const handle = this.temporal.workflow.getHandle<typeof rolloutWorkflow>(rollout.workflowId);
    const view = await callWorkflow(() =>
      handle.executeUpdate(publishCatalogueUpdate, { args: [{ actorId: principal.personId, homeActivities: counts.home, abroadActivities: counts.abroad }] }),
    );
    return { programmeId, rolloutId: rollout.id, state: view.stage, enrolmentOpen: view.stage === 'open', catalogue: counts };
  }

  async scheduleReviewMeeting(principal: Principal, programmeId: string, dto: ReviewMeetingDto) {
    await this.programme(programmeId);
    await this.assertGroupMember(principal, programmeId);
    const scheduledAt = new Date(dto.scheduledAt);
    if (scheduledAt.getTime() < Date.now()) throw new ValidationFailed([{ field: 'scheduledAt', problems: ['scheduledAt must be in the future'] }]);
    const semester = semesterOf(scheduledAt);
    const same = (await this.catalogue.reviewMeetings(programmeId)).filter((m) => m.semester === semester);
    if (same.length >= MAX_REVIEW_MEETINGS_PER_SEMESTER) {
      throw new ConflictException(`the local group already has ${same.length} review meetings in ${semester} (1–2 per semester)`);
    }
    const meeting = await this.catalogue.addReviewMeeting({ programmeId, scheduledAt, semester, location: dto.location ?? null, createdBy: principal.personId });
    // Reports handed in while no meeting was scheduled go on this one's agenda (before the agenda is sent, which reads them).
    for (const waiting of await this.certificates.waitingReports(programmeId)) {
      await this.certificates.putOnAgenda(waiting.id, meeting.id);
      await callWorkflow(() => this.temporal.workflow.getHandle(certificateWorkflowId(waiting.certificateId)).signal(reportOnAgendaSignal, { reportId: waiting.id, meetingId: meeting.id }));
    }
    // The programme's rollout (its long-lived case) sends the agenda to the group ahead of the meeting.
    const rollout = await this.rollouts.activeFor(programmeId);
    if (rollout) {
      const agendaAt = new Date(scheduledAt.getTime() - this.config.certificates.agendaDaysBefore * 86_400_000).toISOString();
      await callWorkflow(() => this.temporal.workflow.getHandle<typeof rolloutWorkflow>(rollout.workflowId).signal(reviewMeetingScheduledSignal, { meetingId: meeting.id, agendaAt }));
    }
    return meeting;
  }

  async reviewMeetings(programmeId: string) {
    await this.programme(programmeId);
    return this.catalogue.reviewMeetings(programmeId);
  }
}
