import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { dataConverterFor } from '../../services/platform/temporal/encryption.codec.js';
import { connectDb, insertStudents, prepareProgramme, type Db, type Person } from '../kit/fixtures.js';
import { Api, inPool } from '../kit/http.js';
import { journeyTexts, STEPS_PER_JOURNEY, type Recorder } from '../kit/journeys.js';
import { runPhase } from '../kit/runner.js';
import { freeDevPorts } from '../stack/ports.js';
import { checkFaults, checkJourneys, checkMail, normaliseMessageId, type JourneyExpectation } from './checks.js';
import { gatherFacts, readOutbox, waitForOutbox, waitForWorkflows, type JourneyOutcome } from './evidence.js';
import { FaultInjector, planFaults } from './injector.js';
import { resilientJourney, type JourneyContext, type JourneyRecord } from './journey.js';
import { FaultsError, parseOptions, USAGE, type FaultsOptions } from './options.js';
import { renderSummary } from './report.js';
import { HttpStats } from './resilient-http.js';
import { Stack } from './stack.js';

/** The whole run must end well within ten minutes; past this it stops and fails. */
const WATCHDOG_MS = 570_000;
const SETTLE_TIMEOUT_MS = 90_000;
const POLL_MS = 200;
/** Print one in this many of the runner's once-a-second progress lines. */
const PROGRESS_EVERY = 10;

const started = performance.now();
const startedAtMs = Date.now();
const elapsedSeconds = () => (performance.now() - started) / 1000;
const since = () => `+${elapsedSeconds().toFixed(1)} s`;
const say = (msg: string) => process.stdout.write(`[faults ${since()}] ${msg}\n`);
const print = (line: string) => process.stdout.write(`${line}\n`);

type SignedIn = Person & { api: Api };

async function signInAll(apiUrl: string, people: Person[]): Promise<SignedIn[]> {
  return inPool(people, 10, async (p) => ({ ...p, api: await Api.signIn(apiUrl, p.id) }));
}

/** One fault-free journey: what it leaves behind is what every journey under faults must leave. */
async function referenceJourney(ctx: JourneyContext, db: Db, client: Client, student: SignedIn): Promise<{ outcome: JourneyOutcome; expected: JourneyExpectation }> {
  const record: JourneyRecord = { studentId: student.id };
  await resilientJourney(ctx, student, { step: () => undefined }, record);
  const certificateId = record.certificateId!;
  const open = await waitForWorkflows(client, [certificateId], SETTLE_TIMEOUT_MS);
  if (open.length) throw new FaultsError('the reference journey’s workflow did not complete');
  const pending = await waitForOutbox(db, SETTLE_TIMEOUT_MS);
  if (pending) throw new FaultsError(`the mail outbox still had ${pending} pending rows ${SETTLE_TIMEOUT_MS / 1000} s after the reference journey, with no fault injected`);
  const outbox = await readOutbox(db);
  const events = await db.query<{ kind: string }>('SELECT kind FROM case_event WHERE case_id = $1', [certificateId]);
  const expected: JourneyExpectation = {
    participations: ctx.programme.activities.length,
    mailKinds: outbox.filter((r) => r.caseId === certificateId).map((r) => r.kind).sort(),
    eventKinds: events.rows.map((r) => r.kind).sort(),
  };
  return { outcome: { label: 'reference journey', studentId: student.id, certificateId }, expected };
}

