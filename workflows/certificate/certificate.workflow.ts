import { allHandlersFinished, condition, continueAsNew, patched, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { LOCAL_SIDE_EFFECTS_PATCH, sideEffects } from '../shared/side-effects.js';
import { caseTypeKey, stateKey } from '../contracts/temporal.js';
import { decideTaskUpdate } from '../contracts/tasks.contract.js';
import {
  reassignConfirmerUpdate,
  certificateViewQuery,
  externalEventSignal,
  externalEventUpdate,
  reportOnAgendaSignal,
  proposeActivityUpdate,
  recordMilestoneUpdate,
  recordParticipationUpdate,
  reviewReportUpdate,
  submitReportUpdate,
  withdrawCertificateUpdate,
  type CertificateActivities,
  type CertificateCarry,
  type CertificateInput,
  type CertificateView,
} from '../contracts/certificate.contract.js';
import { CertificateCase } from './certificate.state.js';

/** Marks runs whose steps run their side effects as one activity (certificateStep). */
export const STEP_BATCH_PATCH = 'certificate-step-batch';

const ACTIVITY_OPTIONS = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;

/**
 * Process B of docs/domain.md: one student's certificate, from enrolment to the diploma. Activities,
 * the career course and the presentation arrive in any order, from people or other systems; when
 * everything is met the student is asked for the final reflection report by itself; the local
 * group reviews it at a meeting; approval issues the diploma. The certificate itself (its data,
 * rules and side effects) is a CertificateCase; this function routes messages to it and waits.
 */
export async function certificateWorkflow(input: CertificateInput, carry?: CertificateCarry): Promise<CertificateView> {
  const { workflowId } = workflowInfo();
  const { certificateId, studentId } = input;
  // The short database and outbox steps run as local activities in runs that carry the patch.
  const acts = sideEffects<CertificateActivities>({ local: LOCAL_SIDE_EFFECTS_PATCH, ...ACTIVITY_OPTIONS });
  // The diploma stays a regular activity: it is the one slow step. It takes well under a second, so
  // a worker that dies while issuing it is noticed after 20 s, not a minute.
  const diplomas = sideEffects<Pick<CertificateActivities, 'issueDiploma'>>({ local: false, ...ACTIVITY_OPTIONS, startToCloseTimeout: '20 seconds' });
  // A step's side effects run as one local activity in runs that carry this patch (fewer workflow activations per step).
  const batched = patched(STEP_BATCH_PATCH);
  const certificate = new CertificateCase(input, workflowId, { acts, diplomas, upsertSearchAttributes, sleep, batched }, carry);
  certificate.lookUpParticipants();

  upsertSearchAttributes([{ key: caseTypeKey, value: 'certificate' }, { key: stateKey, value: certificate.stage }]);

  setHandler(certificateViewQuery, () => certificate.view());
  setHandler(recordParticipationUpdate, (request) => certificate.recordParticipation(request), {
    validator: (request: { actorId: string; participation: { participationId: string; category: string } }) => certificate.refuseParticipation(request),
  });
  setHandler(decideTaskUpdate, (request) => certificate.decide(request), {
    validator: (request: { taskId: string; actorId: string; decision: unknown }) => certificate.refuseDecision(request),
  });
  setHandler(externalEventSignal, (event) => certificate.externalEvent(event));
  setHandler(externalEventUpdate, async (event) => {
    certificate.externalEvent(event);
    await certificate.pending;
    return certificate.view();
  });
  setHandler(reportOnAgendaSignal, (placed) => certificate.reportOnAgenda(placed));
  setHandler(proposeActivityUpdate, (request) => certificate.propose(request), {
    validator: (request: { actorId: string; proposalId: string }) => certificate.refuseProposal(request),
  });
  setHandler(reassignConfirmerUpdate, (request) => certificate.reassignConfirmer(request), {
    validator: (request: { assigneeId: string }) => certificate.refuseConfirmerChange(request),
  });
  setHandler(recordMilestoneUpdate, (request) => certificate.recordMilestone(request), {
    validator: (request: { kind: string }) => certificate.refuseMilestone(request),
  });
  setHandler(submitReportUpdate, (request) => certificate.submitReport(request), {
    validator: (request: { actorId: string }) => certificate.refuseReport(request),
  });
  setHandler(
    reviewReportUpdate,
    async (request) => {
      certificate.requestReview(request);
      await condition(() => certificate.reviewSettled());
      return certificate.view();
    },
    { validator: (request: { actorId: string; meetingId: string; outcome: string; comment?: string }) => certificate.refuseReview(request) },
  );
  setHandler(
    withdrawCertificateUpdate,
    async (request) => {
      certificate.requestWithdrawal(request);
      await condition(() => certificate.stage === 'withdrawn');
      return certificate.view();
    },
    { validator: (request: { actorId: string }) => certificate.refuseWithdrawal(request) },
  );

  await certificate.pending;
  if (!carry) {
    await acts.recordCertificate({ certificateId, stage: certificate.stage, event: { key: 'enrolled', kind: 'certificate.enrolled', actorId: studentId }, snapshot: certificate.snapshot() });
    await certificate.notify('welcome', 'welcome', [studentId]);
  }

  const clock = await acts.certificateClock({ expectedEndOfStudies: input.expectedEndOfStudies });
  void certificate.watchInactivity(clock);

  /** The certificate has ended: once every update in flight has answered. */
  async function ended(): Promise<CertificateView> {
    await condition(allHandlersFinished);
    return certificate.view();
  }

  for (;;) {
    const canContinue = () => workflowInfo().continueAsNewSuggested && !certificate.reviewRequested && !certificate.withdrawalRequested;
    await condition(() => certificate.withdrawalRequested || certificate.reviewRequested || certificate.inactive || canContinue() || certificate.requirementsMet());
    await certificate.pending;
    if (certificate.inactive && !certificate.withdrawalRequested) {
      await certificate.closeIncomplete();
      return ended();
    }
    if (canContinue() && !certificate.requirementsMet()) {
      await condition(allHandlersFinished);
      await certificate.pending;
      return continueAsNew<typeof certificateWorkflow>(input, certificate.carry());
    }
    if (certificate.withdrawalRequested) {
      await certificate.withdraw();
      return ended();
    }
    if (certificate.reviewRequested) {
      if (await certificate.actOnReview()) return ended();
      continue;
    }
    // Everything is met: ask for the final reflection report, once.
    await certificate.askForReport();
  }
}
