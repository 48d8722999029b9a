import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import type { CertificateActivities } from '../../workflows/contracts/certificate.contract.js';
import {
  runEffects,
  certificateViewQuery,
  externalEventSignal,
  proposeActivityUpdate,
  reassignConfirmerUpdate,
  recordMilestoneUpdate,
  recordParticipationUpdate,
  reviewReportUpdate,
  submitReportUpdate,
  withdrawCertificateUpdate,
  type NewParticipation,
} from '../../workflows/contracts/certificate.contract.js';
import type { certificateWorkflow } from '../../workflows/certificate/certificate.workflow.js';
import { decideTaskUpdate } from '../../workflows/contracts/tasks.contract.js';
import { refusalOf } from '../../services/platform/temporal/refusals.js';
import { timeSkippingTestEnv } from '../support/temporal.js';
import { recordHistory } from './rollout-harness.js';

jest.setTimeout(120_000);

const workflowsPath = join(import.meta.dirname ?? '', '..', '..', 'workflows', 'certificate', 'certificate.workflow.ts');
const STUDENT = 'student-1';
const CONFIRMER = 'admin-1';
const GROUP = ['admin-1', 'coord-1', 'staff-1', 'student-rep'];

function stubs(clock = { msUntilEnd: 400 * 86_400_000, graceMs: 30 * 86_400_000 }) {
  const calls = { mails: [] as { kind: string; to: string[] }[], stages: [] as string[], tasks: [] as string[], closed: [] as string[], diplomas: 0, proposals: [] as boolean[], steps: 0 };
  const activities: CertificateActivities = {
    resolveCertificateParticipants: () => Promise.resolve({ confirmerId: CONFIRMER, groupMemberIds: GROUP }),
    openTask: (spec) => {
      calls.tasks.push(spec.taskId);
      return Promise.resolve({ dueAt: '2030-01-01T00:00:00Z', remindAfterMs: 5 * 86_400_000, escalateAfterMs: 10 * 86_400_000 });
    },
    closeTask: (c) => {
      calls.closed.push(`${c.taskId}:${c.status}`);
      return Promise.resolve();
    },
    reassignTaskRow: () => Promise.resolve({ dueAt: '2030-01-01T00:00:00Z', remindAfterMs: 1, escalateAfterMs: 2 }),
    notifyCertificate: ({ kind, to }) => {
      calls.mails.push({ kind, to });
      return Promise.resolve();
    },
    recordCertificate: ({ stage }) => {
      if (stage && calls.stages.at(-1) !== stage) calls.stages.push(stage);
      return Promise.resolve();
    },
    certificateClock: () => Promise.resolve(clock),
    settleProposal: ({ approved }) => {
      calls.proposals.push(approved);
      return Promise.resolve();
    },
    issueDiploma: () => {
      calls.diplomas += 1;
      return Promise.resolve({ verificationCode: 'CIL-TEST-0001' });
    },
    certificateStep: ({ effects }) => {
      calls.steps += 1;
      return runEffects(activities, effects);
    },
  };
  return { calls, activities };
}

const participation = (id: string, activityId: string, category: 'home' | 'abroad', extra: Partial<NewParticipation> = {}): NewParticipation => ({
  participationId: id,
  activityId,
  category,
  minimumSessions: null,
  minimumSemesters: null,
  sessions: null,
  semesters: null,
  ...extra,
});

type Handle = WorkflowHandle<typeof certificateWorkflow>;
const refusalKind = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    return refusalOf(err)?.kind ?? `error: ${(err as Error).message}`;
  }
};

