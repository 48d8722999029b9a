import { STEP_KINDS, STEPS_PER_JOURNEY } from '../kit/journeys.js';
import type { PhaseResult } from '../kit/runner.js';
import type { FloorResult } from './floor.js';
import { OPEN_IDLE_MS, type OpenWorkflowsResult } from './open.js';
import type { CpuSnapshot } from './processes.js';
import type { OrgImportResult } from './org-import.js';
import type { EndpointResult } from './read.js';
import type { WorkerCounts } from './worker-metrics.js';

/** What the processes used during a phase. */
export interface PhaseCost {
  cpuSeconds: CpuSnapshot | null;
  benchCpuSeconds: number;
  /** CPU seconds the rest of the machine used meanwhile (other programs share the CPUs and skew the figures). */
  otherCpuSeconds: number | null;
  workerPeakRssMb: number | null;
  apiPeakRssMb: number | null;
  /** What the worker did during the phase, by its own metrics; null when it serves none. */
  workerCounts?: WorkerCounts | null;
}

export interface PhaseReport extends PhaseResult, PhaseCost {}

/** CPU milliseconds the worker and the API used per step (or update) of a phase: their CPU seconds over the phase / its count. */
export interface CpuPerStep {
  worker: number;
  api: number;
}

export interface FloorReport extends FloorResult, PhaseCost {
  cpuMsPerUpdate: CpuPerStep | null;
  /** The probe rows in PostgreSQL after the phase (one local activity only): one per answered update. */
  rowsWritten?: number;
}

/** A phase's step latency over floor (b)'s update latency, percentile by percentile. */
export interface LatencyRatios {
  p50: number;
  p95: number;
  p99: number;
}

export interface BenchResults {
  n: number;
  concurrency: number;
  stepsPerJourney: number;
  startedAt: string;
  target: 'embedded' | 'attached';
  apiUrl: string;
  programme: string | null;
  careerCourse: 'signed event' | 'milestone' | null;
  pollMs: number;
  latency: string;
  setupMs: Record<string, number>;
  /** The machine: CPUs, and its 1-minute load average before and after the run (other work skews the figures). */
  host: { cpus: number; loadBefore: number; loadAfter: number };
  api: PhaseReport | null;
  baseline: PhaseReport | null;
  ratio: number | null;
  /** The engine's floor on the same stack: (a) an update with an empty handler, (b) one whose handler runs one local activity inserting one row. */
  floor: { emptyUpdate: FloorReport; oneLocalActivity: FloorReport } | null;
  /** The API's and the baseline's step latencies over floor (b)'s. */
  ratios: { apiToFloor: LatencyRatios | null; baselineToFloor: LatencyRatios | null };
  /** The API phase: worker and API CPU ms per step. */
  cpuMsPerStep: CpuPerStep | null;
  workerPeakRssMb: number | null;
  apiPeakRssMb: number | null;
  temporalPeakRssMb: number | null;
  /** `tasks` and `rollouts` are `endpoints['/api/tasks']` and `endpoints['/api/rollouts']`, under the names the figures are quoted by. */
  read: { cases: number; people: number; tasksPerPerson: number; loadMs: number; endpoints: Record<string, ReadEndpoint>; tasks?: ReadEndpoint; rollouts?: ReadEndpoint } | null;
  openWorkflows: (OpenWorkflowsResult & PhaseCost) | null;
  /** The same as openWorkflows, under the name the figures are quoted by. */
  open: (OpenWorkflowsResult & PhaseCost) | null;
  /** The organisation import of a generated organisation (seconds). */
  orgImport: OrgImportResult | null;
}

/** CPU seconds each process used during each phase, and what the machine had. */
function cpuTable(out: string[], cpus: number, phases: [string, PhaseCost & { seconds: number }][]): void {
  const rows = phases.filter(([, p]) => p.cpuSeconds);
  if (!rows.length) return;
  out.push('');
  out.push(
    table(
      ['CPU seconds during', 'api', 'worker', 'temporal', 'postgres', 'bench', 'other programs', 'of available'],
      rows.map(([name, p]) => [
        name,
        p.cpuSeconds!.api.toFixed(1),
        p.cpuSeconds!.worker.toFixed(1),
        p.cpuSeconds!.temporal.toFixed(1),
        p.cpuSeconds!.postgres.toFixed(1),
        p.benchCpuSeconds.toFixed(1),
        (p.otherCpuSeconds ?? 0).toFixed(1),
        (p.seconds * cpus).toFixed(0),
      ]),
    ),
  );
}

