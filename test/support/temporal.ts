import { TestWorkflowEnvironment } from '@temporalio/testing';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
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

/** Temporal's time-skipping test server, for timers measured in days, with our search attributes. */
export async function timeSkippingTestEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executable(resolveTool(TEMPORAL_TEST_SERVER).path) },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.values(SEARCH_ATTRIBUTES).map((a) => [a.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
  });
  return env;
}
