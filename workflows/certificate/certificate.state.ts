import { stateKey } from '../contracts/temporal.js';
import { refusal } from '../contracts/refusals.js';
import { confirmationTaskId, proposalTaskId } from '../contracts/ids.js';
import type { DecideTaskResult } from '../contracts/tasks.contract.js';
import {
  runEffects,
  type CertificateActivities,
  type CertificateEffect,
  type CertificateCarry,
  type CertificateSnapshot,
  type CertificateInput,
  type CertificateMailKind,
  type CertificateStage,
  type CertificateView,
  type ExternalEvent,
  type NewParticipation,
  type Participation,
  type Proposal,
} from '../contracts/certificate.contract.js';
import { requirementStatus } from '../domain/requirements.js';
import type { CaseSideEffects } from '../shared/side-effects.js';

const OPEN_FOR_ACTIVITIES: readonly CertificateStage[] = ['collecting', 'report_due', 'in_review'];

export interface CertificateSideEffects extends CaseSideEffects<CertificateActivities> {
  /** The diploma (a PDF and a signed credential): the one slow step, always a regular activity. */
  diplomas: Pick<CertificateActivities, 'issueDiploma'>;
  /**
   * A step's side effects run as one activity (certificateStep) in runs that carry the patch; a
   * run from before it calls one activity per effect, as its history recorded.
   */
  batched?: boolean;
}

/** The certificate's data: its carry, with every list present. */
type CertificateData = CertificateCarry & { proposals: Proposal[] };

interface CertificateEvent {
  key: string;
  kind: string;
  actorId?: string;
  comment?: string;
  data?: Record<string, unknown>;
}

interface TaskDecisionRequest {
  taskId: string;
  actorId: string;
  decision: unknown;
}

/** Refuses a decision on a certificate task unless it has one of the task's two outcomes (and a reason to reject). */
function refuseOutcome(decision: unknown, outcomes: readonly [string, string]) {
  const d = (decision ?? {}) as { outcome?: string; reason?: string };
  if (!outcomes.includes(d.outcome ?? '')) throw refusal({ kind: 'invalid', field: 'outcome', message: `outcome must be ${outcomes[0]} or ${outcomes[1]}` });
  if (d.outcome === 'reject' && !d.reason?.trim()) throw refusal({ kind: 'invalid', field: 'reason', message: 'reason is required to reject' });
}

/**
 * One student's certificate: its data (one plain object, which is the carry over a continue-as-new
 * and what the view shows), the rules of its messages, and the side effects each step has. The
 * workflow only routes messages here and waits.
 */
export class CertificateCase {
  private readonly data: CertificateData;
  // What one run knows and does not carry.
  /** Bumped by every fact and decision: what "inactive" is measured against. */
  private progress = 0;
  private closingIncomplete = false;
  private confirmerId = '';
  private groupMemberIds: string[] = [];
  private withdrawal?: { actorId: string; reason?: string };
  private review?: { outcome: 'approve' | 'revise'; actorId: string; comment?: string };
  /** Side effects of handlers run in order, after the participants are known. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly input: CertificateInput,
    private readonly workflowId: string,
    private readonly fx: CertificateSideEffects,
    carry?: CertificateCarry,
  ) {
    this.data = {
      stage: carry?.stage ?? 'collecting',
      participations: [...(carry?.participations ?? [])],
      careerCourse: carry?.careerCourse ?? false,
      presentation: carry?.presentation ?? false,
      reportRound: carry?.reportRound ?? 0,
      reviewMeetingId: carry?.reviewMeetingId,
      seenEvents: [...new Set(carry?.seenEvents ?? [])],
      notices: carry?.notices ?? 0,
      proposals: [...(carry?.proposals ?? [])],
      ...(carry?.confirmerChanges ? { confirmerChanges: carry.confirmerChanges } : {}),
    };
  }

  get stage(): CertificateStage {
    return this.data.stage;
  }

  /** The side effects queued so far, done. */
  get pending(): Promise<void> {
    return this.queue;
  }

  get withdrawalRequested(): boolean {
    return this.withdrawal !== undefined;
  }

