import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const ROLES = ['api', 'worker', 'temporal', 'postgres'] as const;
export type Role = (typeof ROLES)[number];

interface Row {
  pid: number;
  ppid: number;
  args: string;
}

function table(): Row[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
}

/** Which member of the stack a command line is: the launcher starts dist/services/apps/<api|worker>/main.js. */
export function roleOf(args: string): Role | undefined {
  if (/\bservices\/(?:[\w-]+\/)*api\/main\.js\b/.test(args)) return 'api';
  if (/\bservices\/(?:[\w-]+\/)*worker\/main\.js\b/.test(args)) return 'worker';
  if (/\btemporal\b.*\bserver\b.*\bstart-dev\b/.test(args)) return 'temporal';
  if (/postgres/.test(args)) return 'postgres';
  return undefined;
}

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function rssKb(pid: number): number | undefined {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far; with `children`, also its ended children's. */
function cpuSeconds(pid: number | 'self', children = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: field 3 (state) is index 0, so utime (14) is 11, stime 12, cutime 13, cstime 14.
    const own = Number(fields[11]) + Number(fields[12]);
    return (children ? own + Number(fields[13]) + Number(fields[14]) : own) / clockTicks;
  } catch {
    return 0;
  }
}

/** CPU seconds this process and the commands it ran (ps) have used so far. */
export function benchCpuSeconds(): number {
  return cpuSeconds('self', true);
}

export type CpuSnapshot = Record<Role, number>;

/** CPU seconds the whole machine has been busy (all CPUs, everything but idle and I/O wait). */
export function hostBusySeconds(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    return (user + nice + system + irq + softirq + (steal ?? 0)) / clockTicks;
  } catch {
    return 0;
  }
}

/**
 * Watches the embedded stack's processes (the launcher's descendants): samples the API's, the
 * worker's and Temporal's resident memory (VmRSS) and every member's CPU time every `everyMs`.
 * CPU time is kept per process id, so PostgreSQL backends that close during a phase still count
 * up to their last sample.
 */
export class ProcessWatch {
  private readonly peaks = new Map<Role, number>();
  private phasePeaks = new Map<Role, number>();
  private readonly latest = new Map<Role, number>();
  /** The latest CPU seconds seen for each process, with its role. */
  private readonly cpuSeen = new Map<number, { role: Role; seconds: number }>();
  private timer?: NodeJS.Timeout;

  private constructor(private readonly rootPid: number) {}

  static start(rootPid: number, everyMs = 500): ProcessWatch {
    const watch = new ProcessWatch(rootPid);
    watch.sample();
    watch.timer = setInterval(() => watch.sample(), everyMs);
    watch.timer.unref();
    return watch;
  }

  /** The launcher's live descendants, by role. */
  private members(): Map<Role, number[]> {
    const rows = table();
    const found = new Map<Role, number[]>();
    const queue = [this.rootPid];
    const seen = new Set<number>();
    while (queue.length) {
      const parent = queue.shift()!;
      for (const row of rows) {
        if (row.ppid !== parent || seen.has(row.pid)) continue;
        seen.add(row.pid);
        queue.push(row.pid);
        const role = roleOf(row.args);
        if (role) found.set(role, [...(found.get(role) ?? []), row.pid]);
      }
    }
    return found;
  }

  private sample(): void {
    const members = this.members();
    for (const [role, pids] of members) {
      for (const pid of pids) {
        const seconds = cpuSeconds(pid);
        if (seconds > 0) this.cpuSeen.set(pid, { role, seconds });
      }
      if (role === 'postgres') continue;
      const kb = rssKb(pids[0]);
      if (kb === undefined) continue;
      const mb = kb / 1024;
      this.latest.set(role, mb);
      this.peaks.set(role, Math.max(this.peaks.get(role) ?? 0, mb));
      this.phasePeaks.set(role, Math.max(this.phasePeaks.get(role) ?? 0, mb));
    }
  }

  /** CPU seconds used so far by each role, as of a fresh sample. */
  cpu(): CpuSnapshot {
    this.sample();
    const total = Object.fromEntries(ROLES.map((role) => [role, 0])) as CpuSnapshot;
    for (const { role, seconds } of this.cpuSeen.values()) total[role] += seconds;
    return total;
  }

  /** Starts a new phase for `phasePeak`. */
  resetPhase(): void {
    this.phasePeaks = new Map();
    this.sample();
  }

  /** A role's resident memory now (MB), as of a fresh sample. */
  rss(role: Role): number | null {
    this.sample();
    const mb = this.latest.get(role);
    return mb === undefined ? null : Math.round(mb);
  }

  peak(role: Role): number | null {
    const mb = this.peaks.get(role);
    return mb === undefined ? null : Math.round(mb);
  }

  phasePeak(role: Role): number | null {
    const mb = this.phasePeaks.get(role);
    return mb === undefined ? null : Math.round(mb);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** CPU seconds each role used between two snapshots (to the clock tick, 0.01 s). */
export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): CpuSnapshot {
  return Object.fromEntries(ROLES.map((role) => [role, Math.round(Math.max(0, after[role] - before[role]) * 100) / 100])) as CpuSnapshot;
}
