import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { repoRoot } from '../../services/platform/config/config.schema.js';
import { BENCH_PROBE_CASE_ID } from '../../workflows/contracts/bench-probe.contract.js';
import { benchProbeRunPrefix } from '../../workflows/contracts/ids.js';
import { dataConverterFor } from '../../services/platform/temporal/encryption.codec.js';
import { connectDb, FixtureError, insertCertificates, insertStudents, prepareProgramme, type Db } from '../kit/fixtures.js';
import { Api, inPool } from '../kit/http.js';
import { journeyTexts, STEPS_PER_JOURNEY } from '../kit/journeys.js';
import { runPhase } from '../kit/runner.js';
import { apiJourney, baselineJourney, type JourneyContext } from './journeys.js';
import { FLOOR_KINDS, runFloor, type FloorKind } from './floor.js';
import { runOpenWorkflows, terminateOpenWorkflows } from './open.js';
import { benchOrgImport } from './org-import.js';
import { BenchError, parseOptions, USAGE, type BenchOptions } from './options.js';
import { benchCpuSeconds, cpuDelta, hostBusySeconds, ProcessWatch } from './processes.js';
import { loadEndpoint, loadReadModel, unloadReadModel } from './read.js';
import { cpuMsPer, cpuMsPerRequest, floorRatios, LATENCY_DEFINITION, render, stepCount, type BenchResults, type FloorReport, type PhaseCost, type PhaseReport } from './report.js';
import { attach, startEmbedded, type Target } from './system.js';
import { countsBetween, readWorkerMetrics } from './worker-metrics.js';

/** A log line (pino's JSON, or the Temporal SDK's) at warn level or above. */
const PROBLEM_LINE = /"level":\s*(?:[4-6]\d(?!\d)|"(?:warn|error|fatal)")/;

const say = (msg: string) => process.stdout.write(`[bench] ${msg}\n`);
const print = (line: string) => process.stdout.write(`${line}\n`);

/** Runs `phase` and adds what the processes used meanwhile (CPU seconds, peak memory). */
async function measured<T extends object>(watch: ProcessWatch | undefined, metricsUrl: string | undefined, phase: () => Promise<T>): Promise<T & PhaseCost> {
  const metricsBefore = await readWorkerMetrics(metricsUrl);
  watch?.resetPhase();
  const cpuBefore = watch?.cpu();
  const hostBefore = hostBusySeconds();
  const benchBefore = benchCpuSeconds();
  const result = await phase();
  const benchSeconds = benchCpuSeconds() - benchBefore;
  const cpu = watch && cpuBefore ? cpuDelta(cpuBefore, watch.cpu()) : null;
  const ours = cpu ? cpu.api + cpu.worker + cpu.temporal + cpu.postgres + benchSeconds : 0;
  const metricsAfter = metricsBefore && (await readWorkerMetrics(metricsUrl));
  return {
    ...result,
    workerCounts: metricsBefore && metricsAfter ? countsBetween(metricsBefore, metricsAfter) : null,
    cpuSeconds: cpu,
    benchCpuSeconds: Math.round(benchSeconds * 10) / 10,
    otherCpuSeconds: cpu ? Math.round(Math.max(0, hostBusySeconds() - hostBefore - ours) * 10) / 10 : null,
    workerPeakRssMb: watch?.phasePeak('worker') ?? null,
    apiPeakRssMb: watch?.phasePeak('api') ?? null,
  };
}

