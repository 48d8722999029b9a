import { TestWorkflowEnvironment } from '@temporalio/testing';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import proto from '@temporalio/proto';

const { temporal } = proto; // a CommonJS module: no named exports under Node's ESM loader
import { resolveTool, TEMPORAL_CLI, TEMPORAL_TEST_SERVER } from '../../infra/tools/temporal-tools.js';
import { SEARCH_ATTRIBUTES } from '../../workflows/contracts/temporal.js';
import { parseConfig } from '../../services/platform/config/config.schema.js';
import { payloadCodecFor } from '../../services/platform/temporal/encryption.codec.js';

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

/** The payload codec the system under test uses (its settings are the development defaults). */
export function systemCodec() {
  return payloadCodecFor(parseConfig({ NODE_ENV: 'test' }));
}

/** Every byte string in a raw history (payload data, metadata…) as latin1 text, for plaintext checks. */
export function rawHistoryText(history: unknown): string {
  const parts: string[] = [];
  const walk = (v: unknown) => {
    if (v instanceof Uint8Array) parts.push(Buffer.from(v).toString('latin1'));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    else if (typeof v === 'string') parts.push(v);
  };
  walk(history);
  return parts.join('\n');
}