describe('certificateWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function run(name: string, body: (h: Handle, calls: ReturnType<typeof stubs>['calls']) => Promise<void>, clock?: Parameters<typeof stubs>[0]) {
    const { calls, activities } = stubs(clock);
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: name, workflowsPath, activities });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start<typeof certificateWorkflow>('certificateWorkflow', {
        taskQueue: name,
        workflowId: `certificate-${name}`,
        args: [{ certificateId: `c-${name}`, programmeId: 'prog-1', studentId: STUDENT, expectedEndOfStudies: '2030-06-30' }],
      });
      await body(handle, calls);
      if (['journey', 'three-abroad', 'inactive', 'confirmer-changed'].includes(name)) {
        await handle.result();
        await recordHistory(handle);
      }
    });
    return calls;
  }

  it('moves from enrolment to a diploma as the facts arrive, through a revision', async () => {
    const calls = await run('journey', async (h, calls) => {
      await h.executeUpdate(recordParticipationUpdate, { args: [{ actorId: STUDENT, participation: participation('p1', 'cafe', 'home', { minimumSessions: 3, sessions: 3 }) }] });
      await h.executeUpdate(recordParticipationUpdate, { args: [{ actorId: STUDENT, participation: participation('p2', 'buddy', 'home') }] });
      // Someone else cannot record for the student.
      expect(await refusalKind(h.executeUpdate(recordParticipationUpdate, { args: [{ actorId: 'other', participation: participation('p9', 'x', 'home') }] }))).toBe('forbidden');
      const [t1, t2] = calls.tasks;
      expect(await refusalKind(h.executeUpdate(decideTaskUpdate, { args: [{ taskId: t1, actorId: 'someone', decision: { outcome: 'confirm' } }] }))).toBe('forbidden');
      expect(await refusalKind(h.executeUpdate(decideTaskUpdate, { args: [{ taskId: t1, actorId: CONFIRMER, decision: { outcome: 'reject' } }] }))).toBe('invalid');
      await h.executeUpdate(decideTaskUpdate, { args: [{ taskId: t1, actorId: CONFIRMER, decision: { outcome: 'confirm' } }] });
      await h.executeUpdate(decideTaskUpdate, { args: [{ taskId: t2, actorId: CONFIRMER, decision: { outcome: 'confirm' } }] });
      expect(await refusalKind(h.executeUpdate(decideTaskUpdate, { args: [{ taskId: t2, actorId: CONFIRMER, decision: { outcome: 'confirm' } }] }))).toBe('conflict');
      // An exchange arrives from another system, twice: counted once.
      const exchange = { key: 'ex-42', source: 'exchange-system', type: 'exchange_completed' as const, activityId: 'exchange', category: 'abroad' as const, semesters: 1, minimumSemesters: 1 };
      await h.signal(externalEventSignal, exchange);
      await h.signal(externalEventSignal, exchange);
      await h.signal(externalEventSignal, { key: 'course-1', source: 'lms', type: 'career_course_completed' });
      expect((await h.query(certificateViewQuery)).stage).toBe('collecting');
      // The report cannot be handed in before everything is met.
      expect(await refusalKind(h.executeUpdate(submitReportUpdate, { args: [{ actorId: STUDENT, reportId: 'r0', meetingId: 'm0' }] }))).toBe('conflict');
      await h.executeUpdate(recordMilestoneUpdate, { args: [{ actorId: 'coord-1', kind: 'presentation' }] });
      for (let i = 0; i < 100 && (await h.query(certificateViewQuery)).stage !== 'report_due'; i++) await new Promise((r) => setTimeout(r, 50));
      const view = await h.query(certificateViewQuery);
      expect(view.stage).toBe('report_due');
      expect(view.participations.filter((p) => p.activityId === 'exchange')).toHaveLength(1);

      await h.executeUpdate(submitReportUpdate, { args: [{ actorId: STUDENT, reportId: 'r1', meetingId: 'm1' }] });
      expect(await refusalKind(h.executeUpdate(reviewReportUpdate, { args: [{ actorId: 'outsider', meetingId: 'm1', outcome: 'approve' }] }))).toBe('forbidden');
      expect(await refusalKind(h.executeUpdate(reviewReportUpdate, { args: [{ actorId: 'coord-1', meetingId: 'm2', outcome: 'approve' }] }))).toBe('conflict');
      expect(await refusalKind(h.executeUpdate(reviewReportUpdate, { args: [{ actorId: 'coord-1', meetingId: 'm1', outcome: 'revise' }] }))).toBe('invalid');
      expect((await h.executeUpdate(reviewReportUpdate, { args: [{ actorId: 'coord-1', meetingId: 'm1', outcome: 'revise', comment: 'Say more about the exchange' }] })).stage).toBe('report_due');
      await h.executeUpdate(submitReportUpdate, { args: [{ actorId: STUDENT, reportId: 'r2', meetingId: 'm2' }] });
      const done = await h.executeUpdate(reviewReportUpdate, { args: [{ actorId: 'staff-1', meetingId: 'm2', outcome: 'approve' }] });
      expect(done.stage).toBe('completed');
      expect(await h.result()).toMatchObject({ stage: 'completed', reportRound: 2 });
    });
    expect(calls.stages).toEqual(['collecting', 'report_due', 'in_review', 'report_due', 'in_review', 'completed']);
    expect(calls.diplomas).toBe(1);
    // Handlers' mails may pass the welcome; each is sent exactly once.
    expect(calls.mails.map((m) => m.kind).sort()).toEqual(
      ['welcome', 'task_assigned', 'task_assigned', 'participation_confirmed', 'participation_confirmed', 'report_due', 'report_revise', 'diploma_issued'].sort(),
    );
    expect(calls.mails.findIndex((m) => m.kind === 'report_due')).toBeLessThan(calls.mails.findIndex((m) => m.kind === 'diploma_issued'));
  });

  it('does not ask for the report when all three activities are abroad', async () => {
    await run('three-abroad', async (h) => {
      for (const [i, a] of ['x', 'y', 'z'].entries()) {
        await h.signal(externalEventSignal, { key: `e${i}`, source: 'exchange-system', type: 'activity_completed', activityId: a, category: 'abroad' });
      }
      await h.signal(externalEventSignal, { key: 'c', source: 'lms', type: 'career_course_completed' });
      await h.signal(externalEventSignal, { key: 'p', source: 'lms', type: 'presentation_held' });
      await new Promise((r) => setTimeout(r, 500));
      expect((await h.query(certificateViewQuery)).stage).toBe('collecting');
      await h.executeUpdate(withdrawCertificateUpdate, { args: [{ actorId: STUDENT, reason: 'Changed programme' }] });
      expect((await h.result()).stage).toBe('withdrawn');
    });
  });

  it('lets only the student withdraw, and closes open confirmation tasks', async () => {
    const calls = await run('withdraw', async (h) => {
      await h.executeUpdate(recordParticipationUpdate, { args: [{ actorId: STUDENT, participation: participation('p1', 'cafe', 'home') }] });
      expect(await refusalKind(h.executeUpdate(withdrawCertificateUpdate, { args: [{ actorId: 'admin-1' }] }))).toBe('forbidden');
      expect((await h.executeUpdate(withdrawCertificateUpdate, { args: [{ actorId: STUDENT }] })).stage).toBe('withdrawn');
      expect((await h.result()).stage).toBe('withdrawn');
    });
    expect(calls.closed).toEqual(['certificate-withdraw:confirm:p1:cancelled']);
    expect(calls.mails.map((m) => m.kind)).toContain('withdrawn');
  });

  it('after the expected end of studies sends a notice, waits while there is progress, then closes as incomplete', async () => {
    const DAY = 86_400_000;
    const calls = await run(
      'inactive',
      async (h) => {
        await h.executeUpdate(recordParticipationUpdate, { args: [{ actorId: STUDENT, participation: participation('p1', 'cafe', 'home') }] });
        await env.sleep(11 * DAY); // past the end of studies: a notice
        await h.signal(externalEventSignal, { key: 'late-course', source: 'lms', type: 'career_course_completed' }); // progress
        await env.sleep(31 * DAY); // grace over, but there was progress: a second notice
        expect((await h.query(certificateViewQuery)).stage).toBe('collecting');
        await env.sleep(31 * DAY); // nothing happened: closed
        const closed = await h.result();
        expect(closed.stage).toBe('closed_incomplete');
        expect(closed.participations).toHaveLength(1); // nothing is deleted
      },
      { msUntilEnd: 10 * DAY, graceMs: 30 * DAY },
    );
    expect(calls.mails.filter((m) => m.kind === 'inactivity_notice')).toHaveLength(2);
    expect(calls.mails.map((m) => m.kind)).toContain('closed_incomplete');
    expect(calls.closed).toEqual(['certificate-inactive:confirm:p1:cancelled']);
    expect(calls.stages.at(-1)).toBe('closed_incomplete');
  });

  it('leaves a completed certificate alone after the end of studies', async () => {
    const DAY = 86_400_000;
    const calls = await run(
      'finished-in-time',
      async (h) => {
        await h.executeUpdate(withdrawCertificateUpdate, { args: [{ actorId: STUDENT }] });
        await h.result();
      },
      { msUntilEnd: 1 * DAY, graceMs: 1 * DAY },
    );
    expect(calls.mails.filter((m) => m.kind === 'inactivity_notice')).toHaveLength(0);
  });

  it('sends a proposed activity to the local group, which approves or rejects it', async () => {
    const calls = await run('proposals', async (h, calls) => {
      await h.executeUpdate(proposeActivityUpdate, { args: [{ actorId: STUDENT, proposalId: 'prop-1' }] });
      await h.executeUpdate(proposeActivityUpdate, { args: [{ actorId: STUDENT, proposalId: 'prop-2' }] });
      expect(await refusalKind(h.executeUpdate(proposeActivityUpdate, { args: [{ actorId: 'other', proposalId: 'prop-3' }] }))).toBe('forbidden');
      expect(await refusalKind(h.executeUpdate(proposeActivityUpdate, { args: [{ actorId: STUDENT, proposalId: 'prop-1' }] }))).toBe('conflict');
      const [t1, t2] = calls.tasks;
      expect(t1).toBe('certificate-proposals:proposal:prop-1');
      expect(await refusalKind(h.executeUpdate(decideTaskUpdate, { args: [{ taskId: t1, actorId: CONFIRMER, decision: { outcome: 'reject' } }] }))).toBe('invalid');
      await h.executeUpdate(decideTaskUpdate, { args: [{ taskId: t1, actorId: CONFIRMER, decision: { outcome: 'approve' } }] });
      await h.executeUpdate(decideTaskUpdate, { args: [{ taskId: t2, actorId: CONFIRMER, decision: { outcome: 'reject', reason: 'Already covered by the buddy scheme' } }] });
      expect(await refusalKind(h.executeUpdate(decideTaskUpdate, { args: [{ taskId: t1, actorId: CONFIRMER, decision: { outcome: 'approve' } }] }))).toBe('conflict');
      expect((await h.query(certificateViewQuery)).proposals.map((p) => p.status)).toEqual(['approved', 'rejected']);
      await h.executeUpdate(withdrawCertificateUpdate, { args: [{ actorId: STUDENT }] });
      await h.result();
    });
    expect(calls.proposals).toEqual([true, false]);
    expect(calls.mails.map((m) => m.kind)).toEqual(expect.arrayContaining(['proposal_task', 'proposal_approved', 'proposal_rejected']));
  });

  it('gives its open confirmations to a new confirmer when the local group’s seat changes hands', async () => {
    const calls = await run('confirmer-changed', async (h, calls) => {
      await h.executeUpdate(recordParticipationUpdate, { args: [{ actorId: STUDENT, participation: participation('p1', 'cafe', 'home') }] });
      const [t1] = calls.tasks;
      expect(await refusalKind(h.executeUpdate(reassignConfirmerUpdate, { args: [{ assigneeId: '' }] }))).toBe('invalid');
      expect((await h.executeUpdate(reassignConfirmerUpdate, { args: [{ assigneeId: 'coord-1' }] })).moved).toEqual([t1]);
      expect(await refusalKind(h.executeUpdate(decideTaskUpdate, { args: [{ taskId: t1, actorId: CONFIRMER, decision: { outcome: 'confirm' } }] }))).toBe('forbidden');
      await h.executeUpdate(decideTaskUpdate, { args: [{ taskId: t1, actorId: 'coord-1', decision: { outcome: 'confirm' } }] });
      expect((await h.query(certificateViewQuery)).participations[0]).toMatchObject({ status: 'confirmed', confirmedBy: 'coord-1' });
      await h.executeUpdate(withdrawCertificateUpdate, { args: [{ actorId: STUDENT, reason: 'Changed programme' }] });
    });
    expect(calls.mails.filter((m) => m.kind === 'task_assigned').map((m) => m.to)).toEqual([[CONFIRMER], ['coord-1']]);
    // A new run carries the step-batch patch: recording the participation and confirming it were one activity each.
    expect(calls.steps).toBe(2);
  });
});
