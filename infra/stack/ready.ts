import { waitFor, WaitTimeout } from '../kit/wait.js';

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
