import { STEP_KINDS } from '../kit/journeys.js';
import type { PhaseResult } from '../kit/runner.js';
import type { CheckResult, OutboxRow } from './checks.js';
import { describeFault, type InjectedFault, type PlannedFault } from './injector.js';
import type { HttpStats } from './resilient-http.js';

const PROBLEMS_SHOWN = 8;

export interface Summary {
  seed: number;
  journeys: number;
  concurrency: number;
  stepsPerJourney: number;
  elapsedSeconds: number;
  plan: readonly PlannedFault[];
  injected: readonly InjectedFault[];
  phase: PhaseResult;
  http: HttpStats;
  workerKills: number;
  restarts: { worker: number; api: number };
  outbox: readonly OutboxRow[];
  received: { total: number; distinct: number };
  checks: readonly CheckResult[];
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

export function renderSummary(s: Summary): string {
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);
  const steps = STEP_KINDS.reduce((n, k) => n + s.phase.steps[k].count, 0);
  out('══════════ fault suite ══════════');
  out(`seed ${s.seed} · ${s.journeys} journeys × ${s.stepsPerJourney} steps, ${s.concurrency} at once · elapsed ${s.elapsedSeconds.toFixed(1)} s (journeys ${s.phase.seconds.toFixed(1)} s)`);
  out();
  out(`Injected faults (${s.injected.length} of ${s.plan.length} planned)`);
  for (const f of s.injected) out(`  +${pad(f.startedAt.toFixed(1), 6)} s  ${pad(Math.round(f.progress * 100), 3)}% of steps  ${pad(f.inFlight, 3)} in flight  ${describeFault(f)}`);
  for (const f of s.plan.slice(s.injected.length)) out(`  (not injected: ${f.kind}, planned at ${Math.round(f.at * 100)}% of steps)`);
  out();
  out(`Journeys    ${s.phase.completed} finished, ${s.phase.failed} failed · ${steps} steps · ${s.phase.stepsPerSec} steps/s`);
  for (const e of s.phase.errors) out(`              failed: ${e}`);
  out(`Step latency (ms)             p50      p95      max`);
  for (const k of STEP_KINDS) {
    const l = s.phase.steps[k];
    out(`  ${k.padEnd(26)} ${pad(Math.round(l.p50Ms), 7)}  ${pad(Math.round(l.p95Ms), 7)}  ${pad(Math.round(l.maxMs), 7)}`);
  }
  const reasons = [...s.http.retries].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`);
  out(`HTTP        ${s.http.requests} requests · ${s.http.retryCount} retried${reasons.length ? `: ${reasons.join(', ')}` : ''}`);
  const replays = [...s.http.replays].sort((a, b) => b[1] - a[1]).map(([route, n]) => `${route} ${n}`);
  out(`            sent again with the same Idempotency-Key: ${replays.length ? replays.join(', ') : 'none'}`);
  out(`Processes   worker: ${s.workerKills} injected kills, ${s.restarts.worker} unexpected exits (restarted) · API: ${s.restarts.api} unexpected exits (restarted)`);
  const sent = s.outbox.filter((r) => r.status === 'sent').length;
  out(`Mail        mail_outbox: ${s.outbox.length} rows, ${sent} sent · SMTP received ${s.received.total} messages, ${s.received.distinct} distinct Message-IDs`);
  out();
  out('Checks');
  for (const c of s.checks) {
    out(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name.padEnd(78)} ${c.counted}`);
    for (const p of c.problems.slice(0, PROBLEMS_SHOWN)) out(`          ${p}`);
    if (c.problems.length > PROBLEMS_SHOWN) out(`          … and ${c.problems.length - PROBLEMS_SHOWN} more`);
  }
  const failed = s.checks.filter((c) => !c.pass).length;
  out();
  out(failed ? `RESULT: FAIL (${failed} of ${s.checks.length} checks failed)` : `RESULT: PASS (all ${s.checks.length} checks hold)`);
  return lines.join('\n');
}
