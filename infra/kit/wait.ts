export interface WaitOptions {
  /** How long to keep trying (30 s unless told). */
  timeoutMs?: number;
  /** The pause between tries (200 ms unless told). */
  everyMs?: number;
}

/** The time ran out before the probe found what it waited for. */
export class WaitTimeout extends Error {
  override name = 'WaitTimeout';
}

/**
 * Runs `probe` until it answers something other than undefined, every `everyMs`, for at most
 * `timeoutMs`; past that it throws a WaitTimeout naming `what` and the time waited.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, { timeoutMs = 30_000, everyMs = 200 }: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new WaitTimeout(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
