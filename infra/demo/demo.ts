import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WaitTimeout } from '../kit/wait.js';
import { Api, Mailbox } from './client.js';
import { assertLocal, probeApi, startSystem, type StartedSystem } from './launcher.js';
import { DemoError, parseOptions, USAGE, type EventSource } from './options.js';
import { Story } from './story.js';

/**
 * `npm run demo`: the whole CIL story against a running system (or one it starts), through the
 * HTTP API and the e-mails in the dev mailbox, ending with the diploma and its verification URL.
 */
const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`${line}\n`);

/** bench-results/demo in the repository when it can be written, else the OS temp folder. */
function pdfFolder(): string {
  const up = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const root = up.endsWith(`${'/'}dist`) || up.endsWith('\\dist') ? resolve(up, '..') : up;
  const preferred = join(root, 'bench-results', 'demo');
  try {
    mkdirSync(preferred, { recursive: true });
    accessSync(preferred, constants.W_OK);
    return preferred;
  } catch {
    return join(tmpdir(), 'cil-flow-demo');
  }
}

let system: StartedSystem | undefined;
let stopSystem: (() => Promise<void>) | undefined;
let keepRunning = false;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  keepRunning = options.keepRunning;
  let eventSource: EventSource | undefined = options.eventSource;

  const probe = await probeApi(options.apiUrl);
  if (probe.up) {
    say(`CIL Flow demo against ${options.apiUrl} (mailbox ${options.mailboxUrl})`);
    if (!eventSource) say('· no --event-source given: every activity is confirmed through a task');
  } else {
    assertLocal(options.apiUrl, options.mailboxUrl);
    eventSource ??= { name: 'demo-exchange', secret: randomBytes(24).toString('base64url') };
    const sources = [process.env.EVENT_SOURCES, `${eventSource.name}:${eventSource.secret}`].filter(Boolean).join(',');
    say(`Nothing answers at ${options.apiUrl} (${probe.why}); starting the system (node dist/infra/dev/start.js)…`);
    system = await startSystem(options.apiUrl, options.mailboxUrl, { EVENT_SOURCES: sources }, (stop) => (stopSystem = stop));
    const ready = /\] (ready in [\d.]+ s)/.exec(system.output())?.[1] ?? 'ready';
    say(`· system ${ready}, with event source "${eventSource.name}"`);
  }

  const story = new Story({ api: new Api(options.apiUrl), mailbox: new Mailbox(options.mailboxUrl), eventSource, pdfDir: pdfFolder(), say });
  const { pdfPath, verifyUrl } = await story.play();

  if (system && !keepRunning) {
    await system.stop();
    say('· stopped the system the demo started; its data stays, so the next start serves this diploma too');
  } else if (system) {
    say(`· the system keeps running at ${options.apiUrl} (Ctrl-C to stop it)`);
  }
  say(`Diploma (PDF): ${pdfPath}`);
  say('Anyone can verify it at:');
  say(verifyUrl);
}

/** Ctrl-C: stop what the demo started before leaving. */
function interrupted(signal: NodeJS.Signals): void {
  complain(`\n${signal}: stopping`);
  void (stopSystem?.() ?? Promise.resolve()).finally(() => process.exit(130));
}
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);

main().then(
  () => {
    // With the system kept running the demo stays, holding it, until Ctrl-C.
  },
  async (err: Error) => {
    process.exitCode = 1;
    complain(err instanceof DemoError || err instanceof WaitTimeout ? err.message : `unexpected failure: ${err.stack ?? err.message}`);
    if (!system) return;
    const tail = system.output().trim().split('\n').slice(-10).join('\n');
    if (tail) complain(`\nthe system's last output:\n${tail}`);
    if (keepRunning) complain(`the system keeps running (Ctrl-C to stop it)`);
    else await system.stop();
  },
);
