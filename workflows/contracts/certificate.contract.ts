import type { Category } from '../domain/requirements.js';

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
}

/** An activity the student proposed, and the local-group task that decides it. */
export interface Proposal {
  proposalId: string;
  taskId: string;
  status: 'open' | 'approved' | 'rejected';
}
