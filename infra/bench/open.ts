import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { certificateViewQuery } from '../../workflows/contracts/certificate.contract.js';
import type { certificateWorkflow } from '../../workflows/certificate/certificate.workflow.js';
import type { BenchProgramme, Db } from '../kit/fixtures.js';
import { inPool } from '../kit/http.js';
import { ErrorTally, summarise } from '../kit/runner.js';
import { certificateWorkflowId, startCertificateWorkflow } from './journeys.js';
import type { ProcessWatch, Role } from './processes.js';

const PROGRESS_EVERY_MS = 5_000;
const SETTLE_CHECK_MS = 1_000;
/** The wait for the workflows to settle gives up once none has settled for this long. */
const SETTLE_STALL_MS = 120_000;
/** How long the worker is left without work before its settled memory is read. */
export const OPEN_IDLE_MS = 10_000;
export const OPEN_PROBE_QUERIES = 20;

type Certificate = { id: string; studentId: string };

export interface OpenWorkflowsResult {
  n: number;
  /** The whole mode: starts, settling, idle and queries. */
  seconds: number;
  started: number;
  /** Started workflows waiting for their student when the wait ended (enrolment recorded, welcome e-mail queued). */
  settled: number;
  startSeconds: number;
  startedPerSec: number;
  /** From the first start until the last started workflow waited for its student; null if some never did. */
  settleSeconds: number | null;
  workerRssAtSettleMb: number | null;
  /** After settling and OPEN_IDLE_MS without work. */
  workerSettledRssMb: number | null;
  temporalPeakRssMb: number | null;
  temporalSettledRssMb: number | null;
  /** One query each on OPEN_PROBE_QUERIES random open workflows, one at a time: the answered ones. */
  queries: number;
  queryP50Ms: number | null;
  queryP99Ms: number | null;
  /** Queries that failed or did not show the certificate open ("collecting"). */
  queryFailures: number;
  errors: string[];
}

export interface OpenWorkflowsSetup {
  db: Db;
  client: Client;
  taskQueue: string;
  programme: Pick<BenchProgramme, 'id' | 'code'>;
  expectedEndOfStudies: string;
  /** Certificate rows to start workflows for (see insertCertificates). */
  certificates: Certificate[];
  concurrency: number;
  watch?: ProcessWatch;
  print: (line: string) => void;
}

/** How many of these certificates are open and their workflows past their first steps: the welcome e-mail is queued. */
async function countSettled(db: Db, certificates: Certificate[]): Promise<number> {
  const found = await db.query<{ settled: number }>(
    `SELECT count(DISTINCT m.case_id)::int AS settled FROM mail_outbox m JOIN certificate c ON c.id = m.case_id
      WHERE m.kind = 'welcome' AND c.stage = 'collecting' AND m.case_id = ANY($1::uuid[])`,
    [certificates.map((c) => c.id)],
  );
  return found.rows[0].settled;
}

function pick<T>(items: readonly T[], count: number): T[] {
  const copy = [...items];
  for (let i = 0; i < Math.min(count, copy.length); i++) {
    const j = i + randomInt(copy.length - i);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, count);
}

/**
 * Starts a certificate workflow for each certificate row straight through the Temporal client
 * (`concurrency` starts at once), waits until every started workflow has recorded the enrolment
 * and queued its welcome e-mail (after which it only waits for its student), leaves the worker
 * idle for OPEN_IDLE_MS, and queries a few random ones, which the worker may have to rebuild
 * from their history. Reads the worker's and Temporal's memory throughout.
 */
