import { existsSync } from 'node:fs';
import { defaultWorkflowBundlePath } from '../../services/platform/temporal/workflow-source.js';
import type { DevPorts } from '../stack/ports.js';
import { embeddedStackEnv, Stack as SystemStack } from '../stack/stack.js';

const READY_TIMEOUT_MS = 120_000;
/** The cap of the mail dispatcher's retry back-off: the SMTP outage should not leave mail waiting long. */
const MAIL_RETRY_MAX_SECONDS = '2';
/** How long live SMTP connections may stay once the server stops accepting: a refusal should bite at once. */
const SMTP_CLOSE_TIMEOUT_MS = 100;

/**
 * The fault suite's system: the stack (infra/stack) with every piece of its own in `dataDir`, each
 * writing a log file there, the worker and the API restarted when they exit unexpectedly, and the
 * suite's settings (short mail retries, no rate limits, a prebuilt workflow bundle).
 */
export class Stack extends SystemStack {
  constructor(
    dataDir: string,
    ports: DevPorts,
    /** Seconds into the run, for the logs. */
    clock: () => number,
    say: (msg: string) => void,
  ) {
    const env = embeddedStackEnv(process.env, dataDir, ports);
    for (const key of ['EVENT_SOURCES', 'PAYLOAD_ENCRYPTION_KEYS', 'PAYLOAD_ENCRYPTION_KEY_ID'] as const) delete env[key];
    Object.assign(env, {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: `http://127.0.0.1:${ports.PORT}`,
      MAIL_RETRY_MAX_SECONDS,
      // The prebuilt bundle: a restarted worker polls again in a second or two instead of bundling anew.
      ...(existsSync(defaultWorkflowBundlePath) ? { TEMPORAL_WORKFLOW_BUNDLE: defaultWorkflowBundlePath } : {}),
    });
    super({ env, say, logDir: dataDir, clock, readyTimeoutMs: READY_TIMEOUT_MS, mail: { closeTimeoutMs: SMTP_CLOSE_TIMEOUT_MS } });
  }

  /** The stack's start; its lines go to the `say` it was made with (the suite passes that one again). */
  override start(_say?: (msg: string) => void): Promise<void> {
    return super.start();
  }

  /** The stack's stop; its lines go to the `say` it was made with (the suite passes that one again). */
  override stop(_say?: (msg: string) => void): Promise<void> {
    return super.stop();
  }
}
