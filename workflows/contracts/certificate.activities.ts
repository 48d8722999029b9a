import type { TaskActivities } from './tasks.contract.js';
import type { CertificateStage } from './certificate.contract.js';

export type CertificateMailKind =
  | 'welcome'
  | 'task_assigned'
  | 'participation_confirmed'
  | 'participation_rejected'
  | 'report_due'
  | 'report_revise'
  | 'diploma_issued'
  | 'withdrawn'
  | 'inactivity_notice'
  | 'closed_incomplete'
  | 'proposal_task'
  | 'proposal_approved'
  | 'proposal_rejected';

export interface CertificateActivities extends TaskActivities {
  /** Who confirms participations (the administrative resource, else the academic coordinator) and who reviews reports. */
  resolveCertificateParticipants(input: { programmeId: string }): Promise<{ confirmerId: string; groupMemberIds: string[] }>;
  notifyCertificate(input: { key: string; kind: CertificateMailKind; certificateId: string; to: string[]; taskId?: string; comment?: string }): Promise<void>;
  recordCertificate(input: { certificateId: string; stage?: CertificateStage; event?: { key: string; kind: string; actorId?: string; comment?: string; data?: Record<string, unknown> } }): Promise<void>;
  /** Settles a proposal: an approved one joins the programme's catalogue. Idempotent. */
  settleProposal(input: { proposalId: string; approved: boolean; decidedBy: string }): Promise<void>;
  /** How long until the expected end of studies, and the grace period after a notice (settings). */
  certificateClock(input: { expectedEndOfStudies: string }): Promise<{ msUntilEnd: number; graceMs: number }>;
  issueDiploma(input: { certificateId: string; counted: { participationId: string; activityId: string }[] }): Promise<{ verificationCode: string }>;
}
