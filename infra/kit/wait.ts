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

/**
 * Waits until the API's `/ready` answers 200 (each try bounded to 2 s, every 300 ms); past
 * `timeoutMs` it throws, with the API's last answer. `stopIf` ends the wait early (a shutdown).
 */
export async function waitForApiReady(apiUrl: string, timeoutMs: number, stopIf: () => boolean = () => false): Promise<void> {
  let last = 'no answer yet';
  try {
    await waitFor(
      'the API to be ready',
      async () => {
        if (stopIf()) return true;
        try {
          const res = await fetch(`${apiUrl}/ready`, { signal: AbortSignal.timeout(2_000) });
          if (res.ok) return true;
          last = `${res.status} ${await res.text()}`;
        } catch (err) {
          last = (err as Error).message;
        }
        return undefined;
      },
      { timeoutMs, everyMs: 300 },
    );
  } catch (err) {
    if (err instanceof WaitTimeout) throw new Error(`the API did not become ready within ${timeoutMs / 1000} s (${apiUrl}/ready: ${last})`, { cause: err });
    throw err;
  }
}
