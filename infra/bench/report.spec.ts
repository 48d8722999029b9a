import { describe, expect, it } from '@jest/globals';
import { STEP_KINDS } from '../kit/journeys.js';
import { summarise } from '../kit/runner.js';
import type { FloorResult } from './floor.js';
import { cpuMsPer, cpuMsPerRequest, floorRatios, render, stepCount, type BenchResults, type FloorReport, type PhaseCost, type PhaseReport } from './report.js';

const cost = (api: number, worker: number): PhaseCost => ({
  cpuSeconds: { api, worker, temporal: 0.5, postgres: 0.2 },
  benchCpuSeconds: 0.1,
  otherCpuSeconds: 0,
  workerPeakRssMb: 300,
  apiPeakRssMb: 200,
});

/** A phase whose every step kind took `stepMs`, `perKind` times. */
function phase(stepMs: number, perKind: number, api: number, worker: number): PhaseReport {
  const steps = Object.fromEntries(STEP_KINDS.map((k) => [k, summarise(Array<number>(perKind).fill(stepMs))])) as PhaseReport['steps'];
  return { journeys: 1, completed: 1, failed: 0, seconds: 2, journeysPerSec: 0.5, stepsPerSec: 3, p50Ms: stepMs, p95Ms: stepMs * 2, p99Ms: stepMs * 3, journey: summarise([1_000]), steps, errors: [], ...cost(api, worker) };
}

function floor(p50Ms: number, completed: number, worker: number): FloorReport {
  const result: FloorResult = { updates: completed, completed, failed: 0, probes: 1, seconds: 1, updatesPerSec: completed, p50Ms, p95Ms: p50Ms * 2, p99Ms: p50Ms * 4, maxMs: p50Ms * 5, errors: [] };
  const c = cost(0, worker);
  return { ...result, ...c, cpuMsPerUpdate: cpuMsPer(c, completed), rowsWritten: completed };
}

describe('the floor figures', () => {
  it('count the steps of every kind and share CPU seconds out per step', () => {
    const api = phase(100, 3, 1.2, 6);
    expect(stepCount(api)).toBe(3 * STEP_KINDS.length);
    expect(cpuMsPer(api, 60)).toEqual({ worker: 100, api: 20 });
    expect(cpuMsPer({ ...api, cpuSeconds: null }, 60)).toBeNull();
    expect(cpuMsPer(api, 0)).toBeNull();
  });

  it('divide a phase latency by floor (b)’s, percentile by percentile', () => {
    expect(floorRatios(phase(90, 1, 0, 0), floor(30, 10, 0))).toEqual({ p50: 3, p95: 3, p99: 2.25 });
    expect(floorRatios(phase(90, 1, 0, 0), floor(0, 0, 0))).toBeNull();
  });

  it('print the API, the baseline and both floors in one table, with the ratios and CPU per step', () => {
    const api = phase(120, 2, 0.7, 1.4);
    const baseline = phase(60, 2, 0, 0.7);
    const floors = { emptyUpdate: floor(15, 50, 0.1), oneLocalActivity: floor(30, 50, 0.2) };
    const results: BenchResults = {
      n: 2,
      concurrency: 1,
      stepsPerJourney: 11,
      startedAt: '2026-01-01T00:00:00.000Z',
      target: 'embedded',
      apiUrl: 'http://127.0.0.1:1',
      programme: 'BADT',
      careerCourse: 'signed event',
      pollMs: 25,
      latency: '',
      setupMs: {},
      host: { cpus: 2, loadBefore: 0, loadAfter: 0 },
      api,
      baseline,
      ratio: 2,
      floor: floors,
      ratios: { apiToFloor: floorRatios(api, floors.oneLocalActivity), baselineToFloor: floorRatios(baseline, floors.oneLocalActivity) },
      cpuMsPerStep: cpuMsPer(api, stepCount(api)),
      workerPeakRssMb: 300,
      apiPeakRssMb: 200,
      temporalPeakRssMb: 190,
      read: null,
      openWorkflows: null,
      open: null,
      orgImport: null,
    };
    const text = render(results);
    const row = (name: string) => text.split('\n').find((l) => l.startsWith(name))?.split(/\s{2,}/);
    expect(row('HTTP API step')).toEqual(['HTTP API step', '14', '0', '3.0', '120', '240', '360', '100.0', '50.0']);
    expect(row('Temporal baseline step')).toEqual(['Temporal baseline step', '14', '0', '3.0', '60', '120', '180', '50.0', '0.0']);
    expect(row('floor (a): empty update')).toEqual(['floor (a): empty update', '50', '0', '50.0', '15', '30', '60', '2.0', '0.0']);
    expect(row('floor (b): one local activity')).toEqual(['floor (b): one local activity', '50', '0', '50.0', '30', '60', '120', '4.0', '0.0']);
    expect(text).toContain('API step / floor (b): p50 4.00× · p95 4.00× · p99 3.00×');
    expect(text).toContain('baseline step / floor (b): p50 2.00× · p95 2.00× · p99 1.50×');
    expect(text).toContain('CPU per API step: worker 100.0 ms · API 50.0 ms');
    expect(text).toContain('floor (b) wrote 50 rows for 50 answered updates');
  });

  it('divides a read phase’s CPU by the requests it answered, and says nothing without a measurement', () => {
    const cpu = { api: 2.5, worker: 0, temporal: 0, postgres: 1, bench: 0, other: 0, total: 3.5 } as unknown as Parameters<typeof cpuMsPerRequest>[0];
    expect(cpuMsPerRequest(cpu, 5000)).toEqual({ api: 0.5, postgres: 0.2 });
    expect(cpuMsPerRequest(cpu, 0)).toBeNull();
    expect(cpuMsPerRequest(null, 5000)).toBeNull();
  });
});
