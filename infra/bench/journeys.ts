import { participationFromActivity } from '../../workflows/domain/participation.js';
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { certificateStartOptions, certificateWorkflowId, confirmationTaskId } from '../../workflows/contracts/ids.js';
import { signEvent } from '../../services/features/certificates/events.service.js';
import { certificateViewQuery, externalEventSignal, recordMilestoneUpdate, recordParticipationUpdate, reviewReportUpdate, submitReportUpdate, type CertificateView } from '../../workflows/contracts/certificate.contract.js';
import type { certificateWorkflow } from '../../workflows/certificate/certificate.workflow.js';
import { decideTaskUpdate } from '../../workflows/contracts/tasks.contract.js';
import type { BenchProgramme, Person } from '../kit/fixtures.js';
import type { Api } from '../kit/http.js';
import { participationOf, timed, type Recorder } from '../kit/journeys.js';
import { waitFor } from '../kit/wait.js';
import { EVENT_SOURCE } from './system.js';

/** How long a step waits for a change it made to show. */
const STEP_WAIT_MS = 60_000;

/** What every journey of a run shares. */
export interface JourneyContext {
  programme: BenchProgramme;
  pollMs: number;
  /** YYYY-MM-DD, as the API's default (STUDY_DEFAULT_YEARS from now). */
  expectedEndOfStudies: string;
  reflection: string;
  report: string;
  /** Signs the career-course event; without it the coordinator records the course instead. */
  eventSecret?: string;
  run: string;
}

interface CertificateDto {
  stage: string;
  careerCourse: boolean;
  presentation: boolean;
  diploma: { verificationCode: string } | null;
}

/**
 * One student's certificate over HTTP, as the student, the local group and the course system
 * would take it. A step ends when its change is visible through the API: for workflow updates
 * that is the response itself (the API answers once the workflow has applied the update, its
 * activities included); for the signed event and for the move to "report due", which the
 * workflow makes by itself, GET /api/certificates/:id is polled until it shows the change.
 */
export async function apiJourney(ctx: JourneyContext, student: Person & { api: Api }, index: number, recorder: Recorder): Promise<void> {
  const { programme, pollMs } = ctx;
  const waiting = { everyMs: pollMs, timeoutMs: STEP_WAIT_MS };
  const { api } = student;
  const view = (id: string) => api.get<CertificateDto>(`/api/certificates/${id}`);

  const id = await timed(recorder, 'enrol', async () => {
    const enrolled = await api.post<{ id: string }>('/api/certificates', { programmeId: programme.id }, [201]);
    await waitFor('the new certificate', async () => ((await api.call('GET', `/api/certificates/${enrolled.id}`)).status === 200 ? true : undefined), waiting);
    return enrolled.id;
  });

  for (const [i, activity] of programme.activities.entries()) {
    const { participationId } = await timed(recorder, 'record activity', () =>
      api.post<{ participationId: string }>(`/api/certificates/${id}/participations`, { ...participationOf(activity, i), description: 'Took part as planned', reflection: ctx.reflection }, [201]),
    );
    // The task link in the administrative resource's e-mail names the task: `<workflow id>:confirm:<participation>`.
    const taskId = confirmationTaskId(certificateWorkflowId(id), participationId);
    await timed(recorder, 'confirm activity', () => programme.admin.api.post(`/api/tasks/${encodeURIComponent(taskId)}/decision`, { outcome: 'confirm' }, [200]));
  }

  await timed(recorder, 'career course', async () => {
    if (!ctx.eventSecret) {
      await programme.coordinator.api.post(`/api/certificates/${id}/milestones`, { kind: 'career_course' }, [201]);
      return;
    }
    const raw = JSON.stringify({ idempotencyKey: `${ctx.run}-${index}-course`, type: 'career_course_completed', studentEmail: student.email, programmeCode: programme.code, occurredAt: new Date().toISOString() });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const sent = await api.call<{ status: string }>('POST', '/api/events', raw, { 'x-cil-source': EVENT_SOURCE, 'x-cil-timestamp': timestamp, 'x-cil-signature': signEvent(ctx.eventSecret, timestamp, raw) });
    if (sent.status !== 200 || sent.body.status !== 'accepted') throw new Error(`the career-course event was not accepted: ${sent.status} ${JSON.stringify(sent.body)}`);
    await waitFor('the career course to show', async () => ((await view(id)).careerCourse ? true : undefined), waiting);
  });

  await timed(recorder, 'presentation → report due', async () => {
    await programme.coordinator.api.post(`/api/certificates/${id}/milestones`, { kind: 'presentation' }, [201]);
    await waitFor('the report to be due', async () => ((await view(id)).stage === 'report_due' ? true : undefined), waiting);
  });

  const submitted = await timed(recorder, 'report', () => api.post<{ stage: string; meeting: { id: string } }>(`/api/certificates/${id}/report`, { text: ctx.report }, [201]));
  if (submitted.stage !== 'in_review') throw new Error(`the report left the certificate ${submitted.stage}, not in_review`);

  const decided = await timed(recorder, 'approval → diploma', () =>
    programme.admin.api.post<{ stage: string }>(`/api/review-meetings/${submitted.meeting.id}/decisions`, { certificateId: id, outcome: 'approve' }, [200]),
  );
  if (decided.stage !== 'completed') throw new Error(`the approval left the certificate ${decided.stage}, not completed`);
  const done = await view(id);
  if (done.stage !== 'completed' || !done.diploma) throw new Error('the certificate shows no diploma after its approval');
}