  get reviewRequested(): boolean {
    return this.review !== undefined;
  }

  /** The inactivity watch found nothing happened within the grace period. */
  get inactive(): boolean {
    return this.closingIncomplete;
  }

  view(): CertificateView {
    const { certificateId, programmeId, studentId } = this.input;
    const { stage, participations, careerCourse, presentation, reportRound, reviewMeetingId, proposals } = this.data;
    return { certificateId, programmeId, studentId, stage, participations: [...participations], careerCourse, presentation, reportRound, reviewMeetingId, proposals: [...proposals] };
  }

  carry(): CertificateCarry {
    const { participations, seenEvents, proposals } = this.data;
    return { ...this.data, participations: [...participations], seenEvents: seenEvents.slice(-500), proposals: [...proposals] };
  }

  status() {
    return requirementStatus({ participations: this.data.participations.map((p) => ({ ...p, confirmed: p.status === 'confirmed' })), careerCourse: this.data.careerCourse, presentation: this.data.presentation });
  }

  /** Everything is met while collecting: the report is due. */
  requirementsMet(): boolean {
    return this.stage === 'collecting' && this.status().allMet;
  }

  private participation(participationId: string | undefined): Participation | undefined {
    return this.data.participations.find((p) => p.participationId === participationId);
  }

  private putParticipation(p: Participation) {
    const at = this.data.participations.findIndex((q) => q.participationId === p.participationId);
    if (at < 0) this.data.participations.push(p);
    else this.data.participations[at] = p;
  }

  private proposal(taskId: string): Proposal | undefined {
    return this.data.proposals.find((p) => p.taskId === taskId);
  }

  private putProposal(p: Proposal) {
    const at = this.data.proposals.findIndex((q) => q.taskId === p.taskId);
    if (at < 0) this.data.proposals.push(p);
    else this.data.proposals[at] = p;
  }

  /** Looks up who confirms and who reviews; the handlers' side effects wait for it. */
  lookUpParticipants() {
    this.queue = this.fx.acts.resolveCertificateParticipants({ programmeId: this.input.programmeId }).then((found) => {
      this.confirmerId = found.confirmerId;
      this.groupMemberIds = found.groupMemberIds;
    });
  }

  private later(fn: () => Promise<unknown>) {
    this.queue = this.queue.then(fn).then(() => undefined);
    return this.queue;
  }

  notify(key: string, kind: CertificateMailKind, to: string[], taskId?: string, comment?: string) {
    return this.fx.acts.notifyCertificate(this.mail(key, kind, to, taskId, comment));
  }

  private mail(key: string, kind: CertificateMailKind, to: string[], taskId?: string, comment?: string) {
    return { key: `${this.workflowId}:${key}`, kind, certificateId: this.input.certificateId, to, taskId, comment };
  }

  /** A step's side effects, in order: one activity in a batched run, else one activity each (as recorded before). */
  private async apply(effects: CertificateEffect[]): Promise<void> {
    const recorded = effects.map((e) => ('record' in e ? { record: { ...e.record, snapshot: this.snapshot() } } : e));
    if (this.fx.batched) {
      await this.fx.acts.certificateStep({ effects: recorded });
      return;
    }
    await runEffects(this.fx.acts, recorded);
  }

  /** The view as it is now, numbered: each timeline record carries one to the read model. */
  snapshot(): CertificateSnapshot {
    this.data.snapshots = (this.data.snapshots ?? 0) + 1;
    return { version: this.data.snapshots, view: this.view() };
  }

  async setStage(next: CertificateStage, event?: CertificateEvent) {
    this.data.stage = next;
    this.fx.upsertSearchAttributes([{ key: stateKey, value: next }]);
    await this.fx.acts.recordCertificate({ certificateId: this.input.certificateId, stage: next, event, snapshot: this.snapshot() });
  }

  private record(event: CertificateEvent) {
    return this.fx.acts.recordCertificate({ certificateId: this.input.certificateId, event, snapshot: this.snapshot() });
  }

