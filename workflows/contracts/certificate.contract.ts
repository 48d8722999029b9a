import type { Category } from '../domain/requirements.js';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TaskActivities, TaskClose, TaskSpec } from './tasks.contract.js';

export interface CertificateInput {
  certificateId: string;
  programmeId: string;
  studentId: string;
  /** YYYY-MM-DD: after it, an unfinished enrolment gets a notice, then is closed as incomplete. */
  expectedEndOfStudies: string;
}

export const CERTIFICATE_STAGES = [
  'collecting', // activities, career course, presentation
  'report_due', // everything met: the final reflection report is asked for
  'in_review', // the report is on a review meeting's agenda
  'completed', // approved; diploma issued
  'withdrawn',
  'closed_incomplete',
] as const;
export type CertificateStage = (typeof CERTIFICATE_STAGES)[number];

/** A participation as the workflow knows it: ids and numbers only (texts stay in the database). */
export interface Participation {
  participationId: string;
  activityId: string;
  category: Category;
  minimumSessions: number | null;
  minimumSemesters: number | null;
  sessions: number | null;
  semesters: number | null;
  status: 'awaiting_confirmation' | 'confirmed' | 'rejected';
  /** A person id, or `event:<source>`. */
  confirmedBy?: string;
  taskId?: string;
}

export type ExternalEventType = 'activity_completed' | 'exchange_completed' | 'career_course_completed' | 'presentation_held';

/** A fact from another system, already authenticated by the API. */
export interface ExternalEvent {
  /** The source's idempotency key: a repeat is ignored. */
  key: string;
  source: string;
  type: ExternalEventType;
  /** For activities: the catalogue activity and, if known, the participation it completes. */
  activityId?: string;
  participationId?: string;
  category?: Category;
  minimumSessions?: number | null;
  minimumSemesters?: number | null;
  sessions?: number | null;
  semesters?: number | null;
}

export interface CertificateView {
  certificateId: string;
  programmeId: string;
  studentId: string;
  stage: CertificateStage;
  participations: Participation[];
  careerCourse: boolean;
  presentation: boolean;
  reportRound: number;
  reviewMeetingId?: string;
  proposals: Proposal[];
}

/**
 * The certificate as its workflow sees it, for the read model: written with each step's timeline
 * record, so that reads answer from PostgreSQL; a higher version replaces a lower one only.
 */
export interface CertificateSnapshot {
  version: number;
  view: CertificateView;
}

/** What a certificate carries over a continue-as-new. */
export interface CertificateCarry {
  stage: CertificateStage;
  participations: Participation[];
  careerCourse: boolean;
  presentation: boolean;
  reportRound: number;
  reviewMeetingId?: string;
  /** The most recent event keys (older repeats are also refused by the API's event log). */
  seenEvents: string[];
  notices: number;
  proposals?: Proposal[];
  /** How many times the confirmer changed (keys each change's e-mails and timeline entry). */
  confirmerChanges?: number;
  /** The version of the last snapshot written to the read model. */
  snapshots?: number;
}

/** An activity the student proposed, and the local-group task that decides it. */
export interface Proposal {
  proposalId: string;
  taskId: string;
  status: 'open' | 'approved' | 'rejected';
}

export type NewParticipation = Omit<Participation, 'status' | 'confirmedBy' | 'taskId'>;

/** The student records a participation in a catalogue activity (its texts are kept in the database). */
export const recordParticipationUpdate = defineUpdate<CertificateView, [{ actorId: string; participation: NewParticipation }]>('recordParticipation');
/** The coordinator records the career course or the presentation (the API checks the role). */
export const recordMilestoneUpdate = defineUpdate<CertificateView, [{ actorId: string; kind: 'career_course' | 'presentation' }]>('recordMilestone');
/**
 * Gives the certificate's open confirmation and proposal tasks, and those to come in this run, to
 * another confirmer: the local group's confirming seat changed hands. Answers the tasks moved.
 * Without `actorId` it is the organisation's doing (an import or the administration pages).
 */
