import { allHandlersFinished, condition, continueAsNew, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { LOCAL_SIDE_EFFECTS_PATCH, sideEffects } from '../shared/side-effects.js';
import { caseTypeKey, stateKey } from '../contracts/temporal.js';
import { decideTaskUpdate } from '../contracts/tasks.contract.js';
import { refusal } from '../contracts/refusals.js';
import { confirmationTaskId, proposalTaskId } from '../contracts/ids.js';
import type { CertificateActivities, CertificateMailKind, CertificateCarry, CertificateInput, CertificateStage, CertificateView, ExternalEvent, Participation, Proposal } from '../contracts/certificate.contract.js';
import {
  certificateViewQuery,
  externalEventSignal,
  proposeActivityUpdate,
  recordMilestoneUpdate,
  recordParticipationUpdate,
  reviewReportUpdate,
  submitReportUpdate,
  withdrawCertificateUpdate,
} from '../contracts/certificate.contract.js';
import { requirementStatus } from '../domain/requirements.js';

const ACTIVITY_OPTIONS = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;
/**
 * The diploma (a PDF and a signed credential) stays a regular activity: it is the one slow step. It
 * takes well under a second, so a worker that dies while issuing it is noticed after 20 s, not a minute.
 */
const diplomas = sideEffects<Pick<CertificateActivities, 'issueDiploma'>>({ local: false, ...ACTIVITY_OPTIONS, startToCloseTimeout: '20 seconds' });

const OPEN_FOR_ACTIVITIES: readonly CertificateStage[] = ['collecting', 'report_due', 'in_review'];

/**
 * Process B of domain.md: one student's certificate, from enrolment to the diploma. Activities,
 * the career course and the presentation arrive in any order, from people or other systems; when
 * everything is met the student is asked for the final reflection report by itself; the local
 * group reviews it at a meeting; approval issues the diploma.
 */
export async function certificateWorkflow(input: CertificateInput, carry?: CertificateCarry): Promise<CertificateView> {
  const { workflowId } = workflowInfo();
  const { certificateId, programmeId, studentId } = input;
  const acts = sideEffects<CertificateActivities>({ local: LOCAL_SIDE_EFFECTS_PATCH, ...ACTIVITY_OPTIONS });
  let stage: CertificateStage = carry?.stage ?? 'collecting';
  const participations = new Map<string, Participation>((carry?.participations ?? []).map((p) => [p.participationId, p]));
  let careerCourse = carry?.careerCourse ?? false;
  let presentation = carry?.presentation ?? false;
  let reportRound = carry?.reportRound ?? 0;
  let reviewMeetingId: string | undefined = carry?.reviewMeetingId;
  let notices = carry?.notices ?? 0;
  let progress = 0; // bumped by every fact and decision: what "inactive" is measured against
  let closeIncomplete = false;
  const proposals = new Map<string, Proposal>((carry?.proposals ?? []).map((p) => [p.taskId, p])); // by task id
  let groupMemberIds: string[] = [];
  let confirmerId = '';
  const seenEvents = new Set<string>(carry?.seenEvents ?? []);
  const taskOf = new Map<string, string>([...participations.values()].flatMap((p) => (p.taskId ? [[p.taskId, p.participationId] as const] : []))); // taskId → participationId
  let withdrawal: { actorId: string; reason?: string } | undefined;
  let review: { outcome: 'approve' | 'revise'; actorId: string; comment?: string } | undefined;
  // Side effects of handlers run in order, after the participants are known.
  let pending: Promise<void> = acts.resolveCertificateParticipants({ programmeId }).then((found) => {
    confirmerId = found.confirmerId;
    groupMemberIds = found.groupMemberIds;
  });

  const view = (): CertificateView => ({
    certificateId,
    programmeId,
    studentId,
    stage,
    participations: [...participations.values()],
    careerCourse,
    presentation,
    reportRound,
    reviewMeetingId,
    proposals: [...proposals.values()],
  });
  const status = () =>
    requirementStatus({ participations: [...participations.values()].map((p) => ({ ...p, confirmed: p.status === 'confirmed' })), careerCourse, presentation });
  const later = (fn: () => Promise<unknown>) => {
    pending = pending.then(fn).then(() => undefined);
    return pending;
  };
  const notify = (key: string, kind: CertificateMailKind, to: string[], taskId?: string, comment?: string) =>
    acts.notifyCertificate({ key: `${workflowId}:${key}`, kind, certificateId, to, taskId, comment });
  async function setStage(next: CertificateStage, event?: { key: string; kind: string; actorId?: string; comment?: string; data?: Record<string, unknown> }) {
    stage = next;
    upsertSearchAttributes([{ key: stateKey, value: next }]);
    await acts.recordCertificate({ certificateId, stage: next, event });
  }

  upsertSearchAttributes([{ key: caseTypeKey, value: 'certificate' }, { key: stateKey, value: stage }]);

  setHandler(certificateViewQuery, view);

  setHandler(
    recordParticipationUpdate,
    async ({ actorId, participation }) => {
      progress++;
      const p: Participation = { ...participation, status: 'awaiting_confirmation' };
      participations.set(p.participationId, p);
      const taskId = confirmationTaskId(workflowId, p.participationId);
      p.taskId = taskId;
      taskOf.set(taskId, p.participationId);
      await later(async () => {
        await acts.openTask({ taskId, caseType: 'certificate', caseId: certificateId, workflowId, type: 'confirm_participation', assigneeId: confirmerId });
        await notify(`confirm:${p.participationId}:assigned`, 'task_assigned', [confirmerId], taskId);
        await acts.recordCertificate({ certificateId, event: { key: `participation:${p.participationId}`, kind: 'participation.recorded', actorId, data: { participationId: p.participationId, activityId: p.activityId } } });
      });
      return view();
    },
    {
      validator: ({ actorId, participation }: { actorId: string; participation: { participationId: string; category: string } }) => {
        if (actorId !== studentId) throw refusal({ kind: 'forbidden', message: 'only the student records their own participations' });
        if (!OPEN_FOR_ACTIVITIES.includes(stage)) throw refusal({ kind: 'conflict', message: `the certificate is ${stage}` });
        if (participations.has(participation.participationId)) throw refusal({ kind: 'conflict', message: 'this participation is already recorded' });
        if (participation.category !== 'home' && participation.category !== 'abroad') throw refusal({ kind: 'invalid', field: 'category', message: 'category must be home or abroad' });
      },
    },
  );

  const proposalValidator = ({ taskId, actorId, decision }: { taskId: string; actorId: string; decision: unknown }) => {
    const proposal = proposals.get(taskId)!;
    if (proposal.status !== 'open') throw refusal({ kind: 'conflict', message: 'this proposal is already decided' });
    if (actorId !== confirmerId) throw refusal({ kind: 'forbidden', message: 'only the person the task is assigned to can decide it' });
    const d = (decision ?? {}) as { outcome?: string; reason?: string };
    if (d.outcome !== 'approve' && d.outcome !== 'reject') throw refusal({ kind: 'invalid', field: 'outcome', message: 'outcome must be approve or reject' });
    if (d.outcome === 'reject' && !d.reason?.trim()) throw refusal({ kind: 'invalid', field: 'reason', message: 'reason is required to reject' });
  };

  const confirmValidator = ({ taskId, actorId, decision }: { taskId: string; actorId: string; decision: unknown }) => {
    if (proposals.has(taskId)) return proposalValidator({ taskId, actorId, decision });
    const participationId = taskOf.get(taskId);
    const p = participationId ? participations.get(participationId) : undefined;
    if (!p) throw refusal({ kind: 'not_found', message: 'no such task on this certificate' });
    if (p.status !== 'awaiting_confirmation') throw refusal({ kind: 'conflict', message: 'this participation is already decided' });
    if (actorId !== confirmerId) throw refusal({ kind: 'forbidden', message: 'only the person the task is assigned to can decide it' });
    const d = (decision ?? {}) as { outcome?: string; reason?: string };
    if (d.outcome !== 'confirm' && d.outcome !== 'reject') throw refusal({ kind: 'invalid', field: 'outcome', message: 'outcome must be confirm or reject' });
    if (d.outcome === 'reject' && !d.reason?.trim()) throw refusal({ kind: 'invalid', field: 'reason', message: 'reason is required to reject' });
  };

  setHandler(
    decideTaskUpdate,
    async ({ taskId, actorId, decision }) => {
      confirmValidator({ taskId, actorId, decision });
      progress++;
      const proposal = proposals.get(taskId);
      if (proposal) {
        const d = decision as unknown as { outcome: 'approve' | 'reject'; reason?: string };
        proposal.status = d.outcome === 'approve' ? 'approved' : 'rejected';
        await later(async () => {
          await acts.closeTask({ taskId, status: 'done', decidedBy: actorId, decision });
          await acts.settleProposal({ proposalId: proposal.proposalId, approved: d.outcome === 'approve', decidedBy: actorId });
          await notify(`proposal:${proposal.proposalId}:${d.outcome}`, d.outcome === 'approve' ? 'proposal_approved' : 'proposal_rejected', [studentId], taskId, d.reason);
          await acts.recordCertificate({ certificateId, event: { key: `${taskId}:decided`, kind: `proposal.${proposal.status}`, actorId, comment: d.reason, data: { proposalId: proposal.proposalId } } });
        });
        return { taskId, outcome: d.outcome };
      }
      const p = participations.get(taskOf.get(taskId)!)!;
      const d = decision as unknown as { outcome: 'confirm' | 'reject'; reason?: string };
      p.status = d.outcome === 'confirm' ? 'confirmed' : 'rejected';
      p.confirmedBy = actorId;
      await later(async () => {
        await acts.closeTask({ taskId, status: 'done', decidedBy: actorId, decision });
        await notify(`confirm:${p.participationId}:${d.outcome}`, d.outcome === 'confirm' ? 'participation_confirmed' : 'participation_rejected', [studentId], taskId);
        await acts.recordCertificate({ certificateId, event: { key: `${taskId}:decided`, kind: `participation.${d.outcome === 'confirm' ? 'confirmed' : 'rejected'}`, actorId, comment: d.reason, data: { participationId: p.participationId } } });
      });
      return { taskId, outcome: d.outcome };
    },
    { validator: (i: { taskId: string; actorId: string; decision: unknown }) => confirmValidator(i) },
  );

  setHandler(externalEventSignal, (event: ExternalEvent) => {
    if (seenEvents.has(event.key) || !OPEN_FOR_ACTIVITIES.includes(stage)) return;
    seenEvents.add(event.key);
    progress++;
    const by = `event:${event.source}`;
    if (event.type === 'career_course_completed') careerCourse = true;
    else if (event.type === 'presentation_held') presentation = true;
    else {
      const existing = event.participationId ? participations.get(event.participationId) : undefined;
      if (existing) {
        existing.status = 'confirmed';
        existing.confirmedBy = by;
        if (event.sessions != null) existing.sessions = event.sessions;
        if (event.semesters != null) existing.semesters = event.semesters;
        if (existing.taskId) void later(() => acts.closeTask({ taskId: existing.taskId!, status: 'cancelled' }));
      } else if (event.activityId && event.category) {
        const participationId = event.participationId ?? `event-${event.key}`;
        participations.set(participationId, {
          participationId,
          activityId: event.activityId,
          category: event.category,
          minimumSessions: event.minimumSessions ?? null,
          minimumSemesters: event.minimumSemesters ?? null,
          sessions: event.sessions ?? null,
          semesters: event.semesters ?? null,
          status: 'confirmed',
          confirmedBy: by,
        });
      }
    }
    void later(() => acts.recordCertificate({ certificateId, event: { key: `event:${event.key}`, kind: `event.${event.type}`, data: { source: event.source } } }));
  });

  setHandler(
    proposeActivityUpdate,
    async ({ actorId, proposalId }) => {
      progress++;
      const taskId = proposalTaskId(workflowId, proposalId);
      proposals.set(taskId, { proposalId, taskId, status: 'open' });
      await later(async () => {
        await acts.openTask({ taskId, caseType: 'certificate', caseId: certificateId, workflowId, type: 'assess_activity_proposal', assigneeId: confirmerId });
        await notify(`proposal:${proposalId}:assigned`, 'proposal_task', [confirmerId], taskId);
        await acts.recordCertificate({ certificateId, event: { key: `proposal:${proposalId}`, kind: 'proposal.submitted', actorId, data: { proposalId } } });
      });
      return view();
    },
    {
      validator: ({ actorId, proposalId }: { actorId: string; proposalId: string }) => {
        if (actorId !== studentId) throw refusal({ kind: 'forbidden', message: 'only the student proposes activities on their certificate' });
        if (!OPEN_FOR_ACTIVITIES.includes(stage)) throw refusal({ kind: 'conflict', message: `the certificate is ${stage}` });
        if ([...proposals.values()].some((p) => p.proposalId === proposalId)) throw refusal({ kind: 'conflict', message: 'this proposal is already submitted' });
      },
    },
  );

  setHandler(
    recordMilestoneUpdate,
    async ({ actorId, kind }) => {
      progress++;
      if (kind === 'career_course') careerCourse = true;
      else presentation = true;
      await later(() => acts.recordCertificate({ certificateId, event: { key: `milestone:${kind}`, kind: `milestone.${kind}`, actorId } }));
      return view();
    },
    {
      validator: ({ kind }: { kind: string }) => {
        if (!OPEN_FOR_ACTIVITIES.includes(stage)) throw refusal({ kind: 'conflict', message: `the certificate is ${stage}` });
        if (kind !== 'career_course' && kind !== 'presentation') throw refusal({ kind: 'invalid', field: 'kind', message: 'kind must be career_course or presentation' });
      },
    },
  );

  setHandler(
    submitReportUpdate,
    async ({ actorId, reportId, meetingId }) => {
      progress++;
      reportRound += 1;
      reviewMeetingId = meetingId;
      groupMemberIds = (await acts.resolveCertificateParticipants({ programmeId })).groupMemberIds;
      await setStage('in_review', { key: `report:${reportRound}`, kind: 'report.submitted', actorId, data: { reportId, meetingId, round: reportRound } });
      return view();
    },
    {
      validator: ({ actorId }: { actorId: string }) => {
        if (actorId !== studentId) throw refusal({ kind: 'forbidden', message: 'only the student hands in their report' });
        if (stage !== 'report_due') {
          throw refusal({ kind: 'conflict', message: stage === 'collecting' ? 'the report can be handed in once the activities, the career course and the presentation are all met' : `the certificate is ${stage}` });
        }
      },
    },
  );

  setHandler(
    reviewReportUpdate,
    async ({ actorId, outcome, comment }) => {
      review = { actorId, outcome, comment };
      await condition(() => review === undefined || stage === 'completed');
      return view();
    },
    {
      validator: ({ actorId, meetingId, outcome, comment }: { actorId: string; meetingId: string; outcome: string; comment?: string }) => {
        if (stage !== 'in_review' || review) throw refusal({ kind: 'conflict', message: 'no report of this certificate awaits review' });
        if (meetingId !== reviewMeetingId) throw refusal({ kind: 'conflict', message: 'the report is not on this meeting’s agenda' });
        if (!groupMemberIds.includes(actorId)) throw refusal({ kind: 'forbidden', message: "only the programme's local group decides on reports" });
        if (outcome !== 'approve' && outcome !== 'revise') throw refusal({ kind: 'invalid', field: 'outcome', message: 'outcome must be approve or revise' });
        if (outcome === 'revise' && !comment?.trim()) throw refusal({ kind: 'invalid', field: 'comment', message: 'comment is required to ask for a revision' });
      },
    },
  );

  setHandler(
    withdrawCertificateUpdate,
    async (request) => {
      withdrawal ??= request;
      await condition(() => stage === 'withdrawn');
      return view();
    },
    {
      validator: ({ actorId }: { actorId: string }) => {
        if (actorId !== studentId) throw refusal({ kind: 'forbidden', message: 'only the student can withdraw' });
        if (!OPEN_FOR_ACTIVITIES.includes(stage) || withdrawal) throw refusal({ kind: 'conflict', message: `the certificate is ${stage}` });
      },
    },
  );

  await pending;
  if (!carry) {
    await acts.recordCertificate({ certificateId, stage, event: { key: 'enrolled', kind: 'certificate.enrolled', actorId: studentId } });
    await notify('welcome', 'welcome', [studentId]);
  }

  // Past the expected end of studies, an unfinished enrolment gets a notice; if nothing happens
  // within the grace period it is closed as incomplete (nothing is deleted).
  const clock = await acts.certificateClock({ expectedEndOfStudies: input.expectedEndOfStudies });
  async function cancelOpenTasks() {
    for (const p of participations.values()) {
      if (p.status === 'awaiting_confirmation' && p.taskId) await acts.closeTask({ taskId: p.taskId, status: 'cancelled' });
    }
    for (const p of proposals.values()) {
      if (p.status === 'open') await acts.closeTask({ taskId: p.taskId, status: 'cancelled' });
    }
  }

  const settled = () => !OPEN_FOR_ACTIVITIES.includes(stage) || stage === 'in_review';
  const watch = async () => {
    await sleep(clock.msUntilEnd);
    for (;;) {
      if (settled()) return;
      const seen = progress;
      notices += 1;
      await notify(`inactivity-notice-${notices}`, 'inactivity_notice', [studentId]);
      await sleep(clock.graceMs);
      if (settled()) return;
      if (progress === seen) {
        closeIncomplete = true;
        return;
      }
    }
  };
  void watch();

  for (;;) {
    const canContinue = () => workflowInfo().continueAsNewSuggested && review === undefined && withdrawal === undefined;
    await condition(() => withdrawal !== undefined || review !== undefined || closeIncomplete || canContinue() || (stage === 'collecting' && status().allMet));
    await pending;
    if (closeIncomplete && !withdrawal) {
      await cancelOpenTasks();
      await setStage('closed_incomplete', { key: 'closed-incomplete', kind: 'certificate.closed_incomplete' });
      await notify('closed-incomplete', 'closed_incomplete', [studentId]);
      await condition(allHandlersFinished);
      return view();
    }
    if (canContinue() && !(stage === 'collecting' && status().allMet)) {
      await condition(allHandlersFinished);
      await pending;
      return continueAsNew<typeof certificateWorkflow>(input, {
        stage,
        participations: [...participations.values()],
        careerCourse,
        presentation,
        reportRound,
        reviewMeetingId,
        seenEvents: [...seenEvents].slice(-500),
        notices,
        proposals: [...proposals.values()],
      });
    }
    if (withdrawal) {
      await cancelOpenTasks();
      await setStage('withdrawn', { key: 'withdrawn', kind: 'certificate.withdrawn', actorId: withdrawal.actorId, comment: withdrawal.reason });
      await notify('withdrawn', 'withdrawn', [studentId]);
      await condition(allHandlersFinished);
      return view();
    }
    if (review) {
      const r = review;
      if (r.outcome === 'approve') {
        await acts.recordCertificate({ certificateId, event: { key: `review:${reportRound}`, kind: 'report.approved', actorId: r.actorId } });
        const counted = status().counted.map((c) => ({ participationId: c.participationId ?? '', activityId: c.activityId }));
        const { verificationCode } = await diplomas.issueDiploma({ certificateId, counted });
        await setStage('completed', { key: 'diploma', kind: 'diploma.issued', data: { verificationCode } });
        await notify('diploma', 'diploma_issued', [studentId]);
        review = undefined;
        await condition(allHandlersFinished);
        return view();
      }
      await setStage('report_due', { key: `review:${reportRound}`, kind: 'report.revise', actorId: r.actorId, comment: r.comment });
      await notify(`review:${reportRound}:revise`, 'report_revise', [studentId], undefined, r.comment);
      reviewMeetingId = undefined;
      review = undefined;
      continue;
    }
    // Everything is met: ask for the final reflection report, once.
    await setStage('report_due', { key: 'requirements-met', kind: 'requirements.met' });
    await notify('report-due', 'report_due', [studentId]);
  }
}
