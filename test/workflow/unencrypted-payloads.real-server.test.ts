import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, jest } from '@jest/globals';
import { Client, WorkflowFailedError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { parseConfig } from '../../services/platform/config/config.schema.js';
import { dataConverterFor } from '../../services/platform/temporal/encryption.codec.js';
import { payloadConverterPath, workflowBundleOptions } from '../../services/platform/temporal/workflow-source.js';
import { reviewMeetingScheduledSignal, rolloutViewQuery, type RolloutActivities } from '../../workflows/contracts/rollout.contract.js';
import { decideTaskUpdate } from '../../workflows/contracts/tasks.contract.js';
import { UNENCRYPTED_PAYLOAD_FAILURE_TYPE } from '../../workflows/shared/refused-payload.js';
import { rolloutWorkflow } from '../../workflows/rollout/rollout.workflow.js';
import { localTestEnv } from '../support/temporal.js';
import { approve, openTaskOf, participants, recordingActivities, rolloutInput, waitFor } from './rollout-harness.js';
import { HISTORIES_DIR } from './workflow-paths.js';

jest.setTimeout(90_000);

const EventType = temporal.api.enums.v1.EventType;

/**
 * Production refuses payloads that are not encrypted with a known key (the codec's strict mode,
 * NODE_ENV=production): whoever reaches the Temporal frontend without the key (the Temporal CLI,
 * the Web UI, a client without our codec) cannot decide a task, feed a signal or start a case with
 * content of their choosing, and cannot break a workflow by trying. Everything here runs with the
 * production data converter and the production bundle (interceptors and payload converter) on a
 * real Temporal dev server.
 */
describe('payloads that are not encrypted, on a production worker', () => {
  const production = parseConfig({
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://cil.example.org',
    SESSION_SECRET: randomBytes(36).toString('base64'),
    PAYLOAD_ENCRYPTION_KEYS: `k2027:${randomBytes(32).toString('base64')}`,
  });
  const taskQueue = 'unencrypted-payloads';
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  /** What the API uses: the production data converter (encrypts, refuses what is not encrypted). */
  let encrypting: Client;
  /** What `temporal workflow update execute --input '{...}'` amounts to: plain JSON payloads. */
  let plain: Client;
  let worker: Worker;
  let running: Promise<void>;
  const millisUntilCalls: unknown[] = [];

  beforeAll(async () => {
    expect(production.temporal.refuseUnencrypted).toBe(true);
    env = await localTestEnv();
    bundle = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('WARN') });
    encrypting = new Client({ connection: env.connection, namespace: env.namespace, dataConverter: dataConverterFor(production) });
    plain = new Client({ connection: env.connection, namespace: env.namespace });
    const { activities } = recordingActivities();
    const watched: RolloutActivities = {
      ...activities,
      millisUntil: (input) => {
        millisUntilCalls.push(input);
        return activities.millisUntil(input);
      },
    };
    worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace,
      taskQueue,
      workflowBundle: bundle,
      dataConverter: dataConverterFor(production),
      activities: watched,
    });
    running = worker.run();
  });
  afterAll(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    await env?.teardown();
  });

  const eventTypes = async (handle: Pick<WorkflowHandle, 'fetchHistory'>) => ((await handle.fetchHistory()).events ?? []).map((e) => e.eventType);
  const failedWorkflowTasks = async (handle: Pick<WorkflowHandle, 'fetchHistory'>) => (await eventTypes(handle)).filter((t) => t === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED).length;

  async function startRollout(name: string) {
    const handle = await encrypting.workflow.start(rolloutWorkflow, { taskQueue, workflowId: name, args: [rolloutInput(name)] });
    const taskId = await openTaskOf(handle, 'anchoring_programme_leader');
    // Both assessments open in parallel: wait for the second too, so that the case is at rest.
    await openTaskOf(handle, 'anchoring_section_head');
    return { handle, taskId };
  }

  it('rejects a plain decideTask update before accepting it: the task stays open, no workflow task fails', async () => {
    const { handle, taskId } = await startRollout('plain-update');
    const request = { taskId, actorId: participants.programmeLeaderId, decision: approve };

    const error = await plain.workflow
      .getHandle(handle.workflowId)
      .executeUpdate(decideTaskUpdate, { updateId: 'plain-decision', args: [request] })
      .then(
        (result) => {
          throw new Error(`the plain update decided the task: ${JSON.stringify(result)}`);
        },
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: UNENCRYPTED_PAYLOAD_FAILURE_TYPE, nonRetryable: true });
    expect((cause as ApplicationFailure).message).toBe('the update decideTask refused: its payload was not encrypted with a known key');

    // Rejected by the validator: never accepted, so not in history; the workflow task completed.
    const history = (await handle.fetchHistory()).events ?? [];
    expect(history.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === 'plain-decision')).toBe(false);
    expect(await failedWorkflowTasks(handle)).toBe(0);
    const view = await handle.query(rolloutViewQuery);
    expect(view.tasks.find((t) => t.taskId === taskId)).toMatchObject({ type: 'anchoring_programme_leader', status: 'open' });

    // The same decision through the encrypting client is taken.
    expect(await handle.executeUpdate(decideTaskUpdate, { updateId: 'encrypted-decision', args: [request] })).toEqual({ taskId, outcome: 'approve' });
    expect((await handle.query(rolloutViewQuery)).tasks.find((t) => t.taskId === taskId)).toMatchObject({ status: 'done' });
    expect(await failedWorkflowTasks(handle)).toBe(0);
    await handle.terminate('test over');
  });

  it('drops a plain signal without failing a workflow task; the workflow keeps answering', async () => {
    const { handle, taskId } = await startRollout('plain-signal');
    const before = await handle.query(rolloutViewQuery);
    await plain.workflow.getHandle(handle.workflowId).signal(reviewMeetingScheduledSignal, { meetingId: 'meeting-1', agendaAt: '2030-01-01T08:00:00Z' });

    // The workflow task that delivered the signal completes.
    await waitFor('the signal to be handled', async () => {
      const types = await eventTypes(handle);
      const signalled = types.indexOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
      return signalled >= 0 && types.slice(signalled).includes(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    });
    expect(await failedWorkflowTasks(handle)).toBe(0);
    // Dropped: no agenda was planned for the meeting.
    expect(millisUntilCalls).toEqual([]);
    expect(await handle.query(rolloutViewQuery)).toEqual(before);

    // Queries and updates from the encrypting client still work.
    expect(await handle.executeUpdate(decideTaskUpdate, { args: [{ taskId, actorId: participants.programmeLeaderId, decision: approve }] })).toEqual({ taskId, outcome: 'approve' });
    expect(await failedWorkflowTasks(handle)).toBe(0);
    await handle.terminate('test over');
  });

  it('fails a query whose argument is not encrypted, and answers the next one', async () => {
    const { handle } = await startRollout('plain-query');
    await expect(plain.workflow.getHandle(handle.workflowId).query('view', { anything: true })).rejects.toThrow('the query view refused: its payload was not encrypted with a known key');
    expect((await handle.query(rolloutViewQuery)).stage).toBe('anchoring');
    expect(await failedWorkflowTasks(handle)).toBe(0);
    await handle.terminate('test over');
  });

  it('fails a workflow started with a plain input, before it does anything', async () => {
    const handle = await plain.workflow.start(rolloutWorkflow, { taskQueue, workflowId: 'plain-start', args: [rolloutInput('plain-start')] });
    await waitFor('the workflow to close', async () => (await handle.describe()).status.name !== 'RUNNING');
    const error = await handle.result().then(
      () => {
        throw new Error('the workflow ran with a plain input');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause).toMatchObject({ type: UNENCRYPTED_PAYLOAD_FAILURE_TYPE, message: 'the workflow input refused: its payload was not encrypted with a known key' });
    expect(await eventTypes(handle)).toEqual([
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
    ]);
  });

  it('replays every saved history with the interceptors and the payload converter', async () => {
    const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const history: unknown = JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8'));
      await expect(
        Worker.runReplayHistory({ workflowBundle: bundle, dataConverter: { payloadConverterPath: payloadConverterPath() } }, history as never, file.replace(/(~[^/]*)?\.json$/, '')),
      ).resolves.toBeUndefined();
    }
  });
});
