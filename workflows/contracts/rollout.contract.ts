import type { LocalGroupSeat } from '../domain/local-group.rules.js';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TaskActivities } from './tasks.contract.js';

/** Who took the initiative (docs/domain.md, Process A, step 1). */
export const INITIATOR_CAPACITIES = ['management', 'programme_leader', 'staff', 'faculty_representative', 'student'] as const;
export type InitiatorCapacity = (typeof INITIATOR_CAPACITIES)[number];

export interface Initiative {
  motivation: string;
  proposedActivities?: string;
  expectedStudentsPerYear: number;
  initiatorCapacity: InitiatorCapacity;
}

export interface RolloutInput {
  caseId: string;
  programmeId: string;
  initiatorId: string;
  initiative: Initiative;
}

/** Where a rollout is. The first four are "open" (one per programme at a time). */
export const ROLLOUT_STAGES = [
  'anchoring', // forankring: programme leader and section head assess in parallel
  'changes_requested', // back to the initiator
  'final_approval', // head of department decides
  'local_group', // approved; faculty representative registers the local group
  'development', // local group defines activities; publishing opens enrolment
  'open', // in operation: students may enrol
  'declined',
  'withdrawn',
] as const;
export type RolloutStage = (typeof ROLLOUT_STAGES)[number];
export const CLOSED_STAGES: readonly RolloutStage[] = ['declined', 'withdrawn'];
/** Stages in which a programme has an open rollout (a second initiative is refused). */
export const ACTIVE_STAGES: readonly RolloutStage[] = ['anchoring', 'changes_requested', 'final_approval', 'local_group', 'development', 'open'];
/** The initiator may withdraw until the final decision. */
export const WITHDRAWABLE_STAGES: readonly RolloutStage[] = ['anchoring', 'changes_requested', 'final_approval'];

export const ROLLOUT_TASK_TYPES = ['anchoring_programme_leader', 'anchoring_section_head', 'revise_initiative', 'final_approval', 'register_local_group'] as const;
export type RolloutTaskType = (typeof ROLLOUT_TASK_TYPES)[number];

export interface ResourceAssessment {
  developmentHours: number;
  operationHoursPerSemester: number;
  covered: boolean;
  comment?: string;
}

export type AnchoringDecision =
  | { outcome: 'approve'; assessment: ResourceAssessment }
  | { outcome: 'reject'; reason: string }
  | { outcome: 'request_changes'; comment: string };
export type FinalDecision = { outcome: 'approve'; comment?: string } | { outcome: 'reject'; reason: string };
export type RevisionDecision = { outcome: 'resubmit'; initiative: Initiative; comment?: string };
export type LocalGroupDecision = { outcome: 'register'; members: { personId: string; seat: LocalGroupSeat }[] };
export type TaskDecision = AnchoringDecision | FinalDecision | RevisionDecision | LocalGroupDecision;

/** The people a rollout involves, looked up once when it starts (ids only: no personal data). */
export interface RolloutParticipants {
  programmeCode: string;
  facultyId: string;
  programmeLeaderId: string;
  sectionHeadId: string;
  headOfDepartmentId: string;
  facultyRepresentativeId: string;
  deanId: string;
  proDeanId: string;
}

export interface TaskState {
  taskId: string;
  type: RolloutTaskType;
  assigneeId: string;
  status: 'open' | 'done' | 'cancelled';
  round: number;
  /** 1 for the first assignee, +1 at every reassignment (keys the e-mails of each). */
  assignment: number;
  decision?: TaskDecision;
  decidedBy?: string;
}

export interface RolloutView {
  caseId: string;
  programmeId: string;
  stage: RolloutStage;
  round: number;
  tasks: TaskState[];
}

/** The initiator withdraws the initiative (before the final decision). */
export const withdrawUpdate = defineUpdate<RolloutView, [{ actorId: string; reason?: string }]>('withdraw');
/** Gives an open task to someone else (the API checks that the actor may). */
/** Moves an open task to another holder; without `actorId` it is the organisation import's doing, when a role changed hands. */
export const reassignTaskUpdate = defineUpdate<TaskState, [{ taskId: string; actorId?: string; assigneeId: string }]>('reassignTask');
/** The local group publishes its catalogue; the programme opens for enrolment. */
export const publishCatalogueUpdate = defineUpdate<RolloutView, [{ actorId: string; homeActivities: number; abroadActivities: number }]>('publishCatalogue');

/** A review meeting was scheduled (or moved): its agenda goes to the local group at `agendaAt` (ISO). */
export const reviewMeetingScheduledSignal = defineSignal<[{ meetingId: string; agendaAt: string }]>('reviewMeetingScheduled');

export const rolloutViewQuery = defineQuery<RolloutView>('view');

/** Who gets a notification: people by id, or the central resource group's shared mailbox. */
export type Recipient = { personId: string } | { centralMailbox: true };

/** The e-mails of the rollout, rendered by the mail service in each recipient's language. */
export type RolloutMailKind =
  | 'initiative_submitted'
  | 'task_assigned'
  | 'task_reminder'
  | 'task_escalated'
  | 'task_reassigned_away'
  | 'changes_requested'
  | 'rollout_declined'
  | 'rollout_approved'
  | 'rollout_withdrawn'
  | 'local_group_membership'
  | 'programme_opened';

export interface Notification {
  /** Stable for this step of this case: `<workflowId>:<step>`; each recipient gets one mail per key. */
  key: string;
  kind: RolloutMailKind;
  caseId: string;
  to: Recipient[];
  cc?: Recipient[];
  /** Ids only; the renderer looks up what it shows. */
  taskId?: string;
}

export interface CaseEvent {
  /** Stable for this step, so a retried activity writes the event once. */
  key: string;
  caseId: string;
  kind: string;
  actorId?: string;
  comment?: string;
  data?: Record<string, unknown>;
}

export interface RolloutActivities extends TaskActivities {
  resolveParticipants(input: { programmeId: string }): Promise<RolloutParticipants>;
  notify(notification: Notification): Promise<void>;
  /** Writes the stage when given (only stage changes give it) and appends the event. */
  recordCase(input: { caseId: string; stage?: RolloutStage; event?: CaseEvent }): Promise<void>;
  registerLocalGroup(input: { caseId: string; programmeId: string; members: { personId: string; seat: LocalGroupSeat }[] }): Promise<void>;
  openProgramme(input: { caseId: string; programmeId: string }): Promise<void>;
  /** Milliseconds from now until a moment (0 when it has passed): workflow code reads no clock. */
  millisUntil(input: { at: string }): Promise<{ ms: number }>;
  /** E-mails the meeting's agenda (the reports on it) to the programme's local group, once. */
  sendAgenda(input: { key: string; caseId: string; programmeId: string; meetingId: string }): Promise<void>;
}
