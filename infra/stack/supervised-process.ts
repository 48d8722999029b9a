import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

const STOP_GRACE_MS = 8_000;
const MAX_UNEXPECTED_RESTARTS = 20;

/**
 * Stops a child process: `signal`, then SIGKILL after `graceMs`; resolves once it has exited. A
 * process that is gone already (Ctrl-C in a terminal signals the whole group) resolves at once.
 * With `group`, the signals go to the child's process group (a child spawned `detached`), as a
 * terminal's Ctrl-C sends them.
 */
export async function stopProcess(
  child: ChildProcess | undefined,
  signal: NodeJS.Signals,
  graceMs: number,
  { onKill, group = false }: { onKill?: () => void; group?: boolean } = {},
): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const send = (name: NodeJS.Signals) => (group && child.pid ? process.kill(-child.pid, name) : child.kill(name));
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  send(signal);
  const timer = setTimeout(() => {
    onKill?.();
    send('SIGKILL');
  }, graceMs);
  await gone;
  clearTimeout(timer);
}

export interface UnexpectedExit {
  at: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SupervisedProcessOptions {
  /** The environment of each start (asked anew at every start, so a restart gets what holds then). */
  env: () => NodeJS.ProcessEnv;
  /**
   * The file its output is appended to, with a line at each start and exit; without one it writes
   * to this process's stdout and stderr.
   */
  logFile?: string;
  /** The time for the log file's lines (e.g. `+12.3 s`). */
  since?: () => string;
  say: (msg: string) => void;
  /**
   * Called when it exits unexpectedly, instead of the restart (with back-off) that happens
   * without it.
   */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

/**
 * One Node child process (the worker or the API) that is restarted when it exits unexpectedly
 * (unless told what to do instead). `kill9()` is a fault: the exit it causes is expected, and the
 * restart happens when the caller says. `stop()` is for good: SIGTERM, then SIGKILL after a grace.
 */
export class SupervisedProcess {
  readonly unexpectedExits: UnexpectedExit[] = [];
  private child?: ChildProcess;
  private expectingExit = false;
  private stopped = false;
  private restartTimer?: NodeJS.Timeout;
  private stopping?: Promise<void>;
  private readonly logFd?: number;

  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly options: SupervisedProcessOptions,
  ) {
    if (options.logFile) this.logFd = openSync(options.logFile, 'a');
  }

  get logFile(): string | undefined {
    return this.options.logFile;
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

  private note(line: string): void {
    if (this.logFd !== undefined) writeSync(this.logFd, `--- ${this.name} ${line} at ${this.options.since?.() ?? new Date().toISOString()} ---\n`);
  }

  start(): void {
    if (this.stopped || this.alive()) return;
    this.expectingExit = false;
    const output = this.logFd ?? 'inherit';
    const child = spawn(process.execPath, this.args, { env: this.options.env(), stdio: ['ignore', output, output] });
    this.child = child;
    this.note(`started, pid ${child.pid},`);
    child.once('exit', (code, signal) => {
      this.note(`pid ${child.pid} exited (code ${code}, signal ${signal})`);
      if (this.stopped || this.expectingExit || child !== this.child) return;
      this.unexpectedExits.push({ at: Date.now(), code, signal });
      if (this.options.onUnexpectedExit) return this.options.onUnexpectedExit(code, signal);
      if (this.gaveUp) {
        this.options.say(`the ${this.name} exited unexpectedly ${this.unexpectedExits.length} times; not restarting it again`);
        return;
      }
      const delay = Math.min(5_000, 500 * 2 ** Math.min(4, this.unexpectedExits.length - 1));
      this.options.say(`the ${this.name} exited unexpectedly (code ${code}, signal ${signal})${this.options.since ? ` at ${this.options.since()}` : ''}; restarting it in ${delay} ms`);
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

  /** Stops for good: SIGTERM, then SIGKILL after a grace period (and says so). */
  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    return (this.stopping ??= (async () => {
      await stopProcess(this.child, 'SIGTERM', STOP_GRACE_MS, { onKill: () => this.options.say(`${this.name} did not stop within ${STOP_GRACE_MS} ms; killing it`) });
      if (this.logFd !== undefined) closeSync(this.logFd);
    })());
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
