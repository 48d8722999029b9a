const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Retries `connect` until it succeeds or `timeoutMs` has passed, then throws an error that names
 * the address and the settings involved.
 */
export async function connectTemporalWithin<T>(
  connect: () => Promise<T>,
  address: string,
  timeoutMs: number,
  log?: (msg: string) => void,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect();
    } catch (err) {
      lastError = err;
      if (Date.now() + 500 > deadline) break;
      if (attempt === 1) log?.(`Temporal at ${address} not reachable yet; retrying for up to ${timeoutMs} ms`);
      await sleep(Math.min(500 * attempt, 2_000, Math.max(deadline - Date.now(), 0)));
    }
  }
  throw new Error(
    `Could not reach Temporal at ${address} within ${timeoutMs} ms (TEMPORAL_ADDRESS, TEMPORAL_CONNECT_TIMEOUT_MS): ${(lastError as Error)?.message}`,
  );
}