  private refuseUnlessOpen() {
    if (!OPEN_FOR_ACTIVITIES.includes(this.stage)) throw refusal({ kind: 'conflict', message: `the certificate is ${this.stage}` });
  }

  // recordParticipation

  refuseParticipation({ actorId, participation }: { actorId: string; participation: { participationId: string; category: string } }) {
    if (actorId !== this.input.studentId) throw refusal({ kind: 'forbidden', message: 'only the student records their own participations' });
    this.refuseUnlessOpen();
    if (this.participation(participation.participationId)) throw refusal({ kind: 'conflict', message: 'this participation is already recorded' });
    if (participation.category !== 'home' && participation.category !== 'abroad') throw refusal({ kind: 'invalid', field: 'category', message: 'category must be home or abroad' });
  }

  async recordParticipation({ actorId, participation }: { actorId: string; participation: NewParticipation }): Promise<CertificateView> {
    this.progress++;
    const p: Participation = { ...participation, status: 'awaiting_confirmation' };
    this.putParticipation(p);
    const taskId = confirmationTaskId(this.workflowId, p.participationId);
    p.taskId = taskId;
    await this.later(() =>
      this.apply([
        { openTask: { taskId, caseType: 'certificate', caseId: this.input.certificateId, workflowId: this.workflowId, type: 'confirm_participation', assigneeId: this.confirmerId } },
        { notify: this.mail(`confirm:${p.participationId}:assigned`, 'task_assigned', [this.confirmerId], taskId) },
        { record: { certificateId: this.input.certificateId, event: { key: `participation:${p.participationId}`, kind: 'participation.recorded', actorId, data: { participationId: p.participationId, activityId: p.activityId } } } },
      ]),
    );
    return this.view();
  }

  // decideTask: a participation's confirmation, or a proposal's assessment

  refuseDecision({ taskId, actorId, decision }: TaskDecisionRequest) {
    const proposal = this.proposal(taskId);
    if (proposal) {
      if (proposal.status !== 'open') throw refusal({ kind: 'conflict', message: 'this proposal is already decided' });
    } else {
      const p = this.data.participations.find((q) => q.taskId === taskId);
      if (!p) throw refusal({ kind: 'not_found', message: 'no such task on this certificate' });
      if (p.status !== 'awaiting_confirmation') throw refusal({ kind: 'conflict', message: 'this participation is already decided' });
    }
    if (actorId !== this.confirmerId) throw refusal({ kind: 'forbidden', message: 'only the person the task is assigned to can decide it' });
    refuseOutcome(decision, proposal ? ['approve', 'reject'] : ['confirm', 'reject']);
  }

  async decide({ taskId, actorId, decision }: TaskDecisionRequest): Promise<DecideTaskResult> {
    this.refuseDecision({ taskId, actorId, decision });
    this.progress++;
    const { studentId } = this.input;
    const proposal = this.proposal(taskId);
    if (proposal) {
      const d = decision as { outcome: 'approve' | 'reject'; reason?: string };
      proposal.status = d.outcome === 'approve' ? 'approved' : 'rejected';
      await this.later(() =>
        this.apply([
          { closeTask: { taskId, status: 'done', decidedBy: actorId, decision } },
          { settleProposal: { proposalId: proposal.proposalId, approved: d.outcome === 'approve', decidedBy: actorId } },
          { notify: this.mail(`proposal:${proposal.proposalId}:${d.outcome}`, d.outcome === 'approve' ? 'proposal_approved' : 'proposal_rejected', [studentId], taskId, d.reason) },
          { record: { certificateId: this.input.certificateId, event: { key: `${taskId}:decided`, kind: `proposal.${proposal.status}`, actorId, comment: d.reason, data: { proposalId: proposal.proposalId } } } },
        ]),
      );
      return { taskId, outcome: d.outcome };
    }
    const p = this.data.participations.find((q) => q.taskId === taskId)!;
    const d = decision as { outcome: 'confirm' | 'reject'; reason?: string };
    p.status = d.outcome === 'confirm' ? 'confirmed' : 'rejected';
    p.confirmedBy = actorId;
    await this.later(() =>
      this.apply([
        { closeTask: { taskId, status: 'done', decidedBy: actorId, decision } },
        { notify: this.mail(`confirm:${p.participationId}:${d.outcome}`, d.outcome === 'confirm' ? 'participation_confirmed' : 'participation_rejected', [studentId], taskId) },
        { record: { certificateId: this.input.certificateId, event: { key: `${taskId}:decided`, kind: `participation.${d.outcome === 'confirm' ? 'confirmed' : 'rejected'}`, actorId, comment: d.reason, data: { participationId: p.participationId } } } },
      ]),
    );
    return { taskId, outcome: d.outcome };
  }

