import type { TaskActivities } from './tasks.contract.js';
import type { LocalGroupSeat } from '../domain/local-group.rules.js';
import type { RolloutParticipants, RolloutStage } from './rollout.contract.js';

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
