import { jest } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { temporal } from '@temporalio/proto';
import { timeSkippingTestEnv } from '../support/temporal.js';
import { decide, participants, withRollout, approve, openTaskOf, quiescent } from './rollout-harness.js';
import { workflowsPath } from './workflow-paths.js';

jest.setTimeout(60_000);

describe('scratch', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await timeSkippingTestEnv(); });
  afterAll(async () => { await env?.teardown(); });

  it('replays', async () => {
    const { handle } = await withRollout(env, 'scratch-replay', async (handle) => {
      await openTaskOf(handle, 'anchoring_section_head');
      await quiescent(handle);
      await decide(handle, 'anchoring_section_head', participants.sectionHeadId, approve);
    });
    const history = await handle.fetchHistory();
    void console.log(history.events!.length); void (history.events!.map((e) => `${String(e.eventId)} ${temporal.api.enums.v1.EventType[e.eventType!]}`).join('\n'));
    const direct = await Worker.runReplayHistory({ workflowsPath }, history, 'a').then(() => 'ok', (e: Error) => e.message);
    const viaJson = await Worker.runReplayHistory({ workflowsPath }, historyFromJSON(JSON.parse(historyToJSON(history))), 'b').then(() => 'ok', (e: Error) => e.message);
    console.log('direct', direct, '\njson', viaJson);
  });
});