  // externalEvent

  /** A fact from another system; a repeat, or one after the certificate closed, is ignored. */
  externalEvent(event: ExternalEvent) {
    if (this.data.seenEvents.includes(event.key) || !OPEN_FOR_ACTIVITIES.includes(this.stage)) return;
    this.data.seenEvents.push(event.key);
    this.progress++;
    const by = `event:${event.source}`;
    if (event.type === 'career_course_completed') this.data.careerCourse = true;
    else if (event.type === 'presentation_held') this.data.presentation = true;
    else {
      const existing = event.participationId ? this.participation(event.participationId) : undefined;
      if (existing) {
        existing.status = 'confirmed';
        existing.confirmedBy = by;
        if (event.sessions != null) existing.sessions = event.sessions;
        if (event.semesters != null) existing.semesters = event.semesters;
        if (existing.taskId) void this.later(() => this.fx.acts.closeTask({ taskId: existing.taskId!, status: 'cancelled' }));
      } else if (event.activityId && event.category) {
        const participationId = event.participationId ?? `event-${event.key}`;
        this.putParticipation({
          participationId,
          activityId: event.activityId,
          category: event.category,
          minimumSessions: event.minimumSessions ?? null,
          minimumSemesters: event.minimumSemesters ?? null,
          sessions: event.sessions ?? null,
          semesters: event.semesters ?? null,
          status: 'confirmed',
          confirmedBy: by,
        });
      }
    }
    void this.later(() => this.record({ key: `event:${event.key}`, kind: `event.${event.type}`, data: { source: event.source } }));
  }

  // proposeActivity

  refuseProposal({ actorId, proposalId }: { actorId: string; proposalId: string }) {
    if (actorId !== this.input.studentId) throw refusal({ kind: 'forbidden', message: 'only the student proposes activities on their certificate' });
    this.refuseUnlessOpen();
    if (this.data.proposals.some((p) => p.proposalId === proposalId)) throw refusal({ kind: 'conflict', message: 'this proposal is already submitted' });
  }

  async propose({ actorId, proposalId }: { actorId: string; proposalId: string }): Promise<CertificateView> {
    this.progress++;
    const taskId = proposalTaskId(this.workflowId, proposalId);
    this.putProposal({ proposalId, taskId, status: 'open' });
    await this.later(() =>
      this.apply([
        { openTask: { taskId, caseType: 'certificate', caseId: this.input.certificateId, workflowId: this.workflowId, type: 'assess_activity_proposal', assigneeId: this.confirmerId } },
        { notify: this.mail(`proposal:${proposalId}:assigned`, 'proposal_task', [this.confirmerId], taskId) },
        { record: { certificateId: this.input.certificateId, event: { key: `proposal:${proposalId}`, kind: 'proposal.submitted', actorId, data: { proposalId } } } },
      ]),
    );
    return this.view();
  }

  // reassignConfirmer

  refuseConfirmerChange({ assigneeId }: { assigneeId: string }) {
    if (typeof assigneeId !== 'string' || !assigneeId) throw refusal({ kind: 'invalid', field: 'assigneeId', message: 'assigneeId is required' });
  }

