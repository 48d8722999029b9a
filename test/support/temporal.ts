import { TestWorkflowEnvironment } from '@temporalio/testing';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { resolveTool, TEMPORAL_CLI, TEMPORAL_TEST_SERVER } from '../../infra/tools/temporal-tools.js';
import { SEARCH_ATTRIBUTES } from '../../workflows/shared/temporal.constants.js';

const executable = (path: string | undefined) =>
  path ? ({ type: 'existing-path', path } as const) : ({ type: 'cached-download' } as const);

/** A real Temporal dev server (the CLI found by resolveTool) for workflow tests. */
export function localTestEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: executable(resolveTool(TEMPORAL_CLI).path),
      ip: '127.0.0.1',
      searchAttributes: Object.values(SEARCH_ATTRIBUTES).map((a) => defineSearchAttributeKey(a.name, SearchAttributeType.KEYWORD)),
      extraArgs: ['--log-level', 'error'],
    },
  });
}

/** Temporal's time-skipping test server, for timers measured in days. */
export function timeSkippingTestEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executable(resolveTool(TEMPORAL_TEST_SERVER).path) },
  });
}
