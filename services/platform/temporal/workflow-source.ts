import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { repoRoot } from '../config/config.schema.js';

/** The prebuilt bundle that `npm run build` writes and production workers load. */
export const defaultWorkflowBundlePath = resolve(repoRoot, 'dist', 'workflow-bundle.js');

/** A module under workflows/ (path without extension): compiled JS next to this file when built, the .ts file under tests. */
function workflowModule(path: string): string {
  const js = fileURLToPath(new URL(`../../../workflows/${path}.js`, import.meta.url));
  return existsSync(js) ? js : resolve(repoRoot, 'workflows', `${path}.ts`);
}

/** workflows/index as source. */
export function workflowsSourcePath(): string {
  return workflowModule('index');
}

/**
 * The payload converter of the worker and its clients (`payloadConverterPath`): the default one plus
 * the refused payloads of the codec's strict mode. The workflow bundle must be built with it too.
 */
export function payloadConverterPath(): string {
  return workflowModule('shared/refused-payload');
}

/** The workflow interceptor modules the bundle registers (`workflowInterceptorModules`). */
export function workflowInterceptorModules(): string[] {
  return [workflowModule('shared/refused-payload.interceptors')];
}

/**
 * What every bundle of our workflows is built from: the workflows, the interceptors and the payload
 * converter (bundleWorkflowCode options). `npm run build` and the tests build the same bundle.
 */
export function workflowBundleOptions(): { workflowsPath: string; workflowInterceptorModules: string[]; payloadConverterPath: string } {
  return { workflowsPath: workflowsSourcePath(), workflowInterceptorModules: workflowInterceptorModules(), payloadConverterPath: payloadConverterPath() };
}
