import { userInfo } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../services/platform/config/config.schema.js';
import { connectWithin, createDataSource } from '../../services/platform/db/data-source.js';
import { ImportRejected, describeProblem } from '../../services/features/organisation/import/import-format.js';
import { dataConverterFor } from '../../services/platform/temporal/encryption.codec.js';
import { connectTemporalWithin, temporalTlsFor } from '../../services/platform/temporal/temporal-connect.js';
import type { AppConfig } from '../../services/platform/config/config.schema.js';
import { handOverThrough, importOrganisation, type TaskHandover } from '../../services/features/organisation/import/organisation-import.js';
import { embeddedDatabaseUrl } from '../stack/embedded-postgres.js';

export const USAGE = `usage: npm run org:import -- FILE... [--dry-run] [--actor NAME]

Imports faculties, departments, programmes, people and their roles (README, "The organisation
from the university's data"). FILE is a JSON file, a CSV file named after its kind
(faculties.csv, departments.csv, programmes.csv, people.csv, roles.csv) or a directory holding
such CSV files. Everything is checked first; nothing is written when anything is wrong.

  --dry-run      print what would change (added, changed, deactivated), write nothing
  --actor NAME   who runs the import, for its history (default: the user name)

The database is DATABASE_URL, or else the embedded one of a running \`npm start\`; Temporal
(for open tasks that move to a role's new holder) is TEMPORAL_ADDRESS, or else that of \`npm start\`.`;

const say = (msg: string) => process.stderr.write(`[org:import] ${msg}\n`);

/**
 * Moves a task as a manual reassignment does, through the rollout workflow's reassignTask update
 * (connected at the first task to move). Answers the handover function and a way to close.
 */
function temporalHandover(config: AppConfig): { handOver: (h: TaskHandover) => Promise<string[] | void>; close: () => Promise<void> } {
  let connected: Promise<{ connection: Connection; client: Client }> | undefined;
  const connect = () => {
    const address = config.temporal.address ?? `127.0.0.1:${config.dev.temporalPort}`;
    connected ??= connectTemporalWithin(() => Connection.connect({ address, tls: temporalTlsFor(config), connectTimeout: 2_000 }), address, config.temporal.connectTimeoutMs, say).then((connection) => ({
      connection,
      client: new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverterFor(config) }),
    }));
    return connected;
  };
  return {
    handOver: async (h) => handOverThrough((await connect()).client)(h),
    close: async () => {
      if (connected) await (await connected).connection.close();
    },
  };
}

/** Prints at most this many changes after a real run (a dry run prints them all). */
const MAX_LINES_AFTER_APPLY = 200;

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseArgs<{ options: { 'dry-run': { type: 'boolean' }; actor: { type: 'string' }; help: { type: 'boolean' } }; allowPositionals: true }>>;
  try {
    args = parseArgs({ args: argv, options: { 'dry-run': { type: 'boolean' }, actor: { type: 'string' }, help: { type: 'boolean' } }, allowPositionals: true });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!args.positionals.length) {
    process.stderr.write(`name at least one file\n\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const url = config.database.url ?? embeddedDatabaseUrl(config.dev.postgresPort);
  const db = await connectWithin(createDataSource(url, 2), config.database.connectTimeoutMs, say);
  const temporal = temporalHandover(config);
  try {
    if (await db.showMigrations()) {
      say('the database schema is not up to date: run `npm run migrate` (or `npm start`) first');
      return 1;
    }
    const started = performance.now();
    const dryRun = args.values['dry-run'] ?? false;
    const outcome = await importOrganisation(db, args.positionals, {
      dryRun,
      actor: args.values.actor ?? `command line (${userInfo().username})`,
      publicUrl: config.publicUrl,
      progress: say,
      handOver: temporal.handOver,
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const changes = outcome.lines.slice(0, -1);
    const shown = dryRun ? changes : changes.slice(0, MAX_LINES_AFTER_APPLY);
    for (const line of shown) process.stdout.write(`${line}\n`);
    if (shown.length < changes.length) process.stdout.write(`… and ${changes.length - shown.length} more (--dry-run lists them all)\n`);
    process.stdout.write(`${outcome.lines.at(-1)}\n`);
    for (const h of outcome.handovers) {
      const what = h.kind === 'task' ? `open task ${h.taskId} (${h.type})` : `open confirmations of certificate ${h.caseId}`;
      const remedy = h.kind === 'task' ? 'reassign it on the case page' : 'end and give the confirming seat again on the Organisation pages once Temporal answers';
      process.stdout.write(h.failed ? `${what} NOT moved to the role's new holder (${h.failed}): ${remedy}\n` : `${what} moved to the role's new holder, case ${h.caseId}\n`);
    }
    for (const t of outcome.orphanedTasks) process.stdout.write(`open task of a deactivated person, to reassign: ${t.taskId} (${t.type}, due ${t.dueAt.toISOString().slice(0, 10)}), case ${t.caseId}\n`);
    if (outcome.orphanedTasks.length) process.stdout.write('the central group and the faculties\' representatives are told by e-mail\n');
    say(dryRun ? `dry run in ${seconds} s: nothing written` : outcome.applied ? `imported in ${seconds} s` : `nothing to change (${seconds} s)`);
    return outcome.handovers.some((h) => h.failed) ? 1 : 0;
  } catch (err) {
    if (err instanceof ImportRejected) {
      for (const p of err.problems) process.stderr.write(`${describeProblem(p)}\n`);
      say(`${err.problems.length} problem(s); nothing was written`);
      return 1;
    }
    throw err;
  } finally {
    await temporal.close();
    await db.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      say(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
