import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { jest } from '@jest/globals';
import { fixturesDir, HISTORIES_DIR, workflowsPath } from './workflow-paths.js';

jest.setTimeout(120_000);

/**
 * Every saved history of a finished run replays against the current workflow code: a change that
 * would break running workflows (a non-determinism error) fails here, before it ships. Record new
 * histories with `RECORD_HISTORIES=1 npm run test:workflow`. A file is named after its run's
 * workflow id; `<workflow id>~<label>.json` keeps an older recording of the same run next to the
 * current one (histories from before a patch, which must keep replaying along their old path).
 */
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

describe('replay of saved histories', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s replays without non-determinism', async (file) => {
    const history: unknown = JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowsPath }, history as never, file.replace(/(~[^/]*)?\.json$/, ''))).resolves.toBeUndefined();
  });

  it('catches an incompatible change', async () => {
    const history: unknown = JSON.parse(readFileSync(join(HISTORIES_DIR, 'system-probe.completed.json'), 'utf8'));
    await expect(
      Worker.runReplayHistory({ workflowsPath: join(fixturesDir, 'incompatible-probe.workflow.ts') }, history as never),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
