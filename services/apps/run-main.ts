/**
 * Runs a process's boot function; any failure to start is fatal and loud: one JSON line on stderr
 * naming the process and the cause, and a non-zero exit.
 */
export function runMain(name: string, boot: () => Promise<unknown>): void {
  boot().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${JSON.stringify({ level: 'fatal', time: Date.now(), process: name, msg: `${name} failed to start: ${message}` })}\n`);
    process.exit(1);
  });
}