/** What the worker did per step (or update) of each phase, by its own metrics. */
function workerCountsTable(out: string[], phases: (readonly [string, PhaseCost, number])[]): void {
  const rows = phases.filter(([, p, count]) => p.workerCounts && count > 0);
  if (!rows.length) return;
  const per = (v: number, count: number) => (v / count).toFixed(2);
  out.push('');
  out.push(
    table(
      ['worker, per step or update', 'workflow tasks', 'local activities', 'activities', 'queries', 'cache misses', 'evictions'],
      rows.map(([name, p, count]) => {
        const c = p.workerCounts!;
        return [name, per(c.workflowTasks, count), per(c.localActivities, count), per(c.activities, count), per(c.queries, count), per(c.stickyCacheMisses, count), per(c.cacheEvictions, count)];
      }),
    ),
  );
}

/** Steps a phase recorded (those of failed journeys included). */
export function stepCount(p: PhaseResult): number {
  return STEP_KINDS.reduce((sum, kind) => sum + p.steps[kind].count, 0);
}

/** The worker's and the API's CPU milliseconds per step over a phase of `count` steps; null without CPU figures. */
/** One endpoint under read load, with the CPU it cost (per answered request: the goal is 1 ms of the API's). */
export type ReadEndpoint = EndpointResult & { cpuSeconds: CpuSnapshot | null; cpuMsPerRequest: { api: number; postgres: number } | null };

export function cpuMsPerRequest(cpuSeconds: CpuSnapshot | null, answered: number): ReadEndpoint['cpuMsPerRequest'] {
  if (!cpuSeconds || answered === 0) return null;
  return { api: (cpuSeconds.api * 1000) / answered, postgres: (cpuSeconds.postgres * 1000) / answered };
}

export function cpuMsPer(cost: PhaseCost, count: number): CpuPerStep | null {
  if (!cost.cpuSeconds || count === 0) return null;
  const per = (seconds: number) => Math.round(((seconds * 1000) / count) * 10) / 10;
  return { worker: per(cost.cpuSeconds.worker), api: per(cost.cpuSeconds.api) };
}

/** `p`'s latencies over the floor's, percentile by percentile; null when the floor has none. */
export function floorRatios(p: Pick<PhaseResult, 'p50Ms' | 'p95Ms' | 'p99Ms'>, floor: FloorResult): LatencyRatios | null {
  if (floor.completed === 0 || floor.p50Ms <= 0) return null;
  const over = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  return { p50: over(p.p50Ms, floor.p50Ms), p95: over(p.p95Ms, floor.p95Ms), p99: over(p.p99Ms, floor.p99Ms) };
}

