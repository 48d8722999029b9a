import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { defaultWorkflowBundlePath, workflowBundleOptions } from '../services/platform/temporal/workflow-source.js';

/**
 * Prebuilds the workflow bundle that production workers load (TEMPORAL_WORKFLOW_BUNDLE). Part of
 * `npm run build`: a workflow that cannot be bundled fails the build.
 */
async function main(): Promise<void> {
  const started = Date.now();
  // The same interceptors and payload converter a worker that bundles from source uses
  // (services/platform/temporal/temporal-worker.host.ts): a prebuilt bundle ignores the worker's.
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('WARN') });
  writeFileSync(defaultWorkflowBundlePath, code);
  console.log(`workflow bundle: ${defaultWorkflowBundlePath} (${Math.round(code.length / 1024)} KiB, ${Date.now() - started} ms)`);
}

main().catch((err: Error) => {
  console.error(`bundling the workflows failed: ${err.message}`);
  process.exit(1);
});