async function run(options: BenchOptions, target: Target, db: Db, runId: string, startedAt: string, loadBefore: number): Promise<BenchResults> {
  const setupMs: Record<string, number> = target.startupMs ? { startup: target.startupMs } : {};
  const since = (t0: number) => Math.round(performance.now() - t0);
  const watch = target.launcherPid ? ProcessWatch.start(target.launcherPid) : undefined;
  const connection = await Connection.connect({ address: target.temporalAddress });
  try {
    const client = new Client({ connection, namespace: target.config.temporal.namespace, dataConverter: dataConverterFor(target.config) });

    let api: PhaseReport | null = null;
    let baseline: PhaseReport | null = null;
    let programmeCode: string | null = null;
    let careerCourse: BenchResults['careerCourse'] = null;
    let ctx: JourneyContext | undefined;
    if (options.n > 0 || options.openWorkflows > 0) {
      const t0 = performance.now();
      const programme = await prepareProgramme(db, target.apiUrl, runId, options.programme, say);
      setupMs.programme = since(t0);
      programmeCode = programme.code;
      say(`programme ${programme.code}: administrative resource ${programme.admin.email}, review meeting ${programme.meetingId}`);

      const { studyDefaultYears } = target.config.certificates;
      ctx = {
        programme,
        pollMs: options.pollMs,
        expectedEndOfStudies: new Date(Date.now() + studyDefaultYears * 365.25 * 86_400_000).toISOString().slice(0, 10),
        ...journeyTexts(target.config.certificates),
        eventSecret: target.eventSecret,
        run: runId,
      };
    }
    if (ctx && options.n > 0) {
      const { programme } = ctx;
      careerCourse = ctx.eventSecret ? 'signed event' : 'milestone';
      if (!ctx.eventSecret) say('EVENT_SOURCES has no "bench" source: the coordinator records the career course instead of a signed event');

      let t0 = performance.now();
      const apiStudents = await insertStudents(db, runId, 'api', options.n, programme.id);
      const baseStudents = await insertStudents(db, runId, 'base', options.n, programme.id);
      // The baseline skips the read model, but the workflow's activities update the certificate row.
      const certificates = await insertCertificates(db, baseStudents, programme.id);
      setupMs.students = since(t0);
      t0 = performance.now();
      const signedIn = await inPool(apiStudents, Math.min(50, Math.max(10, options.concurrency)), async (s) => ({ ...s, api: await Api.signIn(target.apiUrl, s.id) }));
      setupMs.signIn = since(t0);
      say(`${options.n} + ${options.n} bench students ready (bench-${runId}-api-*, bench-${runId}-base-*); ${options.n} signed in`);

      say(`HTTP API: ${options.n} journeys, ${options.concurrency} at once`);
      api = await measured(watch, target.workerMetricsUrl, () => runPhase('api', options.n, options.concurrency, (i, rec) => apiJourney(ctx, signedIn[i], i, rec), print));
      say(`Temporal baseline: ${options.n} journeys, ${options.concurrency} at once`);
      baseline = await measured(watch, target.workerMetricsUrl, () =>
        runPhase('baseline', options.n, options.concurrency, (i, rec) => baselineJourney(ctx, client, target.config.temporal.taskQueue, certificates[i], i, rec), print),
      );
    }

    let floor: BenchResults['floor'] = null;
    if (options.floor > 0) {
      const reports: Partial<Record<FloorKind, FloorReport>> = {};
      const probeRows = [BENCH_PROBE_CASE_ID, `${benchProbeRunPrefix(runId)}%`];
      try {
        for (const kind of FLOOR_KINDS) {
          say(`engine's floor, ${kind}: ${options.floor} updates to probe workflows, ${options.concurrency} at once`);
          const report = await measured(watch, target.workerMetricsUrl, () =>
            runFloor(kind, { client, taskQueue: target.config.temporal.taskQueue, run: runId, count: options.floor, concurrency: options.concurrency, print }),
          );
          reports[kind] = { ...report, cpuMsPerUpdate: cpuMsPer(report, report.completed) };
        }
        // Each answered record update wrote its row before it answered: count them.
        const [{ rows }] = (await db.query<{ rows: number }>('SELECT count(*)::int AS rows FROM case_event WHERE case_id = $1 AND key LIKE $2', probeRows)).rows;
        const recorded = reports.oneLocalActivity!;
        recorded.rowsWritten = rows;
        if (rows !== recorded.completed) recorded.errors.push(`${recorded.completed} updates answered, but ${rows} probe rows are in case_event`);
      } finally {
        if (target.kind === 'attached') await db.query('DELETE FROM case_event WHERE case_id = $1 AND key LIKE $2', probeRows);
      }
      floor = { emptyUpdate: reports.emptyUpdate!, oneLocalActivity: reports.oneLocalActivity! };
    }

    let read: BenchResults['read'] = null;
    if (options.readCases > 0) {
      say(`read model: loading ${options.readCases} cases…`);
      const load = await loadReadModel(db, target.apiUrl, runId, options.readCases, options.readTasksPerPerson);
      try {
        const endpoints: NonNullable<BenchResults['read']>['endpoints'] = {};
        for (const path of ['/api/tasks', '/api/rollouts']) {
          say(`GET ${path}: ${options.readRate} requests/s offered for ${options.readSeconds} s`);
          const cpuBefore = watch?.cpu();
          const result = await loadEndpoint(target.apiUrl, path, load.readers, options.readRate, options.readSeconds, print);
          const cpuSeconds = watch && cpuBefore ? cpuDelta(cpuBefore, watch.cpu()) : null;
          endpoints[path] = { ...result, cpuSeconds, cpuMsPerRequest: cpuMsPerRequest(cpuSeconds, result.ok + result.failed) };
        }
        read = { cases: load.cases, people: load.people, tasksPerPerson: load.tasksPerPerson, loadMs: load.loadMs, endpoints, tasks: endpoints['/api/tasks'], rollouts: endpoints['/api/rollouts'] };
      } finally {
        if (target.kind === 'attached') await unloadReadModel(db, runId);
      }
    }

    let openWorkflows: BenchResults['openWorkflows'] = null;
    if (ctx && options.openWorkflows > 0) {
      const t0 = performance.now();
      const students = await insertStudents(db, runId, 'open', options.openWorkflows, ctx.programme.id);
      const certificates = await insertCertificates(db, students, ctx.programme.id);
      setupMs.openStudents = since(t0);
      say(`open workflows: starting ${options.openWorkflows} certificate workflows (bench-${runId}-open-*), ${options.concurrency} starts at once`);
      try {
        openWorkflows = await measured(watch, target.workerMetricsUrl, () =>
          runOpenWorkflows({
            db,
            client,
            taskQueue: target.config.temporal.taskQueue,
            programme: ctx.programme,
            expectedEndOfStudies: ctx.expectedEndOfStudies,
            certificates,
            concurrency: options.concurrency,
            watch,
            print,
          }),
        );
      } finally {
        if (target.kind === 'attached') {
          say(`terminating the ${options.openWorkflows} open workflows…`);
          await terminateOpenWorkflows(client, certificates, options.concurrency);
        }
      }
    }

    const orgImport = options.orgPeople > 0 ? await benchOrgImport(target.databaseUrl, options.orgPeople, runId, say) : null;

    return {
      n: options.n,
      concurrency: options.concurrency,
      stepsPerJourney: STEPS_PER_JOURNEY,
      startedAt,
      target: target.kind,
      apiUrl: target.apiUrl,
      programme: programmeCode,
      careerCourse,
      pollMs: options.pollMs,
      latency: LATENCY_DEFINITION,
      setupMs,
      host: { cpus: cpus().length, loadBefore, loadAfter: Math.round(loadavg()[0] * 100) / 100 },
      api,
      baseline,
      ratio: api && baseline ? Math.round((api.seconds / baseline.seconds) * 100) / 100 : null,
      floor,
      ratios: {
        apiToFloor: api && floor ? floorRatios(api, floor.oneLocalActivity) : null,
        baselineToFloor: baseline && floor ? floorRatios(baseline, floor.oneLocalActivity) : null,
      },
      cpuMsPerStep: api ? cpuMsPer(api, stepCount(api)) : null,
      workerPeakRssMb: watch?.peak('worker') ?? null,
      apiPeakRssMb: watch?.peak('api') ?? null,
      temporalPeakRssMb: watch?.peak('temporal') ?? null,
      read,
      openWorkflows,
      open: openWorkflows,
      orgImport,
    };
  } finally {
    watch?.stop();
    await connection.close();
  }
}

