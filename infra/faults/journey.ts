import { randomUUID } from 'node:crypto';
import { certificateWorkflowId, confirmationTaskId } from '../../workflows/contracts/ids.js';
import type { BenchProgramme, Person } from '../kit/fixtures.js';
import type { Api } from '../kit/http.js';
import { participationOf, timed, type Recorder } from '../kit/journeys.js';
import { waitFor } from '../kit/wait.js';
import { persist, STEP_BUDGET_MS, type HttpStats } from './resilient-http.js';

/** What every journey of a run shares. */
export interface JourneyContext {
  programme: BenchProgramme;
  stats: HttpStats;
  reflection: string;
  report: string;
  pollMs: number;
}

/** What a journey leaves behind for the checks, whether or not it finished. */
export interface JourneyRecord {
  studentId: string;
  certificateId?: string;
}

/**
 * One student's certificate over HTTP, as `apiJourney` in infra/bench takes it, but made to
 * survive faults: every request is retried on connection errors, timeouts and 5xx, and every POST
 * but the enrolment (idempotent per student and programme) carries an Idempotency-Key, the same on
 * each retry of one logical step. The career course is recorded by the coordinator (a milestone).
 */
export async function resilientJourney(ctx: JourneyContext, student: Person & { api: Api }, recorder: Recorder, record: JourneyRecord): Promise<void> {
  const { programme, stats } = ctx;
  const post = <T>(api: Api, path: string, body: unknown, keyed = true) => persist<T>(stats, api, 'POST', path, body, keyed ? randomUUID() : undefined).then((a) => a.body);
  const view = (id: string) => persist<{ stage: string; diploma: unknown }>(stats, student.api, 'GET', `/api/certificates/${id}`).then((a) => a.body);

  const id = await timed(recorder, 'enrol', async () => (await post<{ id: string }>(student.api, '/api/certificates', { programmeId: programme.id }, false)).id);
  record.certificateId = id;

  for (const [i, activity] of programme.activities.entries()) {
    const recorded = await timed(recorder, 'record activity', () => post<{ participationId?: string }>(student.api, `/api/certificates/${id}/participations`, { ...participationOf(activity, i), description: 'Took part as planned', reflection: ctx.reflection }));
    if (!recorded.participationId) throw new Error(`recording a participation answered no participationId: ${JSON.stringify(recorded).slice(0, 200)}`);
    const taskId = confirmationTaskId(certificateWorkflowId(id), recorded.participationId);
    await timed(recorder, 'confirm activity', () => post(programme.admin.api, `/api/tasks/${encodeURIComponent(taskId)}/decision`, { outcome: 'confirm' }));
  }

  await timed(recorder, 'career course', () => post(programme.coordinator.api, `/api/certificates/${id}/milestones`, { kind: 'career_course' }));

  await timed(recorder, 'presentation → report due', async () => {
    await post(programme.coordinator.api, `/api/certificates/${id}/milestones`, { kind: 'presentation' });
    await waitFor('the report to be due after the presentation', async () => ((await view(id)).stage === 'report_due' ? true : undefined), { everyMs: ctx.pollMs, timeoutMs: STEP_BUDGET_MS });
  });

  const submitted = await timed(recorder, 'report', () => post<{ stage: string; meeting: { id: string } }>(student.api, `/api/certificates/${id}/report`, { text: ctx.report }));
  if (submitted.stage !== 'in_review') throw new Error(`the report left the certificate ${submitted.stage}, not in_review`);

  const decided = await timed(recorder, 'approval → diploma', () =>
    post<{ stage: string }>(programme.admin.api, `/api/review-meetings/${submitted.meeting.id}/decisions`, { certificateId: id, outcome: 'approve' }),
  );
  if (decided.stage !== 'completed') throw new Error(`the approval left the certificate ${decided.stage}, not completed`);
  const done = await view(id);
  if (done.stage !== 'completed' || !done.diploma) throw new Error('the certificate shows no diploma after its approval');
}
