import { join } from 'node:path';
import { jest } from '@jest/globals';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { resolveTool, TEMPORAL_CLI } from '../../infra/tools/temporal-tools.js';
import { runEffects, type CertificateActivities, certificateViewQuery, externalEventSignal, recordMilestoneUpdate } from '../../workflows/contracts/certificate.contract.js';
import type { certificateWorkflow } from '../../workflows/certificate/certificate.workflow.js';
import { SEARCH_ATTRIBUTES } from '../../workflows/contracts/temporal.js';
import { fixturesDir } from './workflow-paths.js';

jest.setTimeout(120_000);

const workflowsPath = join(fixturesDir, '..', '..', '..', 'workflows', 'certificate', 'certificate.workflow.ts');

/**
 * A certificate lives for years. On a real dev server that suggests continue-as-new after a few
 * history events, one case takes many events over several (simulated) semesters; every run hands
 * its state to the next and nothing is lost or counted twice.
 */
describe('a certificate over several semesters', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    const path = resolveTool(TEMPORAL_CLI).path;
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: path ? { type: 'existing-path', path } : { type: 'cached-download' },
        ip: '127.0.0.1',
        searchAttributes: Object.values(SEARCH_ATTRIBUTES).map((a) => defineSearchAttributeKey(a.name, SearchAttributeType.KEYWORD)),
        extraArgs: ['--log-level', 'error', '--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=25'],
      },
    });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('continues as new with its state, and keeps counting right', async () => {
    const stages: string[] = [];
    const activities: CertificateActivities = {
      resolveCertificateParticipants: () => Promise.resolve({ confirmerId: 'admin', groupMemberIds: ['admin'] }),
      openTask: () => Promise.resolve({ dueAt: '2030-01-01T00:00:00Z', remindAfterMs: 86_400_000, escalateAfterMs: 2 * 86_400_000 }),
      closeTask: () => Promise.resolve(),
      reassignTaskRow: () => Promise.resolve({ dueAt: '2030-01-01T00:00:00Z', remindAfterMs: 1, escalateAfterMs: 2 }),
      notifyCertificate: () => Promise.resolve(),
      recordCertificate: ({ stage }) => {
        if (stage) stages.push(stage);
        return Promise.resolve();
      },
      certificateClock: () => Promise.resolve({ msUntilEnd: 365 * 86_400_000, graceMs: 30 * 86_400_000 }),
      issueDiploma: () => Promise.resolve({ verificationCode: 'X' }),
      settleProposal: () => Promise.resolve(),
      certificateStep: ({ effects }) => runEffects(activities, effects),
    };
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'long-life', workflowsPath, activities });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start<typeof certificateWorkflow>('certificateWorkflow', {
        taskQueue: 'long-life',
        workflowId: 'certificate-long-life',
        args: [{ certificateId: 'c-long', programmeId: 'p', studentId: 'student', expectedEndOfStudies: '2031-06-30' }],
      });
      const firstRun = handle.firstExecutionRunId;
      // Six semesters of home activities reported by another system, some reported twice.
      for (let semester = 1; semester <= 6; semester++) {
        for (let i = 1; i <= 4; i++) {
          const event = { key: `s${semester}-a${i}`, source: 'lms', type: 'activity_completed' as const, activityId: `home-${semester}-${i}`, category: 'home' as const, participationId: `part-${semester}-${i}` };
          await handle.signal(externalEventSignal, event);
          if (i === 1) await handle.signal(externalEventSignal, event); // a repeat
        }
      }
      await handle.signal(externalEventSignal, { key: 's1-a1', source: 'lms', type: 'activity_completed', activityId: 'home-1-1', category: 'home', participationId: 'part-1-1' });
      await handle.executeUpdate(recordMilestoneUpdate, { args: [{ actorId: 'admin', kind: 'career_course' }] });
      await handle.executeUpdate(recordMilestoneUpdate, { args: [{ actorId: 'admin', kind: 'presentation' }] });
      const describe = await env.client.workflow.getHandle('certificate-long-life').describe();
      expect(describe.runId).not.toBe(firstRun); // it has continued as new at least once

      let view = await env.client.workflow.getHandle('certificate-long-life').query(certificateViewQuery);
      expect(view.participations).toHaveLength(24);
      expect(new Set(view.participations.map((p) => p.participationId)).size).toBe(24);
      expect(view).toMatchObject({ careerCourse: true, presentation: true, stage: 'collecting' });
      // All home: the requirement is not met until an activity abroad arrives, after more runs.
      await handle.signal(externalEventSignal, { key: 'abroad-1', source: 'exchange', type: 'exchange_completed', activityId: 'exchange', category: 'abroad', participationId: 'part-abroad' });
      for (let i = 0; i < 100; i++) {
        view = await env.client.workflow.getHandle('certificate-long-life').query(certificateViewQuery);
        if (view.stage === 'report_due') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(view.stage).toBe('report_due');
      expect(view.participations).toHaveLength(25);
    });
    expect(stages.filter((s) => s === 'report_due')).toHaveLength(1);
  });
});
