import type { LocalGroupSeat } from '../domain/local-group.rules.js';

/** Who took the initiative (domain.md, Process A, step 1). */
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
