import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';

export class FaultsError extends Error {
  override name = 'FaultsError';
}

export interface FaultsOptions {
  journeys: number;
  concurrency: number;
  /** Seeds the fault plan (which faults, when, for how long). */
  seed: number;
  keepData: boolean;
}

export const USAGE = `Usage: npm run build --silent && node dist/infra/faults/faults.js [options]

Starts PostgreSQL, the Temporal dev server, an SMTP server, the worker and the API as separate,
restartable pieces, drives certificate journeys over HTTP while killing and restarting them, and
checks that no journey, decision, row or e-mail was lost or duplicated. Exits 0 only if every
check holds.

Options:
  --journeys <count>      journeys under faults (default 100, at least 10)
  --concurrency <count>   journeys in flight at once (default 10)
  --seed <number>         seeds the fault plan (default: random, printed)
  --keep-data             keep the temporary data folder (logs, databases, received mail)
  --help                  this text
`;

function count(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new FaultsError(`--${name} must be a whole number from ${min} to ${max}, not ${raw}`);
  return value;
}

export function parseOptions(argv: string[]): FaultsOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        journeys: { type: 'string' },
        concurrency: { type: 'string' },
        seed: { type: 'string' },
        'keep-data': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    throw new FaultsError(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) return 'help';
  return {
    journeys: count('journeys', values.journeys, 100, 10, 2_000),
    concurrency: count('concurrency', values.concurrency, 10, 1, 100),
    seed: count('seed', values.seed, randomInt(1, 2 ** 31), 0, 2 ** 31),
    keepData: values['keep-data'],
  };
}
