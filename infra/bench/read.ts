import { performance } from 'node:perf_hooks';
import { ROLLOUT_TASK_TYPES } from '../../workflows/contracts/rollout.contract.js';
import { insertPeople, type Db } from '../kit/fixtures.js';
import { Api, inPool } from '../kit/http.js';
import { percentile } from '../kit/runner.js';

const MAX_IN_FLIGHT = 256;
const SIGNED_IN_READERS = 50;
const REQUEST_TIMEOUT_MS = 30_000;
const UNLOADED_REQUESTS = 20;

export interface ReadLoad {
  cases: number;
  people: number;
  tasksPerPerson: number;
  loadMs: number;
  /** Signed-in readers (their tokens take turns). */
  readers: Api[];
}

/**
 * Adds `cases` closed rollout cases (declined or withdrawn, so that any number fit next to each
 * programme's one open rollout) and one open task per case, spread over new bench people so that
 * each has `tasksPerPerson` in the inbox. Rows go straight into the read model; no workflows.
 */
export async function loadReadModel(db: Db, apiUrl: string, run: string, cases: number, tasksPerPerson: number): Promise<ReadLoad> {
  const started = performance.now();
  const count = Math.ceil(cases / tasksPerPerson);
  const people = await insertPeople(db, Array.from({ length: count }, (_, i) => ({ name: `Bench Reader ${i + 1}`, email: `bench-${run}-reader-${i + 1}@example.org` })));
  const programmes = await db.query<{ id: string; faculty_id: string }>('SELECT p.id, d.faculty_id FROM programme p JOIN department d ON d.id = p.department_id ORDER BY p.code');
  await db.query(
    `INSERT INTO rollout_case (id, workflow_id, programme_id, faculty_id, initiator_id, stage, motivation, expected_students_per_year, initiator_capacity, created_at, updated_at)
     SELECT s.id, $1 || '-rollout-' || s.g, ($2::uuid[])[1 + s.g % $4], ($3::uuid[])[1 + s.g % $4], ($5::uuid[])[1 + s.g % $6],
            CASE WHEN s.g % 3 = 0 THEN 'withdrawn' ELSE 'declined' END, 'Benchmark case ' || s.g, 5 + s.g % 40, 'programme_leader',
            now() - make_interval(mins => s.g), now() - make_interval(mins => s.g)
       FROM (SELECT g, gen_random_uuid() AS id FROM generate_series(1, $7::int) g) s`,
    [`bench-${run}`, programmes.rows.map((p) => p.id), programmes.rows.map((p) => p.faculty_id), programmes.rows.length, people.map((p) => p.id), people.length, cases],
  );
  await db.query(
    `INSERT INTO task (id, case_type, case_id, workflow_id, type, assignee_id, status, due_at)
     SELECT r.workflow_id || ':task', 'rollout', r.id, r.workflow_id, ($2::text[])[1 + r.n % $3], ($4::uuid[])[1 + r.n % $5], 'open', now() + make_interval(hours => r.n % 720)
       FROM (SELECT id, workflow_id, (row_number() OVER (ORDER BY created_at))::int AS n FROM rollout_case WHERE workflow_id LIKE $1 || '-rollout-%') r`,
    [`bench-${run}`, [...ROLLOUT_TASK_TYPES], ROLLOUT_TASK_TYPES.length, people.map((p) => p.id), people.length],
  );
  // A live database keeps its statistics current (autovacuum); bulk rows should not skew the plans.
  await db.query('ANALYZE rollout_case, task, person');
  const readers = await inPool(people.slice(0, SIGNED_IN_READERS), 10, (p) => Api.signIn(apiUrl, p.id));
  return { cases, people: people.length, tasksPerPerson, loadMs: Math.round(performance.now() - started), readers };
}

/** Removes what loadReadModel added (for a system the benchmark did not start). */
export async function unloadReadModel(db: Db, run: string): Promise<void> {
  await db.query(`DELETE FROM task WHERE workflow_id LIKE $1 || '-rollout-%'`, [`bench-${run}`]);
  await db.query(`DELETE FROM rollout_case WHERE workflow_id LIKE $1 || '-rollout-%'`, [`bench-${run}`]);
  await db.query(`DELETE FROM person WHERE email LIKE $1 || '-reader-%'`, [`bench-${run}`]);
}

export interface EndpointResult {
  path: string;
  offeredPerSec: number;
  seconds: number;
  sent: number;
  ok: number;
  failed: number;
  /** Not sent because MAX_IN_FLIGHT requests were still waiting for an answer. */
  shed: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** One request at a time, before the load: the time the endpoint itself takes. */
  unloadedP50Ms: number;
  avgBytes: number;
  statuses: Record<string, number>;
}

/**
 * Offers `rate` requests a second to `path` for `seconds` (open loop, on a schedule that does not
 * wait for answers; at most MAX_IN_FLIGHT outstanding). Latency is measured from each request's
 * scheduled time, so time spent queued behind a slow server counts.
 */
export async function loadEndpoint(apiUrl: string, path: string, readers: Api[], rate: number, seconds: number, progress: (line: string) => void): Promise<EndpointResult> {
  const unloaded: number[] = [];
  for (let i = 0; i < UNLOADED_REQUESTS; i++) {
    const t0 = performance.now();
    await readers[i % readers.length].get(path);
    unloaded.push(performance.now() - t0);
  }
  const total = rate * seconds;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  let ok = 0;
  let failed = 0;
  let shed = 0;
  let inFlight = 0;
  let bytes = 0;
  const started = performance.now();
  let lastDone = started;
  const ticker = setInterval(() => {
    const elapsed = (performance.now() - started) / 1000;
    progress(`  GET ${path.padEnd(14)} ${sent}/${total} sent · ${ok} ok · ${(ok / elapsed).toFixed(0)} req/s · ${inFlight} in flight${shed ? ` · ${shed} shed` : ''}${failed ? ` · ${failed} failed` : ''}`);
  }, 1_000);
  await new Promise<void>((resolveAll) => {
    const send = (due: number, api: Api) => {
      inFlight++;
      fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${api.token}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
        .then(async (res) => {
          bytes += (await res.arrayBuffer()).byteLength;
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status === 200) ok++;
          else failed++;
        })
        .catch((err: Error) => {
          statuses[err.name] = (statuses[err.name] ?? 0) + 1;
          failed++;
        })
        .finally(() => {
          inFlight--;
          lastDone = performance.now();
          latencies.push(lastDone - due);
          if (sent >= total && inFlight === 0) resolveAll();
        });
    };
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - started) / 1000) * rate) + 1);
      while (sent < due) {
        const scheduled = started + (sent * 1000) / rate;
        const api = readers[sent % readers.length];
        sent++;
        if (inFlight >= MAX_IN_FLIGHT) shed++;
        else send(scheduled, api);
      }
      if (sent < total) setTimeout(tick, 2);
      else if (inFlight === 0) resolveAll();
    };
    tick();
  });
  clearInterval(ticker);
  const elapsed = (lastDone - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const answered = ok + failed;
  return {
    path,
    offeredPerSec: rate,
    seconds,
    sent: sent - shed,
    ok,
    failed,
    shed,
    requestsPerSec: Math.round((ok / elapsed) * 10) / 10,
    p50Ms: Math.round(percentile(sorted, 50) * 10) / 10,
    p99Ms: Math.round(percentile(sorted, 99) * 10) / 10,
    unloadedP50Ms: Math.round(percentile(unloaded.sort((a, b) => a - b), 50) * 10) / 10,
    avgBytes: answered ? Math.round(bytes / answered) : 0,
    statuses,
  };
}