function save(results: BenchResults, out: string): string {
  const file = resolve(repoRoot, out);
  mkdirSync(dirname(file), { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(file, json);
  writeFileSync(join(dirname(file), `bench-${results.startedAt.replace(/[:.]/g, '-')}.json`), json);
  return file;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadBefore = Math.round(loadavg()[0] * 100) / 100;
  const runId = Date.now().toString(36);
  const target = options.apiUrl ? await attach(options.apiUrl) : await startEmbedded({ keepData: options.keepData, workerCpuProf: options.workerCpuProf, say });
  let stopping: Promise<void> | undefined;
  const interrupt = () => {
    if (stopping) return;
    say('interrupted; stopping…');
    stopping = target.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  if (target.startupMs) say(`embedded stack ready in ${(target.startupMs / 1000).toFixed(1)} s: API ${target.apiUrl}, Temporal ${target.temporalAddress}`);
  const db = connectDb(target.databaseUrl);
  try {
    const results = await run(options, target, db, runId, startedAt, loadBefore);
    print('');
    print(render(results));
    const file = save(results, options.out);
    print(`\nresults: ${file}${results.n ? ` · ${LATENCY_DEFINITION}` : ''}`);
    const logged = target.output().split('\n').filter((line) => PROBLEM_LINE.test(line));
    if (logged.length) say(`the stack logged ${logged.length} warnings or errors in its latest output; the last:\n${logged.slice(-5).map((l) => `  ${l.slice(0, 400)}`).join('\n')}`);
    say(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const open = results.openWorkflows;
    const floorFailed = results.floor ? results.floor.emptyUpdate.failed + results.floor.oneLocalActivity.failed + (results.floor.oneLocalActivity.rowsWritten === results.floor.oneLocalActivity.completed ? 0 : 1) : 0;
    const failed = (results.api?.failed ?? 0) + (results.baseline?.failed ?? 0) + floorFailed + (open ? open.n - open.settled + open.queryFailures : 0);
    return failed ? 1 : 0;
  } catch (err) {
    if (!stopping && target.kind === 'embedded') process.stderr.write(`\nthe launcher said lately:\n${target.output().slice(-4_000)}\n`);
    throw err;
  } finally {
    await db.end();
    // After an interruption the process ends once the stack is down.
    if (stopping) await stopping;
    say(target.kind === 'embedded' ? 'stopping the embedded stack…' : 'leaving the attached system running');
    await target.stop();
    if (target.dataDir) say(`data kept in ${target.dataDir}`);
    if (options.workerCpuProf) say(`the worker's CPU profile is in ${options.workerCpuProf}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`${err instanceof BenchError || err instanceof FixtureError ? err.message : (err.stack ?? err.message)}\n`);
      process.exit(1);
    },
  );
}
