import { retryWithin } from '../retry.js';

/**
 * Retries `connect` until it succeeds or `timeoutMs` has passed, then throws an error that names
 * the address and the settings involved.
 */
export async function connectTemporalWithin<T>(connect: () => Promise<T>, address: string, timeoutMs: number, log?: (msg: string) => void): Promise<T> {
  try {
    return await retryWithin(connect, timeoutMs, () => log?.(`Temporal at ${address} not reachable yet; retrying for up to ${timeoutMs} ms`));
  } catch (err) {
    throw new Error(`Could not reach Temporal at ${address} within ${timeoutMs} ms (TEMPORAL_ADDRESS, TEMPORAL_CONNECT_TIMEOUT_MS): ${(err as Error).message}`, { cause: err });
  }
}