export { certificateWorkflowId } from '../../workflows/contracts/ids.js';

/**
 * Starts a certificate's workflow straight through the Temporal client, with the input and search
 * attributes the API's enrolment gives it; the certificate row must exist (see insertCertificates).
 */
export function startCertificateWorkflow(
  client: Client,
  taskQueue: string,
  programme: Pick<BenchProgramme, 'id' | 'code'>,
  expectedEndOfStudies: string,
  certificate: { id: string; studentId: string },
): Promise<WorkflowHandle<typeof certificateWorkflow>> {
  const input = { certificateId: certificate.id, programmeId: programme.id, studentId: certificate.studentId, expectedEndOfStudies };
  return client.workflow.start<typeof certificateWorkflow>('certificateWorkflow', certificateStartOptions(input, programme.code, taskQueue));
}

/**
 * The same journey straight through the Temporal client, against the same workflow and worker:
 * no HTTP, no read model (the certificate row the workflow's activities need is inserted before
 * the run). Steps end as in the API run: update steps when the update returns, the event and the
 * move to "report due" when the workflow's query shows them.
 */
export async function baselineJourney(ctx: JourneyContext, client: Client, taskQueue: string, certificate: { id: string; studentId: string }, index: number, recorder: Recorder): Promise<void> {
  const { programme, pollMs } = ctx;
  const waiting = { everyMs: pollMs, timeoutMs: STEP_WAIT_MS };
  const workflowId = certificateWorkflowId(certificate.id);
  const query = (handle: WorkflowHandle<typeof certificateWorkflow>) => handle.query(certificateViewQuery);

  const handle = await timed(recorder, 'enrol', async () => {
    const started = await startCertificateWorkflow(client, taskQueue, programme, ctx.expectedEndOfStudies, certificate);
    await waitFor('the new certificate', () => query(started).then(() => true, () => undefined), waiting);
    return started;
  });

  for (const activity of programme.activities) {
    const participationId = randomUUID();
    await timed(recorder, 'record activity', () =>
      handle.executeUpdate(recordParticipationUpdate, {
        args: [
          {
            actorId: certificate.studentId,
            participation: participationFromActivity(participationId, activity, { sessions: activity.minimumSessions, semesters: activity.minimumSemesters }),
          },
        ],
      }),
    );
    await timed(recorder, 'confirm activity', () =>
      handle.executeUpdate(decideTaskUpdate, { args: [{ taskId: confirmationTaskId(workflowId, participationId), actorId: programme.admin.id, decision: { outcome: 'confirm' } }] }),
    );
  }

  await timed(recorder, 'career course', async () => {
    if (!ctx.eventSecret) {
      await handle.executeUpdate(recordMilestoneUpdate, { args: [{ actorId: programme.coordinator.id, kind: 'career_course' }] });
      return;
    }
    await handle.signal(externalEventSignal, { key: `${EVENT_SOURCE}:${ctx.run}-base-${index}-course`, source: EVENT_SOURCE, type: 'career_course_completed' });
    await waitFor('the career course to show', async () => ((await query(handle)).careerCourse ? true : undefined), waiting);
  });

  await timed(recorder, 'presentation → report due', async () => {
    await handle.executeUpdate(recordMilestoneUpdate, { args: [{ actorId: programme.coordinator.id, kind: 'presentation' }] });
    await waitFor('the report to be due', async () => ((await query(handle)).stage === 'report_due' ? true : undefined), waiting);
  });

  const submitted: CertificateView = await timed(recorder, 'report', () =>
    handle.executeUpdate(submitReportUpdate, { args: [{ actorId: certificate.studentId, reportId: randomUUID(), meetingId: programme.meetingId }] }),
  );
  if (submitted.stage !== 'in_review') throw new Error(`the report left the certificate ${submitted.stage}, not in_review`);

  const decided = await timed(recorder, 'approval → diploma', () => handle.executeUpdate(reviewReportUpdate, { args: [{ actorId: programme.admin.id, meetingId: programme.meetingId, outcome: 'approve' }] }));
  if (decided.stage !== 'completed') throw new Error(`the approval left the certificate ${decided.stage}, not completed`);
  const result = await handle.result();
  if (result.stage !== 'completed') throw new Error(`the workflow ended ${result.stage}, not completed`);
}
