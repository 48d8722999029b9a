import { expect, jest } from '@jest/globals';
import { defaultPayloadConverter, defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTool, TEMPORAL_CLI } from '../../infra/tools/temporal-tools.js';
import { publishCatalogueUpdate, reassignTaskUpdate, withdrawUpdate, type RolloutActivities, type Initiative, type RolloutInput, type TaskDecision } from '../../workflows/contracts/rollout.contract.js';
import { decideTaskUpdate } from '../../workflows/contracts/tasks.contract.js';
import { rolloutWorkflow, type RolloutCarry } from '../../workflows/rollout/rollout.workflow.js';
import { SEARCH_ATTRIBUTES } from '../../workflows/contracts/temporal.js';
import {
  acceptedUpdateIds,
  approve,
  decide,
  INITIATOR,
  localGroup,
  mailsOf,
  openTaskOf,
  participants,
  publish,
  quiescent,
  recordHistory,
  recordingActivities,
  refusalOf,
  theRefusalAmong,
  rolloutInput,
  rolloutWorker,
  toDevelopment,
  untilStage,
  view,
  waitFor,
  type RolloutHandle,
} from './rollout-harness.js';

jest.setTimeout(60_000);

/**
 * These run on a real Temporal dev server rather than the time-skipping test server: it suggests
 * continue-as-new once a run's history passes `limit.historyCount.suggestContinueAsNew` (set very
 * low here, so every rollout continues as new at its first chance), and it hands a stopped
 * worker's workflow straight to the next worker, so requests sent meanwhile arrive together.
 */
const SUGGEST_CONTINUE_AS_NEW_AFTER_EVENTS = 10;

const { programmeLeaderId, sectionHeadId, headOfDepartmentId, facultyRepresentativeId } = participants;

function devServer(): Promise<TestWorkflowEnvironment> {
  const path = resolveTool(TEMPORAL_CLI).path;
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: path ? { type: 'existing-path', path } : { type: 'cached-download' },
      ip: '127.0.0.1',
      searchAttributes: Object.values(SEARCH_ATTRIBUTES).map((a) => defineSearchAttributeKey(a.name, SearchAttributeType.KEYWORD)),
      extraArgs: ['--log-level', 'error', '--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${SUGGEST_CONTINUE_AS_NEW_AFTER_EVENTS}`],
    },
  });
}

