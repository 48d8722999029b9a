import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../services/platform/config/config.schema.js';
import { stopProcess } from '../stack/supervised-process.js';

const OUTPUT_KEPT_CHARS = 64 * 1024;

export interface LaunchedSystem {
  process: ChildProcess;
  /** What the launcher printed lately (the last 64 KiB). */
  output(): string;
  /** Resolves with the exit code once the launcher has stopped. */
  exited: Promise<number | null>;
  /**
   * Sends `signal` (SIGINT by default), then SIGKILL after `graceMs`, and waits for the exit. A
   * launcher in its own process group gets the signal as a terminal's Ctrl-C sends it: to the
   * whole group, children included.
   */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | null>;
}

/**
 * Runs the launcher (`node dist/infra/dev/start.js`, what `npm start` runs after building) with
 * `env`, and resolves once it prints that it is ready; rejects with its last output when it exits
 * first or takes longer than `readyTimeoutMs` (and then stops it). `onSpawned` gets the system at
 * once, so an interruption before it is ready can stop it too.
 */
export async function spawnLauncher(
  env: NodeJS.ProcessEnv,
  options: { readyTimeoutMs: number; onSpawned?: (system: LaunchedSystem) => void; ownProcessGroup?: boolean },
): Promise<LaunchedSystem> {
  const entry = join(repoRoot, 'dist', 'infra', 'dev', 'start.js');
  const group = options.ownProcessGroup === true;
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: group });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const system: LaunchedSystem = {
    process: child,
    output: () => output,
    exited,
    stop: async (name = 'SIGINT', graceMs = 30_000) => {
      await stopProcess(child, name, graceMs, { group });
      return exited;
    },
  };
  options.onSpawned?.(system);
  try {
    await new Promise<void>((resolveReady, reject) => {
      const timer = setTimeout(() => reject(new Error(`the system was not ready within ${Math.round(options.readyTimeoutMs / 1000)} s`)), options.readyTimeoutMs);
      const onData = () => {
        if (/\] ready in /.test(output)) {
          clearTimeout(timer);
          child.stdout.off('data', onData);
          resolveReady();
        }
      };
      child.stdout.on('data', onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the launcher exited with ${code} before it was ready`));
      });
    });
  } catch (err) {
    await system.stop('SIGKILL', 1_000);
    throw new Error(`${(err as Error).message}; its last output:\n${output.trim().split('\n').slice(-40).join('\n')}`, { cause: err });
  }
  return system;
}
