import {
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
  allHandlersFinished,
} from '@temporalio/workflow';
import { caseTypeKey, stateKey } from '../contracts/temporal.js';
import { decideTaskUpdate, type DecideTaskInput } from '../contracts/tasks.contract.js';
import {
  publishCatalogueUpdate,
  reassignTaskUpdate,
  reviewMeetingScheduledSignal,
  rolloutViewQuery,
  withdrawUpdate,
  type FinalDecision,
  type LocalGroupDecision,
  type RevisionDecision,
  type RolloutActivities,
  type RolloutInput,
  type RolloutView,
} from '../contracts/rollout.contract.js';
import { sideEffects } from '../shared/side-effects.js';
import { central, decided, outcome, person, RolloutCase, type RolloutCarry } from './rollout.state.js';

export type { RolloutCarry } from './rollout.state.js';

/**
 * Process A of docs/domain.md: one programme's CIL rollout, from the initiative through anchoring
 * (programme leader and section head in parallel), the head of department's approval, the local
 * group's registration and the published catalogue, into operation. Runs for as long as the
 * programme offers CIL, continuing as new when its history grows long. The case itself (its data,
 * rules and side effects) is a RolloutCase; this function routes messages to it and waits.
 */
export async function rolloutWorkflow(input: RolloutInput, carry?: RolloutCarry): Promise<RolloutView> {
  const { workflowId } = workflowInfo();
  const { programmeId, initiatorId, caseId } = input;
  const acts = sideEffects<RolloutActivities>({
    local: false,
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
  const reminders = new Map<string, CancellationScope>();
  const rollout = new RolloutCase(input, workflowId, {
    acts,
    upsertSearchAttributes,
    sleep,
    chase(taskId, run) {
      const scope = new CancellationScope();
      reminders.set(taskId, scope);
      scope.run(run).catch((err: unknown) => {
        if (!isCancellation(err)) throw err;
      });
    },
    stopChasing: (taskId) => reminders.get(taskId)?.cancel(),
  }, carry);

  setHandler(rolloutViewQuery, () => rollout.view());
  setHandler(reviewMeetingScheduledSignal, (meeting) => rollout.meetingScheduled(meeting));
  rollout.resumeAgendas();
  setHandler(decideTaskUpdate, (request) => rollout.decide(request), { validator: (request: DecideTaskInput) => rollout.refuseDecision(request) });
  setHandler(
    withdrawUpdate,
    async (request) => {
      rollout.requestWithdrawal(request);
      await condition(() => rollout.withdrawalSettled());
      return rollout.withdrawalAnswer();
    },
    { validator: (request: { actorId: string }) => rollout.refuseWithdrawal(request) },
  );
  setHandler(reassignTaskUpdate, (request) => rollout.reassign(request), { validator: (request: { taskId: string; assigneeId: string }) => rollout.refuseReassignment(request) });
  setHandler(publishCatalogueUpdate, (request) => rollout.publish(request), { validator: (request: { homeActivities: number; abroadActivities: number }) => rollout.refusePublication(request) });

  /** Waits for `done` or a withdrawal; answers true when the case was withdrawn (and has ended). */
  async function untilDoneOrWithdrawn(done: () => boolean): Promise<boolean> {
    await condition(() => done() || rollout.withdrawalRequested);
    if (!rollout.withdrawalRequested || done()) return false;
    await rollout.withdraw();
    return true;
  }

  /** The case has ended: once every update in flight has answered (the decision that ended it included). */
  async function ended(): Promise<RolloutView> {
    await condition(allHandlersFinished);
    return rollout.view();
  }

  if (!carry) {
    upsertSearchAttributes([
      { key: caseTypeKey, value: 'rollout' },
      { key: stateKey, value: rollout.stage },
    ]);
    const people = rollout.joined(await acts.resolveParticipants({ programmeId }));
    await acts.recordCase({ caseId, stage: rollout.stage, event: { key: 'submitted', caseId, kind: 'initiative.submitted', actorId: initiatorId } });
    await rollout.notify({ key: 'submitted', kind: 'initiative_submitted', to: [person(people.facultyRepresentativeId), central] });

    // Anchoring (forankring): both assess at once; one rejection declines, changes go back to the initiator.
    for (;;) {
      const round = rollout.round;
      const leader = await rollout.openTask('anchoring_programme_leader', people.programmeLeaderId, `r${round}:programme-leader`);
      const section = await rollout.openTask('anchoring_section_head', people.sectionHeadId, `r${round}:section-head`);
      const both = [leader, section];
      const settled = () => both.some((t) => decided(t) && outcome(t) !== 'approve') || both.every(decided);
      if (await untilDoneOrWithdrawn(settled)) return ended();
      const rejected = both.find((t) => decided(t) && outcome(t) === 'reject');
      const changes = both.find((t) => decided(t) && outcome(t) === 'request_changes');
      if (rejected) {
        await rollout.cancelOpenTasks();
        await rollout.decline(rejected.taskId);
        return ended();
      }
      if (!changes) break;
      await rollout.cancelOpenTasks();
      await rollout.setStage('changes_requested');
      await rollout.notify({ key: `r${round}:changes`, kind: 'changes_requested', to: [person(initiatorId)], taskId: changes.taskId });
      const revision = await rollout.openTask('revise_initiative', initiatorId, `r${round}:revise`);
      if (await untilDoneOrWithdrawn(() => decided(revision))) return ended();
      const { initiative } = revision.decision as RevisionDecision;
      rollout.revised(initiative);
      await rollout.setStage('anchoring', { key: `r${rollout.round}:resubmitted`, kind: 'initiative.resubmitted', actorId: initiatorId, data: { initiative } });
    }

    // Final approval by the head of department.
    await rollout.setStage('final_approval');
    const final = await rollout.openTask('final_approval', people.headOfDepartmentId, 'final-approval');
    if (await untilDoneOrWithdrawn(() => decided(final))) return ended();
    if ((final.decision as FinalDecision).outcome === 'reject') {
      await rollout.decline(final.taskId);
      return ended();
    }
    await rollout.setStage('local_group');
    await rollout.notify({
      key: 'approved',
      kind: 'rollout_approved',
      to: [people.deanId, people.proDeanId, initiatorId, people.facultyRepresentativeId].map(person).concat(central),
      taskId: final.taskId,
    });

    // The local resource group, registered by the faculty representative (weekly reminders).
    const registration = await rollout.openTask('register_local_group', people.facultyRepresentativeId, 'local-group', true);
    await condition(() => decided(registration));
    const { members } = registration.decision as LocalGroupDecision;
    await acts.registerLocalGroup({ caseId, programmeId, members });
    await rollout.notify({ key: 'local-group', kind: 'local_group_membership', to: members.map((m) => person(m.personId)) });
    await rollout.setStage('development', { key: 'local-group-registered', kind: 'local_group.registered', actorId: registration.decidedBy });
  }

  // Development until the catalogue is published (publishCatalogueUpdate moves the stage on).
  await condition(() => rollout.stage === 'open' || workflowInfo().continueAsNewSuggested);

  // Operation: the case lives as long as the programme offers CIL; history is kept short.
  await condition(() => workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  for (const scope of reminders.values()) scope.cancel();
  return continueAsNew<typeof rolloutWorkflow>(input, rollout.carry());
}
