/** A problem the demo explains in one line and ends with exit code 1. */
export class DemoError extends Error {}

export interface EventSource {
  name: string;
  secret: string;
}

export interface DemoOptions {
  apiUrl: string;
  mailboxUrl: string;
  /** Signs the exchange event with this source; without it every activity is confirmed through a task. */
  eventSource?: EventSource;
  keepRunning: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run demo [-- options]

Plays a whole CIL story through the HTTP API and the captured e-mails: a programme's rollout,
a local group, a catalogue, a student's activities, report and review, to a verifiable diploma.

Options (each also settable from the environment):
  --api <url>                  the API (DEMO_API_URL; default http://localhost:3000)
  --mailbox <url>              the dev mailbox (DEMO_MAILBOX_URL; default http://127.0.0.1:8025)
  --event-source <name:secret> an EVENT_SOURCES entry of the running system, used to sign the
                               exchange as an event from another system (DEMO_EVENT_SOURCE)
  --keep-running               leave the system running when the demo started it
  --help                       this text

When no API answers at --api, the demo starts the system itself (node dist/infra/dev/start.js,
with an event source of its own) and stops it at the end.
`;

const SOURCE_PATTERN = /^([a-z0-9-]+):([^,\s]{16,})$/;

function httpUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DemoError(`${flag} must be a URL such as http://localhost:3000 (got "${value}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DemoError(`${flag} must be an http(s) URL (got "${value}")`);
  return url.href.replace(/\/+$/, '');
}

export function parseEventSource(value: string, flag = '--event-source'): EventSource {
  const match = SOURCE_PATTERN.exec(value.trim());
  if (!match) throw new DemoError(`${flag} must be <name>:<secret> as in EVENT_SOURCES (a secret of 16 characters or more)`);
  return { name: match[1], secret: match[2] };
}

/** Reads the flags (`--api url` or `--api=url`) over the DEMO_* environment variables. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): DemoOptions {
  const given: Record<string, string> = {};
  let keepRunning = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--keep-running') keepRunning = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else {
      const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      if (!['--api', '--mailbox', '--event-source'].includes(flag)) throw new DemoError(`unknown option "${arg}" (see --help)`);
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new DemoError(`${flag} needs a value`);
      given[flag] = value;
    }
  }
  const source = given['--event-source'] ?? env.DEMO_EVENT_SOURCE;
  return {
    apiUrl: httpUrl('--api', given['--api'] ?? env.DEMO_API_URL ?? 'http://localhost:3000'),
    mailboxUrl: httpUrl('--mailbox', given['--mailbox'] ?? env.DEMO_MAILBOX_URL ?? 'http://127.0.0.1:8025'),
    eventSource: source ? parseEventSource(source, given['--event-source'] ? '--event-source' : 'DEMO_EVENT_SOURCE') : undefined,
    keepRunning,
    help,
  };
}
