import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { STEPS_PER_JOURNEY } from '../kit/journeys.js';

export class BenchError extends Error {
  override name = 'BenchError';
}

export interface BenchOptions {
  /** Certificate journeys per run (each run: once over HTTP, once straight through Temporal). */
  n: number;
  concurrency: number;
  /** Attach to a running system at this URL instead of starting the embedded one. */
  apiUrl?: string;
  /** The programme to run on (code); by default the first one that can be opened (or is open, when attached). */
  programme?: string;
  /** How often a journey looks again for a change it waits for (ms). */
  pollMs: number;
  /** Read-model rows to load for the read benchmark; 0 skips it. */
  readCases: number;
  readRate: number;
  readSeconds: number;
  /** Open tasks per person in the read model (GET /api/tasks answers one person's inbox). */
  readTasksPerPerson: number;
  /** Certificate workflows to start and leave open, waiting for their students; 0 skips it. */
  openWorkflows: number;
  /** Updates in each floor phase (an empty update; an update running one local activity); 0 skips them. */
  floor: number;
  /** People in the generated organisation whose import is timed; 0 skips it. */
  orgPeople: number;
  out: string;
  keepData: boolean;
  /** Write the embedded worker's CPU profile (Node's --cpu-prof) to this folder when it stops. */
  workerCpuProf?: string;
}

/** The floor phases' bounds when their count follows --n. */
const FLOOR_MIN = 100;
const FLOOR_MAX = 5_000;

/** Updates in each floor phase unless --floor says: as many as the API phase's steps, within bounds; none without journeys. */
export function defaultFloorCount(n: number): number {
  return n === 0 ? 0 : Math.min(FLOOR_MAX, Math.max(FLOOR_MIN, n * STEPS_PER_JOURNEY));
}

export const USAGE = `Usage: npm run bench -- [options]

Drives complete certificate journeys (enrolment → three confirmed activities → career course →
presentation → report → approval → diploma) through the HTTP API, then the same journeys straight
through the Temporal client (the baseline), then the engine's floor (a Workflow Update with an empty
handler, and one whose handler runs one local activity inserting one row), and prints throughput and
latencies side by side. It can also measure the read model under load, and the worker's memory with
many certificates open at once.

Options:
  --n <count>               journeys per run (default 200, at most 10000; 0 with --read-cases,
                            --open-workflows or --floor runs only those)
  --concurrency <count>     journeys (or workflow starts) in flight at once (default 20, at most 500)
  --api <url>               attach to a running system on this machine instead of starting the embedded
                            one; DATABASE_URL, TEMPORAL_ADDRESS and the other usual settings name the rest
  --programme <code>        the programme to run on (default: the first one that can be opened)
  --floor <count>           updates in each floor phase, --concurrency at once (default: as many as the
                            API phase has steps, --n × ${STEPS_PER_JOURNEY}, at least ${FLOOR_MIN} and at most ${FLOOR_MAX}; 0 skips
                            the floor; with --n 0 it is off unless given)
  --poll-ms <ms>            how often a journey looks again for a change it waits for (default 25)
  --read-cases <count>      also load this many cases into the read model and measure GET /api/tasks and
                            GET /api/rollouts under load (--read alone: 10000)
  --read-rate <req/s>       offered request rate of the read benchmark, per endpoint (default 500)
  --read-seconds <s>        how long each endpoint is loaded (default 10)
  --read-tasks-per-person <count>  open tasks per person in the read model (default 25)
  --open-workflows <count>  also start this many certificate workflows straight through Temporal
                            (--concurrency at once), wait until each waits for its student, and
                            measure the worker's memory and queries on them (default 0: off, at most 20000)
  --org-people <count>      time the organisation import of a generated organisation of this many
                            people, in a scratch database on the same PostgreSQL (default 10000 when
                            journeys run, else 0; 0 skips it; at most 200000)
  --out <file>              where the results go (default bench-results/latest.json)
  --keep-data               keep the embedded stack's data folder (default: deleted at the end)
  --worker-cpu-prof <dir>   run the embedded worker with node --cpu-prof and write its profile
                            (a .cpuprofile for Chrome DevTools) to this folder when the stack stops
  -h, --help                this text
`;

function int(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new BenchError(`--${name} must be a whole number from ${min} to ${max} (got ${raw})`);
  return value;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        n: { type: 'string' },
        concurrency: { type: 'string' },
        api: { type: 'string' },
        programme: { type: 'string' },
        'poll-ms': { type: 'string' },
        read: { type: 'boolean' },
        'read-cases': { type: 'string' },
        'read-rate': { type: 'string' },
        'read-seconds': { type: 'string' },
        'read-tasks-per-person': { type: 'string' },
        'open-workflows': { type: 'string' },
        floor: { type: 'string' },
        'org-people': { type: 'string' },
        out: { type: 'string' },
        'keep-data': { type: 'boolean' },
        'worker-cpu-prof': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new BenchError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  let apiUrl: string | undefined;
  if (v.api !== undefined) {
    let url: URL;
    try {
      url = new URL(v.api);
    } catch {
      throw new BenchError(`--api must be a URL such as http://127.0.0.1:3000 (got ${v.api})`);
    }
    if (!LOOPBACK.has(url.hostname)) throw new BenchError(`--api must name this machine (127.0.0.1, localhost or [::1]): the benchmark loads only loopback services (got ${url.hostname})`);
    apiUrl = url.origin;
  }
  if (apiUrl && v['worker-cpu-prof'] !== undefined) throw new BenchError('--worker-cpu-prof profiles the embedded stack\'s worker: it does not go with --api');
  const readCases = v['read-cases'] !== undefined ? int('read-cases', v['read-cases'], 0, 1, 100_000) : v.read ? 10_000 : 0;
  const n = int('n', v.n, 200, 0, 10_000);
  const openWorkflows = int('open-workflows', v['open-workflows'], 0, 0, 20_000);
  const floor = int('floor', v.floor, defaultFloorCount(n), 0, 100_000);
  const orgPeople = int('org-people', v['org-people'], n > 0 ? 10_000 : 0, 0, 200_000);
  if (n === 0 && readCases === 0 && openWorkflows === 0 && floor === 0 && orgPeople === 0) throw new BenchError('--n 0 runs no journeys: give --read-cases, --open-workflows, --floor or --org-people too, or a number of journeys');
  return {
    n,
    concurrency: int('concurrency', v.concurrency, 20, 1, 500),
    apiUrl,
    programme: v.programme,
    pollMs: int('poll-ms', v['poll-ms'], 25, 5, 1_000),
    readCases,
    readRate: int('read-rate', v['read-rate'], 500, 1, 2_000),
    readSeconds: int('read-seconds', v['read-seconds'], 10, 1, 60),
    readTasksPerPerson: int('read-tasks-per-person', v['read-tasks-per-person'], 25, 1, 10_000),
    openWorkflows,
    floor,
    orgPeople,
    out: v.out ?? 'bench-results/latest.json',
    keepData: v['keep-data'] ?? false,
    workerCpuProf: v['worker-cpu-prof'] !== undefined ? resolve(v['worker-cpu-prof']) : undefined,
  };
}
