import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../services/platform/config/config.schema.js';
import { Stack } from '../stack/stack.js';

/**
 * `npm start`: the whole system on one machine, the stack (infra/stack) with the settings of this
 * process. It starts what the settings do not name (an embedded PostgreSQL, a file-backed Temporal
 * dev server, an in-process SMTP server with a mailbox), runs the migrations and the demo seed,
 * then the worker and the API as two child processes. Ctrl-C or SIGTERM stops everything it
 * started; so does the worker or the API exiting on its own (with exit code 1).
 */
const config = loadConfig();
const say = (msg: string) => process.stdout.write(`[cil-flow] ${msg}\n`);
let stopping: Promise<void> | undefined;

const stack = new Stack({
  env: process.env,
  config,
  say,
  onUnexpectedExit: (name, code, signal) => {
    if (stopping) return;
    say(`the ${name} exited unexpectedly (code ${code}, signal ${signal}); stopping the rest`);
    void stopAll(1, `${name} exited`);
  },
});

function stopAll(exitCode: number, why: string): Promise<void> {
  stopping ??= (async () => {
    say(`stopping (${why})…`);
    const started = Date.now();
    await stack.stop();
    say(`stopped in ${Date.now() - started} ms`);
    process.exit(exitCode);
  })();
  return stopping;
}

process.on('SIGINT', () => void stopAll(0, 'SIGINT'));
process.on('SIGTERM', () => void stopAll(0, 'SIGTERM'));

async function main(): Promise<void> {
  const started = Date.now();
  await stack.start();
  if (stopping) return;

  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const api = config.publicUrl;
  const lines = [
    ['API', api],
    ['API docs (OpenAPI)', `${api}/docs`],
    ['Sign in (dev)', `${api}/auth/dev`],
    ['Temporal UI', stack.temporalUiUrl ?? '(external Temporal)'],
    ['Dev mailbox', stack.mailboxUrl ?? '(external SMTP)'],
  ];
  process.stdout.write(`\n${lines.map(([k, v]) => `  ${k.padEnd(20)} ${v}`).join('\n')}\n\n  Ctrl-C stops everything.\n\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    say(`failed to start: ${err instanceof Error ? err.message : String(err)}`);
    void stopAll(1, 'start failed');
  });
}