describe('rolloutWorkflow on a real Temporal server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await devServer();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  /** The arguments a run was started with (the carry of a continued run is the second). */
  async function startArgs(handle: RolloutHandle, runId: string): Promise<[RolloutInput, RolloutCarry?]> {
    const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    const payloads = history.events?.[0].workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    return payloads.map((p) => defaultPayloadConverter.fromPayload(p)) as [RolloutInput, RolloutCarry?];
  }

  const statusOf = async (handle: RolloutHandle, runId: string) => (await env.client.workflow.getHandle(handle.workflowId, runId).describe()).status.name;

  it('continues as new once development starts and again once open, carrying the case', async () => {
    const name = 'rollout.continued-as-new';
    const { calls, activities } = recordingActivities();
    const worker = await rolloutWorker(env, name, activities);
    const revised: Initiative = { motivation: 'Revised: partners named.', expectedStudentsPerYear: 12, initiatorCapacity: 'programme_leader' };
    const handle = await env.client.workflow.start(rolloutWorkflow, { taskQueue: name, workflowId: name, args: [rolloutInput(name)] });
    const firstRunId = handle.firstExecutionRunId;

    await worker.runUntil(async () => {
      await decide(handle, 'anchoring_programme_leader', programmeLeaderId, { outcome: 'request_changes', comment: 'Name the partners.' });
      await decide(handle, 'revise_initiative', INITIATOR, { outcome: 'resubmit', initiative: revised });
      await toDevelopment(handle);

      // The first run has long passed the threshold: it hands over as soon as development starts.
      const secondRunId = await waitFor('a second run', async () => {
        const { runId } = await handle.describe();
        return runId !== firstRunId && runId;
      });
      expect(await statusOf(handle, firstRunId)).toBe('CONTINUED_AS_NEW');
      const [input, carry] = await startArgs(handle, secondRunId);
      expect(input).toEqual(rolloutInput(name));
      expect(carry).toMatchObject({ stage: 'development', round: 2, initiative: revised, participants });
      expect(carry?.tasks.map((t) => [t.type, t.round, t.status])).toEqual([
        ['anchoring_programme_leader', 1, 'done'],
        ['anchoring_section_head', 1, 'cancelled'],
        ['revise_initiative', 1, 'done'],
        ['anchoring_programme_leader', 2, 'done'],
        ['anchoring_section_head', 2, 'done'],
        ['final_approval', 2, 'done'],
        ['register_local_group', 2, 'done'],
      ]);
      const carried = await view(handle);
      expect(carried).toMatchObject({ stage: 'development', round: 2 });
      expect(carried.tasks).toEqual(carry?.tasks);
      // The search attributes set by the first run stay on the case.
      expect((await handle.describe()).searchAttributes).toMatchObject({ CilCaseType: ['rollout'], CilProgrammeCode: ['BADT'], CilState: ['development'] });

      // Publishing in the continued run opens the programme, answers its caller, and the run hands over again.
      expect((await publish(handle)).stage).toBe('open');
      const thirdRunId = await waitFor('a third run', async () => {
        const { runId } = await handle.describe();
        return runId !== secondRunId && runId;
      });
      const [, openCarry] = await startArgs(handle, thirdRunId);
      expect(openCarry).toMatchObject({ stage: 'open', round: 2, initiative: revised });
      expect([await statusOf(handle, firstRunId), await statusOf(handle, secondRunId), await statusOf(handle, thirdRunId)]).toEqual(['CONTINUED_AS_NEW', 'CONTINUED_AS_NEW', 'RUNNING']);

      // An open rollout after continue-as-new: the view and the refusals still work.
      const open = await view(handle);
      expect(open).toEqual({ caseId: name, programmeId: 'prog-1', stage: 'open', round: 2, tasks: carried.tasks });
      expect((await handle.describe()).searchAttributes).toMatchObject({ CilCaseType: ['rollout'], CilState: ['open'] });
      const done = open.tasks.find((t) => t.type === 'final_approval')!;
      expect(await refusalOf(handle.executeUpdate(reassignTaskUpdate, { args: [{ taskId: done.taskId, actorId: 'p-admin', assigneeId: 'p-other' }] }))).toMatchObject({ kind: 'conflict' });
      expect(await refusalOf(handle.executeUpdate(decideTaskUpdate, { args: [{ taskId: done.taskId, actorId: headOfDepartmentId, decision: { outcome: 'approve' } }] }))).toMatchObject({ kind: 'conflict' });
      expect(await refusalOf(handle.executeUpdate(withdrawUpdate, { args: [{ actorId: INITIATOR }] }))).toMatchObject({ kind: 'conflict' });
      expect(await refusalOf(publish(handle))).toMatchObject({ kind: 'conflict' });
      expect((await handle.describe()).runId).toBe(thirdRunId);
      await recordHistory(env.client.workflow.getHandle(name, firstRunId));
    });
    expect(calls.participantLookups).toBe(1);
    expect(calls.tasks).toHaveLength(7);
    expect(calls.opened).toEqual(['prog-1']);
    expect(mailsOf(calls, 'programme_opened').map((m) => m.to)).toEqual([[{ personId: facultyRepresentativeId }, { centralMailbox: true }]]);
    expect(calls.stages).toEqual(['anchoring', 'changes_requested', 'anchoring', 'final_approval', 'local_group', 'development', 'open']);
  });

  /** Stops the worker, sends the requests, then starts a worker: they reach the workflow in one workflow task. */
  async function together(name: string, activities: RolloutActivities, send: () => Promise<unknown>[], then: (results: PromiseSettledResult<unknown>[]) => Promise<void>) {
    const pending = send();
    await new Promise((r) => setTimeout(r, 300));
    const worker = await rolloutWorker(env, name, activities);
    await worker.runUntil(async () => then(await Promise.allSettled(pending)));
  }

  it('decides a task once when two submissions arrive in the same workflow task', async () => {
    const name = 'same-task-together';
    const { calls, activities } = recordingActivities();
    const handle = await env.client.workflow.start(rolloutWorkflow, { taskQueue: name, workflowId: name, args: [rolloutInput(name)] });
    const leader = await (await rolloutWorker(env, name, activities)).runUntil(openTaskOf(handle, 'anchoring_section_head').then(() => openTaskOf(handle, 'anchoring_programme_leader')));
    const reject: TaskDecision = { outcome: 'reject', reason: 'No capacity.' };
    const submit = (updateId: string) => handle.executeUpdate(decideTaskUpdate, { updateId, args: [{ taskId: leader, actorId: programmeLeaderId, decision: reject }] });
    await together(name, activities, () => [submit('first'), submit('second')], async (results) => {
      expect(results.filter((r) => r.status === 'fulfilled')).toEqual([{ status: 'fulfilled', value: { taskId: leader, outcome: 'reject' } }]);
      expect(theRefusalAmong(results)).toEqual({ kind: 'conflict', message: 'this task is already decided' });
      expect((await handle.result()).stage).toBe('declined');
    });
    // The SDK runs a handler's first synchronous part right after its validator, so the second is
    // turned away by its validator and never enters history.
    expect((await acceptedUpdateIds(handle)).filter((id) => id === 'first' || id === 'second')).toHaveLength(1);
    expect(calls.closed.filter((c) => c.taskId === leader)).toEqual([{ taskId: leader, status: 'done', decidedBy: programmeLeaderId }]);
    expect(calls.events.filter((e) => e === 'anchoring_programme_leader.reject')).toHaveLength(1);
    expect(calls.events.filter((e) => e === 'initiative.declined')).toHaveLength(1);
    expect(mailsOf(calls, 'rollout_declined')).toHaveLength(1);
  });

  it('answers a withdrawal that arrives with the final approval, instead of leaving it hanging', async () => {
    const name = 'withdraw-with-final';
    const { calls, activities } = recordingActivities();
    const handle = await env.client.workflow.start(rolloutWorkflow, { taskQueue: name, workflowId: name, args: [rolloutInput(name)] });
    const final = await (await rolloutWorker(env, name, activities)).runUntil(async () => {
      await decide(handle, 'anchoring_programme_leader', programmeLeaderId, approve);
      await decide(handle, 'anchoring_section_head', sectionHeadId, approve);
      return openTaskOf(handle, 'final_approval');
    });
    await together(
      name,
      activities,
      () => [
        handle.executeUpdate(decideTaskUpdate, { updateId: 'approve', args: [{ taskId: final, actorId: headOfDepartmentId, decision: { outcome: 'approve' } }] }),
        handle.executeUpdate(withdrawUpdate, { updateId: 'withdraw', args: [{ actorId: INITIATOR }] }),
      ],
      async ([approved, withdrawn]) => {
        expect(approved.status).toBe('fulfilled');
        // Both passed their validators; the approval came first, so the withdrawal is too late and says so.
        expect(withdrawn.status).toBe('rejected');
        expect(theRefusalAmong([withdrawn])).toEqual({ kind: 'conflict', message: 'the initiative can no longer be withdrawn (it is local_group)' });
        await untilStage(handle, 'local_group');
        await decide(handle, 'register_local_group', facultyRepresentativeId, localGroup);
        await untilStage(handle, 'development');
      },
    );
    // In the first run: it continued as new once development started.
    expect(await acceptedUpdateIds(env.client.workflow.getHandle(name, handle.firstExecutionRunId))).toEqual(expect.arrayContaining(['approve', 'withdraw']));
    expect(mailsOf(calls, 'rollout_withdrawn')).toEqual([]);
    expect(mailsOf(calls, 'rollout_approved')).toHaveLength(1);
    expect(calls.stages).not.toContain('withdrawn');
  });

  it('refuses a publication that arrives with another in the same workflow task', async () => {
    const name = 'publish-together';
    const { calls, activities } = recordingActivities();
    const handle = await env.client.workflow.start(rolloutWorkflow, { taskQueue: name, workflowId: name, args: [rolloutInput(name)] });
    await (await rolloutWorker(env, name, activities)).runUntil(async () => {
      await toDevelopment(handle);
      // Let the continued run settle before the worker stops, or its first workflow task would wait for a timeout.
      await waitFor('the continued run', async () => (await handle.describe()).runId !== handle.firstExecutionRunId);
      await quiescent(handle);
    });
    const publication = (n: number) => handle.executeUpdate(publishCatalogueUpdate, { updateId: `publish-${n}`, args: [{ actorId: `m${n}`, homeActivities: 1, abroadActivities: 1 }] });
    const continuedRunId = (await handle.describe()).runId;
    await together(name, activities, () => [publication(1), publication(2)], (results) => {
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(theRefusalAmong(results)).toEqual({ kind: 'conflict', message: 'the catalogue is already being published' });
      return Promise.resolve();
    });
    // Turned away by its validator: only one publication entered the (continued) run's history.
    expect((await acceptedUpdateIds(env.client.workflow.getHandle(name, continuedRunId))).filter((id) => id.startsWith('publish-'))).toHaveLength(1);
    expect(calls.opened).toEqual(['prog-1']);
    expect(mailsOf(calls, 'programme_opened')).toHaveLength(1);
  });
});
