import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { repoRoot } from '../config/config.schema.js';

/** The prebuilt bundle that `npm run build` writes and production workers load. */
export const defaultWorkflowBundlePath = resolve(repoRoot, 'dist', 'workflow-bundle.js');

/** workflows/index as source: compiled JS next to this file when built, the .ts file under tests. */
export function workflowsSourcePath(): string {
  const js = fileURLToPath(new URL('../../../workflows/index.js', import.meta.url));
  return existsSync(js) ? js : resolve(repoRoot, 'workflows', 'index.ts');
}
