import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The workflows as source, bundled by the test worker. */
export const workflowsPath = resolve(here, '..', '..', 'workflows', 'index.ts');
export const fixturesDir = join(here, 'fixtures');
/** Saved histories of finished runs, replayed against the current code by replay.test.ts. */
export const HISTORIES_DIR = join(here, 'histories');