async function run(options: FaultsOptions, stack: Stack, db: Db, client: Client): Promise<boolean> {
  const runId = Date.now().toString(36);
  const programme = await prepareProgramme(db, stack.apiUrl, runId, undefined, say);
  say(`programme ${programme.code}, review meeting ${programme.meetingId}`);
  const stats = new HttpStats();
  const ctx: JourneyContext = { programme, stats, pollMs: POLL_MS, ...journeyTexts(stack.config.certificates) };

  const [refStudent] = await signInAll(stack.apiUrl, await insertStudents(db, runId, 'ref', 1, programme.id));
  say('reference journey (no faults)…');
  const reference = await referenceJourney({ ...ctx, stats: new HttpStats() }, db, client, refStudent);
  say(`each journey should send ${reference.expected.mailKinds.length} e-mails: ${reference.expected.mailKinds.join(', ')}`);
  say(`and record ${reference.expected.eventKinds.length} timeline events: ${reference.expected.eventKinds.join(', ')}`);

  const students = await signInAll(stack.apiUrl, await insertStudents(db, runId, 'faults', options.journeys, programme.id));
  const records: (JourneyRecord & { error?: string })[] = students.map((s) => ({ studentId: s.id }));
  const totalSteps = options.journeys * STEPS_PER_JOURNEY;
  let stepsDone = 0;
  let inFlight = 0;
  let finished = false;
  const plan = planFaults(options.seed);
  const injector = new FaultInjector(plan, stack, () => ({ fraction: stepsDone / totalSteps, inFlight, finished }), elapsedSeconds, say);
  say(`${options.journeys} journeys, ${options.concurrency} at once, with ${plan.length} faults: ${plan.map((f) => `${f.kind} at ${Math.round(f.at * 100)}%`).join(', ')}`);
  const injecting = injector.run();
  let progressLines = 0;
  const phase = await runPhase(
    'faults',
    options.journeys,
    options.concurrency,
    async (i, recorder) => {
      const counting: Recorder = {
        step(kind, ms) {
          stepsDone++;
          recorder.step(kind, ms);
        },
      };
      inFlight++;
      try {
        await resilientJourney(ctx, students[i], counting, records[i]);
      } catch (err) {
        records[i].error = (err as Error).message.split('\n')[0].slice(0, 300);
        throw err;
      } finally {
        inFlight--;
      }
    },
    (line) => {
      if (progressLines++ % PROGRESS_EVERY === 0) print(line);
    },
  );
  finished = true;
  await injecting;
  say(`journeys done: ${phase.completed} finished, ${phase.failed} failed, in ${phase.seconds.toFixed(1)} s`);

  const journeys: JourneyOutcome[] = [reference.outcome, ...records.map((r, i) => ({ label: `journey ${i + 1}`, ...r }))];
  const certificateIds = journeys.flatMap((j) => (j.certificateId ? [j.certificateId] : []));
  say(`waiting (at most ${SETTLE_TIMEOUT_MS / 1000} s each) for the workflows to complete and the mail outbox to drain…`);
  const open = await waitForWorkflows(client, certificateIds, SETTLE_TIMEOUT_MS);
  say(open.length ? `${open.length} workflows still running` : 'every workflow has closed');
  const pending = await waitForOutbox(db, SETTLE_TIMEOUT_MS);
  say(pending ? `${pending} outbox rows still pending` : 'the mail outbox is drained');

  const outbox = await readOutbox(db);
  // Each message the SMTP server took, and when (seconds into the run).
  const received = stack.mail.messages().map((m) => ({ messageId: m.messageId, atSeconds: Math.round((Date.parse(m.receivedAt) - startedAtMs) / 100) / 10 }));
  say('reading what the database, Temporal and the SMTP server hold…');
  const facts = await gatherFacts(db, client, journeys, outbox);
  const checks = [
    checkFaults(plan.length, injector.injected),
    ...checkJourneys(facts, reference.expected),
    ...checkMail(outbox, received),
  ];
  print('');
  print(
    renderSummary({
      seed: options.seed,
      journeys: options.journeys,
      concurrency: options.concurrency,
      stepsPerJourney: STEPS_PER_JOURNEY,
      elapsedSeconds: elapsedSeconds(),
      plan,
      injected: injector.injected,
      phase,
      http: stats,
      workerKills: injector.injected.filter((f) => f.kind === 'worker-kill').length,
      restarts: { worker: stack.worker.unexpectedExits.length, api: stack.api.unexpectedExits.length },
      outbox,
      received: { total: received.length, distinct: new Set(received.map((m) => normaliseMessageId(m.messageId ?? ''))).size },
      checks,
    }),
  );
  return checks.every((c) => c.pass);
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') {
    print(USAGE);
    return 0;
  }
  say(`seed ${options.seed} (again with --seed ${options.seed})`);
  const dataDir = mkdtempSync(join(tmpdir(), 'cil-flow-faults-'));
  chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as `postgres`, which must reach its folder
  const stack = new Stack(dataDir, await freeDevPorts(), elapsedSeconds, say);
  let db: Db | undefined;
  let connection: Connection | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      say('stopping everything…');
      await connection?.close().catch(() => undefined);
      await db?.end().catch(() => undefined);
      await stack.stop(say);
      if (options.keepData) say(`data, logs and received mail kept in ${dataDir}`);
      else rmSync(dataDir, { recursive: true, force: true });
    })());
  const abort = (code: number, why: string) => {
    say(`${why}; stopping…`);
    if (why.startsWith('watchdog')) print(stack.tails());
    void stopAll().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => abort(130, 'interrupted (SIGINT)'));
  process.once('SIGTERM', () => abort(143, 'terminated (SIGTERM)'));
  process.once('exit', () => stack.killNow());
  const watchdog = setTimeout(() => abort(1, `watchdog: the run passed ${WATCHDOG_MS / 1000} s`), WATCHDOG_MS);
  watchdog.unref();

  let passed = false;
  try {
    say(`starting the system in ${dataDir}…`);
    await stack.start(say);
    say(`ready: API ${stack.apiUrl}`);
    db = connectDb(stack.databaseUrl);
    connection = await Connection.connect({ address: stack.temporalAddress });
    const client = new Client({ connection, namespace: stack.config.temporal.namespace, dataConverter: dataConverterFor(stack.config) });
    passed = await run(options, stack, db, client);
    if (!passed) print(`\nThe processes' last output (all of it in ${dataDir}${options.keepData ? '' : '; keep it with --keep-data'}):\n${stack.tails()}`);
  } catch (err) {
    print(`\nthe fault suite could not finish: ${err instanceof FaultsError ? err.message : ((err as Error).stack ?? String(err))}`);
    print(`\nThe processes' last output:\n${stack.tails()}`);
  } finally {
    clearTimeout(watchdog);
    await stopAll();
  }
  say(`done in ${elapsedSeconds().toFixed(1)} s: ${passed ? 'PASS' : 'FAIL'}`);
  return passed ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`${err instanceof FaultsError ? err.message : (err.stack ?? err.message)}\n`);
      process.exit(2);
    },
  );
}