export async function runOpenWorkflows(setup: OpenWorkflowsSetup): Promise<OpenWorkflowsResult> {
  const { db, client, certificates, watch, print } = setup;
  const n = certificates.length;
  const rss = (role: Role) => watch?.rss(role) ?? null;
  const mb = (v: number | null) => (v === null ? 'n/a' : `${v} MB`);
  const errors = new ErrorTally();
  const started: Certificate[] = [];
  let settled = 0;

  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  let lastCount = 0;
  let lastAt = t0;
  let checking = false;
  const progress = setInterval(() => {
    const now = performance.now();
    const rate = ((started.length - lastCount) * 1000) / (now - lastAt);
    lastCount = started.length;
    lastAt = now;
    print(
      `  open      ${String(started.length).padStart(String(n).length)}/${n} started · ${rate.toFixed(0)}/s now, ${(started.length / elapsed()).toFixed(0)}/s average · ${settled} waiting for their student · worker ${mb(rss('worker'))} · ${elapsed().toFixed(0)} s`,
    );
    if (checking) return;
    checking = true;
    countSettled(db, started.slice())
      .then((count) => (settled = count), () => undefined)
      .finally(() => (checking = false));
  }, PROGRESS_EVERY_MS);
  try {
    await inPool(certificates, setup.concurrency, async (certificate) => {
      try {
        await startCertificateWorkflow(client, setup.taskQueue, setup.programme, setup.expectedEndOfStudies, certificate);
        started.push(certificate);
      } catch (err) {
        errors.add(err);
      }
    });
  } finally {
    clearInterval(progress);
  }
  const startSeconds = elapsed();
  print(`  open      ${started.length}/${n} started in ${startSeconds.toFixed(1)} s${started.length < n ? ` · ${n - started.length} failed` : ''}; waiting until each waits for its student…`);

  let settleSeconds: number | null = null;
  let grewAt = performance.now();
  let nextPrint = grewAt + PROGRESS_EVERY_MS;
  for (;;) {
    const before = settled;
    settled = await countSettled(db, started);
    const now = performance.now();
    if (settled > before) grewAt = now;
    if (settled >= started.length) {
      settleSeconds = elapsed();
      break;
    }
    if (now - grewAt > SETTLE_STALL_MS) {
      errors.add(new Error(`${started.length - settled} of ${started.length} workflows had not queued their welcome e-mail; none did for ${SETTLE_STALL_MS / 1000} s`));
      break;
    }
    if (now >= nextPrint) {
      nextPrint = now + PROGRESS_EVERY_MS;
      print(`  settling  ${settled}/${started.length} waiting for their student · worker ${mb(rss('worker'))} · Temporal ${mb(rss('temporal'))} · ${elapsed().toFixed(0)} s`);
    }
    await sleep(SETTLE_CHECK_MS);
  }
  const workerRssAtSettleMb = rss('worker');
  print(`  settled   ${settled}/${started.length} after ${elapsed().toFixed(1)} s · worker ${mb(workerRssAtSettleMb)}; ${OPEN_IDLE_MS / 1000} s idle…`);
  await sleep(OPEN_IDLE_MS);
  const workerSettledRssMb = rss('worker');
  const temporalSettledRssMb = rss('temporal');

  const latencies: number[] = [];
  let queryFailures = 0;
  for (const certificate of pick(started, OPEN_PROBE_QUERIES)) {
    const q0 = performance.now();
    try {
      const view = await client.workflow.getHandle<typeof certificateWorkflow>(certificateWorkflowId(certificate.id)).query(certificateViewQuery);
      latencies.push(performance.now() - q0);
      if (view.certificateId !== certificate.id || view.stage !== 'collecting') throw new Error(`the query on ${certificateWorkflowId(certificate.id)} showed ${view.certificateId} ${view.stage}, not the open certificate`);
    } catch (err) {
      queryFailures++;
      errors.add(err);
    }
  }
  const query = latencies.length ? summarise(latencies) : null;
  print(`  queries   ${latencies.length} answered${queryFailures ? `, ${queryFailures} failed` : ''}${query ? ` · p50 ${query.p50Ms} ms, p99 ${query.p99Ms} ms` : ''}`);

  return {
    n,
    seconds: Math.round(elapsed() * 100) / 100,
    started: started.length,
    settled,
    startSeconds: Math.round(startSeconds * 100) / 100,
    startedPerSec: Math.round((started.length / startSeconds) * 10) / 10,
    settleSeconds: settleSeconds === null ? null : Math.round(settleSeconds * 100) / 100,
    workerRssAtSettleMb,
    workerSettledRssMb,
    temporalPeakRssMb: watch?.phasePeak('temporal') ?? null,
    temporalSettledRssMb,
    queries: latencies.length,
    queryP50Ms: query?.p50Ms ?? null,
    queryP99Ms: query?.p99Ms ?? null,
    queryFailures,
    errors: errors.list(),
  };
}

/** Ends the workflows runOpenWorkflows started (for a system the benchmark did not start). */
export async function terminateOpenWorkflows(client: Client, certificates: Certificate[], concurrency: number): Promise<void> {
  await inPool(certificates, concurrency, (c) =>
    client.workflow
      .getHandle(certificateWorkflowId(c.id))
      .terminate('benchmark over')
      .then(
        () => undefined,
        () => undefined,
      ),
  );
}