  async reassignConfirmer({ assigneeId, actorId }: { assigneeId: string; actorId?: string }): Promise<{ moved: string[] }> {
    await this.queue; // who confirms is known
    const previous = this.confirmerId;
    if (previous === assigneeId) return { moved: [] };
    this.confirmerId = assigneeId;
    this.data.confirmerChanges = (this.data.confirmerChanges ?? 0) + 1;
    const change = this.data.confirmerChanges;
    const moved = [
      ...this.data.participations.flatMap((p) => (p.status === 'awaiting_confirmation' && p.taskId ? [p.taskId] : [])),
      ...this.data.proposals.flatMap((p) => (p.status === 'open' ? [p.taskId] : [])),
    ];
    await this.later(async () => {
      for (const taskId of moved) {
        await this.fx.acts.reassignTaskRow({ taskId, assigneeId });
        await this.notify(`${taskId}:confirmer-${change}`, 'task_assigned', [assigneeId], taskId);
      }
      await this.record({ key: `confirmer-${change}`, kind: 'task.reassigned', actorId, data: { from: previous, to: assigneeId, tasks: moved } });
    });
    return { moved };
  }

  // recordMilestone

  refuseMilestone({ kind }: { kind: string }) {
    this.refuseUnlessOpen();
    if (kind !== 'career_course' && kind !== 'presentation') throw refusal({ kind: 'invalid', field: 'kind', message: 'kind must be career_course or presentation' });
  }

  async recordMilestone({ actorId, kind }: { actorId: string; kind: 'career_course' | 'presentation' }): Promise<CertificateView> {
    this.progress++;
    if (kind === 'career_course') this.data.careerCourse = true;
    else this.data.presentation = true;
    await this.later(() => this.record({ key: `milestone:${kind}`, kind: `milestone.${kind}`, actorId }));
    return this.view();
  }

  // submitReport

  refuseReport({ actorId }: { actorId: string }) {
    if (actorId !== this.input.studentId) throw refusal({ kind: 'forbidden', message: 'only the student hands in their report' });
    if (this.stage !== 'report_due') {
      throw refusal({ kind: 'conflict', message: this.stage === 'collecting' ? 'the report can be handed in once the activities, the career course and the presentation are all met' : `the certificate is ${this.stage}` });
    }
  }

  async submitReport({ actorId, reportId, meetingId }: { actorId: string; reportId: string; meetingId?: string }): Promise<CertificateView> {
    this.progress++;
    this.data.reportRound += 1;
    this.data.reviewMeetingId = meetingId;
    this.groupMemberIds = (await this.fx.acts.resolveCertificateParticipants({ programmeId: this.input.programmeId })).groupMemberIds;
    const { reportRound } = this.data;
    await this.setStage('in_review', { key: `report:${reportRound}`, kind: 'report.submitted', actorId, data: { reportId, meetingId, round: reportRound } });
    // No meeting scheduled yet: the group hears that a report waits for one.
    if (!meetingId) await this.notify(`report:${reportRound}:waiting`, 'report_waiting', this.groupMemberIds);
    return this.view();
  }

  /** A meeting was scheduled for a report that waited: the group decides on it there. */
  reportOnAgenda({ meetingId }: { reportId: string; meetingId: string }) {
    if (this.stage === 'in_review' && !this.data.reviewMeetingId) this.data.reviewMeetingId = meetingId;
  }

  // reviewReport

  refuseReview({ actorId, meetingId, outcome, comment }: { actorId: string; meetingId: string; outcome: string; comment?: string }) {
    if (this.stage !== 'in_review' || this.review) throw refusal({ kind: 'conflict', message: 'no report of this certificate awaits review' });
    if (meetingId !== this.data.reviewMeetingId) throw refusal({ kind: 'conflict', message: 'the report is not on this meeting’s agenda' });
    if (!this.groupMemberIds.includes(actorId)) throw refusal({ kind: 'forbidden', message: "only the programme's local group decides on reports" });
    if (outcome !== 'approve' && outcome !== 'revise') throw refusal({ kind: 'invalid', field: 'outcome', message: 'outcome must be approve or revise' });
    if (outcome === 'revise' && !comment?.trim()) throw refusal({ kind: 'invalid', field: 'comment', message: 'comment is required to ask for a revision' });
  }

  requestReview({ actorId, outcome, comment }: { actorId: string; outcome: 'approve' | 'revise'; comment?: string }) {
    this.review = { actorId, outcome, comment };
  }

