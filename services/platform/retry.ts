const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls `attempt` until it succeeds or `timeoutMs` has passed, backing off up to 2 s between
 * tries; `onFirstFailure` hears about the first failure (to say that we are waiting). Throws the
 * last error when the time is up.
 */
export async function retryWithin<T>(attempt: () => Promise<T>, timeoutMs: number, onFirstFailure?: (err: Error) => void): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() + 500 > deadline) throw err;
      if (n === 1) onFirstFailure?.(err as Error);
      await sleep(Math.min(500 * n, 2_000, Math.max(deadline - Date.now(), 0)));
    }
  }
}
