import type { ChildProcess } from 'node:child_process';

/**
 * Stops a child process: `signal`, then SIGKILL after `graceMs`; resolves once it has exited. A
 * process that is gone already (Ctrl-C in a terminal signals the whole group) resolves at once.
 */
export async function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals, graceMs: number, onKill?: () => void): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => {
    onKill?.();
    child.kill('SIGKILL');
  }, graceMs);
  await gone;
  clearTimeout(timer);
}
