import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CertificateView, ExternalEvent, Participation } from './certificate.contract.js';

export type NewParticipation = Omit<Participation, 'status' | 'confirmedBy' | 'taskId'>;

/** The student records a participation in a catalogue activity (its texts are kept in the database). */
export const recordParticipationUpdate = defineUpdate<CertificateView, [{ actorId: string; participation: NewParticipation }]>('recordParticipation');
/** The coordinator records the career course or the presentation (the API checks the role). */
export const recordMilestoneUpdate = defineUpdate<CertificateView, [{ actorId: string; kind: 'career_course' | 'presentation' }]>('recordMilestone');
/** A fact from another system (authenticated and de-duplicated by the API, and again here). */
export const externalEventSignal = defineSignal<[ExternalEvent]>('externalEvent');
/** The student hands in the final reflection report; it joins the given meeting's agenda. */
export const submitReportUpdate = defineUpdate<CertificateView, [{ actorId: string; reportId: string; meetingId: string }]>('submitReport');
/** The local group's decision on the report at its meeting. */
export const reviewReportUpdate = defineUpdate<CertificateView, [{ actorId: string; meetingId: string; outcome: 'approve' | 'revise'; comment?: string }]>('reviewReport');
/** The student proposes a new activity (its texts are kept in the database); the local group decides. */
export const proposeActivityUpdate = defineUpdate<CertificateView, [{ actorId: string; proposalId: string }]>('proposeActivity');
/** The student withdraws. */
export const withdrawCertificateUpdate = defineUpdate<CertificateView, [{ actorId: string; reason?: string }]>('withdrawCertificate');

export const certificateViewQuery = defineQuery<CertificateView>('certificateView');