export const reassignConfirmerUpdate = defineUpdate<{ moved: string[] }, [{ assigneeId: string; actorId?: string }]>('reassignConfirmer');
/** A fact from another system (authenticated and de-duplicated by the API, and again here). */
export const externalEventSignal = defineSignal<[ExternalEvent]>('externalEvent');
/** The same fact as an update: answered once the certificate has applied and recorded it (so a read right after sees it). */
export const externalEventUpdate = defineUpdate<CertificateView, [ExternalEvent]>('applyExternalEvent');
/** The student hands in the final reflection report; it joins the given meeting's agenda. */
/** The student hands in the report; without `meetingId` it waits for the group's next scheduled meeting. */
export const submitReportUpdate = defineUpdate<CertificateView, [{ actorId: string; reportId: string; meetingId?: string }]>('submitReport');
/** A review meeting was scheduled: a report that waited for one is on its agenda now. */
export const reportOnAgendaSignal = defineSignal<[{ reportId: string; meetingId: string }]>('reportOnAgenda');
/** The local group's decision on the report at its meeting. */
export const reviewReportUpdate = defineUpdate<CertificateView, [{ actorId: string; meetingId: string; outcome: 'approve' | 'revise'; comment?: string }]>('reviewReport');
/** The student proposes a new activity (its texts are kept in the database); the local group decides. */
export const proposeActivityUpdate = defineUpdate<CertificateView, [{ actorId: string; proposalId: string }]>('proposeActivity');
/** The student withdraws. */
export const withdrawCertificateUpdate = defineUpdate<CertificateView, [{ actorId: string; reason?: string }]>('withdrawCertificate');

export const certificateViewQuery = defineQuery<CertificateView>('certificateView');

export type CertificateMailKind =
  | 'welcome'
  | 'task_assigned'
  | 'participation_confirmed'
  | 'participation_rejected'
  | 'report_due'
  | 'report_revise'
  | 'diploma_issued'
  | 'diploma_revoked'
  | 'report_waiting'
  | 'withdrawn'
  | 'inactivity_notice'
  | 'closed_incomplete'
  | 'proposal_task'
  | 'proposal_approved'
  | 'proposal_rejected';

/** One side effect of a certificate's step, as certificateStep runs them in order. */
export type CertificateEffect =
  | { openTask: TaskSpec }
  | { closeTask: TaskClose }
  | { notify: Parameters<CertificateActivities['notifyCertificate']>[0] }
  | { record: Parameters<CertificateActivities['recordCertificate']>[0] }
  | { settleProposal: Parameters<CertificateActivities['settleProposal']>[0] };

/** Runs a step's effects in order on `acts` (the activities one by one, or their implementations). */
export async function runEffects(acts: Pick<CertificateActivities, 'openTask' | 'closeTask' | 'notifyCertificate' | 'recordCertificate' | 'settleProposal'>, effects: CertificateEffect[]): Promise<void> {
  for (const e of effects) {
    if ('openTask' in e) await acts.openTask(e.openTask);
    else if ('closeTask' in e) await acts.closeTask(e.closeTask);
    else if ('notify' in e) await acts.notifyCertificate(e.notify);
    else if ('record' in e) await acts.recordCertificate(e.record);
    else await acts.settleProposal(e.settleProposal);
  }
}

export interface CertificateActivities extends TaskActivities {
  /**
   * A step's side effects in one activity, in order (rows, queued e-mail, timeline): one
   * activation of the workflow instead of one per effect. Each effect is idempotent by its key,
   * so a retried step repeats none of them.
   */
  certificateStep(input: { effects: CertificateEffect[] }): Promise<void>;
  /** Who confirms participations (the administrative resource, else the academic coordinator) and who reviews reports. */
  resolveCertificateParticipants(input: { programmeId: string }): Promise<{ confirmerId: string; groupMemberIds: string[] }>;
  notifyCertificate(input: { key: string; kind: CertificateMailKind; certificateId: string; to: string[]; taskId?: string; comment?: string }): Promise<void>;
  recordCertificate(input: { certificateId: string; stage?: CertificateStage; event?: { key: string; kind: string; actorId?: string; comment?: string; data?: Record<string, unknown> }; snapshot?: CertificateSnapshot }): Promise<void>;
  /** Settles a proposal: an approved one joins the programme's catalogue. Idempotent. */
  settleProposal(input: { proposalId: string; approved: boolean; decidedBy: string }): Promise<void>;
  /** How long until the expected end of studies, and the grace period after a notice (settings). */
  certificateClock(input: { expectedEndOfStudies: string }): Promise<{ msUntilEnd: number; graceMs: number }>;
  issueDiploma(input: { certificateId: string; counted: { participationId: string; activityId: string }[] }): Promise<{ verificationCode: string }>;
}
