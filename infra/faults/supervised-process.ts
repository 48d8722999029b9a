import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { stopProcess } from '../kit/process.js';

const STOP_GRACE_MS = 8_000;
const MAX_UNEXPECTED_RESTARTS = 20;

export interface UnexpectedExit {
  at: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One Node child process (the worker or the API) that is restarted when it exits unexpectedly.
 * Its output is appended to `logFile`, with a line at each start. `kill9()` is a fault: the exit it
 * causes is expected, and the restart happens when the caller says.
 */
export class SupervisedProcess {
  readonly unexpectedExits: UnexpectedExit[] = [];
  private child?: ChildProcess;
  private expectingExit = false;
  private stopped = false;
  private restartTimer?: NodeJS.Timeout;
  private readonly logFd: number;

  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
    private readonly since: () => string,
    private readonly say: (msg: string) => void,
  ) {
    this.logFd = openSync(logFile, 'a');
  }

  get pid(): number | undefined {
    return this.alive() ? this.child?.pid : undefined;
  }

  /** Whether the supervisor stopped restarting after too many unexpected exits. */
  get gaveUp(): boolean {
    return this.unexpectedExits.length > MAX_UNEXPECTED_RESTARTS;
  }

  private alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.stopped || this.alive()) return;
    this.expectingExit = false;
    const child = spawn(process.execPath, this.args, { env: this.env, stdio: ['ignore', this.logFd, this.logFd] });
    this.child = child;
    writeSync(this.logFd, `--- ${this.name} started, pid ${child.pid}, at ${this.since()} ---\n`);
    child.once('exit', (code, signal) => {
      writeSync(this.logFd, `--- ${this.name} pid ${child.pid} exited (code ${code}, signal ${signal}) at ${this.since()} ---\n`);
      if (this.stopped || this.expectingExit || child !== this.child) return;
      this.unexpectedExits.push({ at: Date.now(), code, signal });
      if (this.gaveUp) {
        this.say(`the ${this.name} exited unexpectedly ${this.unexpectedExits.length} times; not restarting it again`);
        return;
      }
      const delay = Math.min(5_000, 500 * 2 ** Math.min(4, this.unexpectedExits.length - 1));
      this.say(`the ${this.name} exited unexpectedly (code ${code}, signal ${signal}) at ${this.since()}; restarting it in ${delay} ms`);
      this.restartTimer = setTimeout(() => this.start(), delay);
    });
  }

  /** The fault: SIGKILL, then a restart after `restartAfterMs`. Answers the pid it killed. */
  async kill9(restartAfterMs: number): Promise<number | undefined> {
    const child = this.child;
    const pid = this.pid;
    if (child && pid) {
      this.expectingExit = true;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await gone;
    }
    await new Promise((resolve) => setTimeout(resolve, restartAfterMs));
    this.start();
    return pid;
  }

  /** Stops for good: SIGTERM, then SIGKILL after a grace period. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    if (this.alive()) await stopProcess(this.child, 'SIGTERM', STOP_GRACE_MS);
    closeSync(this.logFd);
  }

  /** For an exit in a hurry (no awaiting): SIGKILL if still alive. */
  killNow(): void {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    if (this.alive()) this.child?.kill('SIGKILL');
  }

}

/** The last `lines` lines of a log file, without terminal colours ('' if there is none). */
export function tailOf(file: string, lines: number): string {
  try {
    // eslint-disable-next-line no-control-regex
    return readFileSync(file, 'utf8').replace(/\x1b\[[0-9;]*m/g, '').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