function table(head: string[], rows: (string | number)[][], alignLeft = 1): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => (i < alignLeft ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const ms = (v: number) => v.toFixed(v < 10 ? 1 : 0);
const mb = (v: number | null) => (v === null ? 'n/a' : `${v} MB`);

export function render(r: BenchResults): string {
  const out: string[] = [];
  const where = r.target === 'embedded' ? 'embedded stack' : r.apiUrl;
  const modes = [
    r.n ? `${r.n} journeys × ${r.stepsPerJourney} steps` : null,
    r.floor ? `floor ${r.floor.emptyUpdate.updates} + ${r.floor.oneLocalActivity.updates} updates` : null,
    r.read ? 'read model' : null,
    r.openWorkflows ? `${r.openWorkflows.n} open workflows` : null,
    r.orgImport ? `organisation import of ${r.orgImport.people} people` : null,
  ].filter(Boolean);
  out.push(`CIL Flow benchmark · ${modes.join(' + ')}${r.n || r.floor || r.openWorkflows ? ` · concurrency ${r.concurrency}` : ''} · ${where}${r.programme ? ` · ${r.programme}` : ''}`);
  const ran: [string, PhaseReport][] = [];
  if (r.api) ran.push(['HTTP API', r.api]);
  if (r.baseline) ran.push(['Temporal baseline', r.baseline]);
  const floors: [string, FloorReport][] = r.floor
    ? [
        ['floor (a): empty update', r.floor.emptyUpdate],
        ['floor (b): one local activity', r.floor.oneLocalActivity],
      ]
    : [];
  if (ran.length) {
    out.push('');
    out.push(
      table(
        ['', 'journeys', 'failed', 'seconds', 'journeys/s', 'steps/s', 'step p50 ms', 'p95 ms', 'p99 ms', 'journey p50 s'],
        ran.map(([name, p]) => [name, p.completed, p.failed, p.seconds.toFixed(1), p.journeysPerSec.toFixed(2), p.stepsPerSec.toFixed(1), ms(p.p50Ms), ms(p.p95Ms), ms(p.p99Ms), (p.journey.p50Ms / 1000).toFixed(2)]),
      ),
    );
    if (r.ratio !== null) out.push(`\nratio (API seconds / baseline seconds): ${r.ratio.toFixed(2)}×`);
  }
  if (ran.length || floors.length) {
    // Every phase's step (or update) latency and CPU per step, next to the engine's floor.
    const cpu = (c: CpuPerStep | null, role: keyof CpuPerStep) => (c ? c[role].toFixed(1) : 'n/a');
    out.push('');
    out.push(
      table(
        ['step latency, side by side', 'steps', 'failed', 'per s', 'p50 ms', 'p95 ms', 'p99 ms', 'worker CPU ms/step', 'API CPU ms/step'],
        [
          ...ran.map(([name, p]) => {
            const c = cpuMsPer(p, stepCount(p));
            return [`${name} step`, stepCount(p), p.failed ? `${p.failed} journeys` : 0, p.stepsPerSec.toFixed(1), ms(p.p50Ms), ms(p.p95Ms), ms(p.p99Ms), cpu(c, 'worker'), cpu(c, 'api')];
          }),
          ...floors.map(([name, f]) => [name, f.completed, f.failed, f.updatesPerSec.toFixed(1), ms(f.p50Ms), ms(f.p95Ms), ms(f.p99Ms), cpu(f.cpuMsPerUpdate, 'worker'), cpu(f.cpuMsPerUpdate, 'api')]),
        ],
      ),
    );
    const ratios = ([['API step', r.ratios.apiToFloor], ['baseline step', r.ratios.baselineToFloor]] as const).filter(([, q]) => q !== null);
    if (ratios.length) out.push('');
    for (const [name, q] of ratios) out.push(`${name} / floor (b): p50 ${q!.p50.toFixed(2)}× · p95 ${q!.p95.toFixed(2)}× · p99 ${q!.p99.toFixed(2)}×`);
    if (r.cpuMsPerStep) out.push(`CPU per API step: worker ${r.cpuMsPerStep.worker.toFixed(1)} ms · API ${r.cpuMsPerStep.api.toFixed(1)} ms (CPU seconds during the API phase / its ${r.api ? stepCount(r.api) : 0} steps)`);
    workerCountsTable(out, [...ran.map(([name, p]) => [`${name} step`, p, stepCount(p)] as const), ...floors.map(([name, f]) => [name, f, f.completed] as const)]);
    const probe = r.floor?.oneLocalActivity;
    if (probe?.rowsWritten !== undefined) out.push(`floor (b) wrote ${probe.rowsWritten} rows for ${probe.completed} answered updates (${r.floor!.emptyUpdate.probes + probe.probes} probe workflows)`);
  }
  if (ran.length) {
    out.push('');
    out.push(
      table(
        ['step (p50 / p95 ms)', ...ran.map(([name]) => name)],
        STEP_KINDS.map((kind) => [kind, ...ran.map(([, p]) => `${ms(p.steps[kind].p50Ms)} / ${ms(p.steps[kind].p95Ms)}`)]),
      ),
    );
  }
  if (ran.length || floors.length) {
    cpuTable(out, r.host.cpus, [...ran, ...floors]);
    out.push(`\npeak RSS: worker ${mb(r.workerPeakRssMb)} · API ${mb(r.apiPeakRssMb)} · Temporal dev server ${mb(r.temporalPeakRssMb)}`);
    for (const [name, p] of ran) {
      if (p.errors.length) out.push(`\n${name}: ${p.failed} journeys failed:\n${p.errors.slice(0, 5).map((e) => `  - ${e}`).join('\n')}`);
    }
    for (const [name, f] of floors) {
      if (f.errors.length) out.push(`\n${name}: ${f.failed} updates failed:\n${f.errors.slice(0, 5).map((e) => `  - ${e}`).join('\n')}`);
    }
  }
  if (r.read) {
    out.push('');
    out.push(`read model: ${r.read.cases} cases, ${r.read.people} people with ${r.read.tasksPerPerson} open tasks each (loaded in ${(r.read.loadMs / 1000).toFixed(1)} s)`);
    out.push(
      table(
        ['endpoint', 'offered/s', 'seconds', 'sent', 'ok', 'failed', 'shed', 'req/s', 'p50 ms', 'p99 ms', 'unloaded p50 ms', 'bytes'],
        Object.values(r.read.endpoints).map((e) => [`GET ${e.path}`, e.offeredPerSec, e.seconds, e.sent, e.ok, e.failed, e.shed, e.requestsPerSec.toFixed(1), ms(e.p50Ms), ms(e.p99Ms), ms(e.unloadedP50Ms), e.avgBytes]),
      ),
    );
    const cpu = Object.values(r.read.endpoints).filter((e) => e.cpuSeconds);
    if (cpu.length) {
      out.push('');
      out.push(
        table(
          ['CPU during', 'api s', 'postgres s', 'api ms/request', 'postgres ms/request'],
          cpu.map((e) => [`GET ${e.path}`, e.cpuSeconds!.api.toFixed(1), e.cpuSeconds!.postgres.toFixed(1), e.cpuMsPerRequest?.api.toFixed(2) ?? 'n/a', e.cpuMsPerRequest?.postgres.toFixed(2) ?? 'n/a']),
        ),
      );
    }
  }
  const o = r.openWorkflows;
  if (o) {
    const s = (v: number | null) => (v === null ? 'n/a' : v.toFixed(1));
    const q = (v: number | null) => (v === null ? 'n/a' : ms(v));
    out.push('');
    out.push(
      table(
        ['open workflows', 'started', 'start s', 'started/s', 'waiting', 'all waiting after s', 'query p50 ms', 'query p99 ms'],
        [[`${o.n} certificates`, o.started, o.startSeconds.toFixed(1), o.startedPerSec.toFixed(1), o.settled, s(o.settleSeconds), q(o.queryP50Ms), q(o.queryP99Ms)]],
      ),
    );
    out.push('');
    out.push(
      table(
        ['RSS', 'peak', 'at the end of the wait', `after ${OPEN_IDLE_MS / 1000} s idle`],
        [
          ['worker', mb(o.workerPeakRssMb), mb(o.workerRssAtSettleMb), mb(o.workerSettledRssMb)],
          ['Temporal dev server', mb(o.temporalPeakRssMb), '', mb(o.temporalSettledRssMb)],
        ],
      ),
    );
    out.push(`queries: one each on ${o.queries + o.queryFailures} random open workflows, one at a time${o.queryFailures ? ` · ${o.queryFailures} failed` : ''}`);
    cpuTable(out, r.host.cpus, [['open workflows', o]]);
    if (o.errors.length) out.push(`\nopen workflows: ${o.n - o.started} starts failed, ${o.started - o.settled} never waited for their student, ${o.queryFailures} queries failed:\n${o.errors.slice(0, 5).map((e) => `  - ${e}`).join('\n')}`);
  }
  const g = r.orgImport;
  if (g) {
    out.push('');
    out.push(
      table(
        ['organisation import', 'people', 'roles', 'programmes', 'seconds', 'people/s'],
        [
          ['into an empty database', g.people, g.roles, g.programmes, g.importSeconds.toFixed(2), Math.round(g.people / g.importSeconds)],
          ['the same files again (no changes)', g.people, g.roles, g.programmes, g.reimportSeconds.toFixed(2), Math.round(g.people / g.reimportSeconds)],
          [`5% changed, 1% gone (${g.changed} changes)`, '', '', '', g.changedSeconds.toFixed(2), ''],
        ],
      ),
    );
  }
  out.push(`\nhost: ${r.host.cpus} CPUs · 1-minute load average ${r.host.loadBefore.toFixed(1)} at the start, ${r.host.loadAfter.toFixed(1)} at the end`);
  return out.join('\n');
}

export const LATENCY_DEFINITION =
  `A step runs from its request until its change is visible: for workflow updates (enrol aside) the response, which the API sends once the workflow has applied the update and its activities; ` +
  `for enrolment, the signed career-course event and the move to "report due" (which the workflow makes by itself after the presentation), the first GET /api/certificates/:id ` +
  `(in the baseline: the workflow query) that shows it. ${STEPS_PER_JOURNEY} steps per journey.`;