  /** The review asked for has been acted on. */
  reviewSettled(): boolean {
    return this.review === undefined || this.stage === 'completed';
  }

  /** Acts on the local group's review: the diploma (answers true: the certificate is completed), or the report back to the student. */
  async actOnReview(): Promise<boolean> {
    const r = this.review!;
    const { studentId } = this.input;
    if (r.outcome === 'approve') {
      await this.record({ key: `review:${this.data.reportRound}`, kind: 'report.approved', actorId: r.actorId });
      const counted = this.status().counted.map((c) => ({ participationId: c.participationId ?? '', activityId: c.activityId }));
      const { verificationCode } = await this.fx.diplomas.issueDiploma({ certificateId: this.input.certificateId, counted });
      await this.setStage('completed', { key: 'diploma', kind: 'diploma.issued', data: { verificationCode } });
      await this.notify('diploma', 'diploma_issued', [studentId]);
      this.review = undefined;
      return true;
    }
    await this.setStage('report_due', { key: `review:${this.data.reportRound}`, kind: 'report.revise', actorId: r.actorId, comment: r.comment });
    await this.notify(`review:${this.data.reportRound}:revise`, 'report_revise', [studentId], undefined, r.comment);
    this.data.reviewMeetingId = undefined;
    this.review = undefined;
    return false;
  }

  // withdrawCertificate

  refuseWithdrawal({ actorId }: { actorId: string }) {
    if (actorId !== this.input.studentId) throw refusal({ kind: 'forbidden', message: 'only the student can withdraw' });
    if (!OPEN_FOR_ACTIVITIES.includes(this.stage) || this.withdrawal) throw refusal({ kind: 'conflict', message: `the certificate is ${this.stage}` });
  }

  requestWithdrawal(request: { actorId: string; reason?: string }) {
    this.withdrawal ??= request;
  }

  async withdraw() {
    await this.cancelOpenTasks();
    await this.setStage('withdrawn', { key: 'withdrawn', kind: 'certificate.withdrawn', actorId: this.withdrawal!.actorId, comment: this.withdrawal!.reason });
    await this.notify('withdrawn', 'withdrawn', [this.input.studentId]);
  }

  // The end of studies

  /** The final reflection report is asked for, once everything is met. */
  async askForReport() {
    await this.setStage('report_due', { key: 'requirements-met', kind: 'requirements.met' });
    await this.notify('report-due', 'report_due', [this.input.studentId]);
  }

  /**
   * Past the expected end of studies, an unfinished enrolment gets a notice; if nothing happens
   * within the grace period it is closed as incomplete (see `inactive`; nothing is deleted).
   */
  async watchInactivity(clock: { msUntilEnd: number; graceMs: number }) {
    const settled = () => !OPEN_FOR_ACTIVITIES.includes(this.stage) || this.stage === 'in_review';
    await this.fx.sleep(clock.msUntilEnd);
    for (;;) {
      if (settled()) return;
      const seen = this.progress;
      this.data.notices += 1;
      await this.notify(`inactivity-notice-${this.data.notices}`, 'inactivity_notice', [this.input.studentId]);
      await this.fx.sleep(clock.graceMs);
      if (settled()) return;
      if (this.progress === seen) {
        this.closingIncomplete = true;
        return;
      }
    }
  }

  async closeIncomplete() {
    await this.cancelOpenTasks();
    await this.setStage('closed_incomplete', { key: 'closed-incomplete', kind: 'certificate.closed_incomplete' });
    await this.notify('closed-incomplete', 'closed_incomplete', [this.input.studentId]);
  }

  private async cancelOpenTasks() {
    for (const p of this.data.participations) {
      if (p.status === 'awaiting_confirmation' && p.taskId) await this.fx.acts.closeTask({ taskId: p.taskId, status: 'cancelled' });
    }
    for (const p of this.data.proposals) {
      if (p.status === 'open') await this.fx.acts.closeTask({ taskId: p.taskId, status: 'cancelled' });
    }
  }
}
