import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { jest } from '@jest/globals';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { OutgoingMail } from '../../workflows/contracts/mail.contract.js';
import { systemProbeWorkflow } from '../../workflows/system/system-probe.workflow.js';
import { localTestEnv, timeSkippingTestEnv } from '../support/temporal.js';
import { fixturesDir, HISTORIES_DIR, workflowsPath } from './workflow-paths.js';

jest.setTimeout(120_000);

describe('systemProbeWorkflow on a real Temporal dev server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await localTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('sends one probe mail keyed by its workflow id, and retries a failing send', async () => {
    const sent: OutgoingMail[] = [];
    let attempts = 0;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'probe-test',
      workflowsPath,
      activities: {
        deliverMail: (mail: OutgoingMail) => {
          attempts++;
          if (attempts === 1) throw new Error('SMTP refused the connection');
          sent.push(mail);
          return Promise.resolve({ messageId: `<${mail.idempotencyKey}>` });
        },
      },
    });
    const workflowId = 'probe-1';
    const result = await worker.runUntil(
      env.client.workflow.execute(systemProbeWorkflow, { taskQueue: 'probe-test', workflowId, args: [{ to: 'ops@example.org' }] }),
    );
    expect(result).toEqual({ workflowId, messageId: `<${workflowId}/probe>` });
    expect(attempts).toBe(2);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ idempotencyKey: 'probe-1/probe', to: ['ops@example.org'] });
    if (process.env.RECORD_HISTORIES === '1') {
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      writeFileSync(join(HISTORIES_DIR, 'system-probe.completed.json'), historyToJSON(history));
    }
  });
});

describe('the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await timeSkippingTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a thirty-day timer without waiting thirty days', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'timer-test',
      workflowsPath: join(fixturesDir, 'timer.workflow.ts'),
    });
    const started = Date.now();
    const result = await worker.runUntil(env.client.workflow.execute<(days: number) => Promise<string>>('waitDaysWorkflow', { taskQueue: 'timer-test', workflowId: 'timer-1', args: [30] }));
    expect(result).toBe('waited 30 days');
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
