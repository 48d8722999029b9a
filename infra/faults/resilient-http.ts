import { HttpFailure, type Answer, type Api } from '../kit/http.js';

/** How long one logical step may keep retrying before the run calls it a hang. */
export const STEP_BUDGET_MS = 180_000;
const FIRST_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 3_000;

/** Every request the journeys sent, why the retried ones were retried, and which keyed POSTs went again. */
export class HttpStats {
  requests = 0;
  readonly retries = new Map<string, number>();
  /** Repeats of a POST with the same Idempotency-Key, by route (ids left out). */
  readonly replays = new Map<string, number>();

  retried(reason: string, method: string, path: string, keyed: boolean): void {
    this.retries.set(reason, (this.retries.get(reason) ?? 0) + 1);
    if (!keyed) return;
    const route = `${method} ${path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}[^/]*/gi, ':id')}`;
    this.replays.set(route, (this.replays.get(route) ?? 0) + 1);
  }

  get retryCount(): number {
    return [...this.retries.values()].reduce((a, b) => a + b, 0);
  }
}

/** Why a request got no answer: a timeout, or the socket error's code (ECONNREFUSED, ECONNRESET…). */
export function failureReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
  const code = (err.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : err.message.slice(0, 80);
}

/**
 * A 409 about the Idempotency-Key itself (its first request is still being processed, as the IETF
 * Idempotency-Key draft answers) says "try again", unlike a 409 about the case.
 */
const keyInProgress = (status: number, body: unknown) =>
  status === 409 && /idempoten|in progress|being processed|still processing/i.test(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
const retryable = (status: number, body: unknown) => status >= 500 || status === 429 || keyInProgress(status, body);
const success = (status: number) => status >= 200 && status < 300;

/**
 * Sends one logical request as `api`'s person until it succeeds (2xx): connection errors,
 * timeouts, 5xx, 429 and a 409 about the key in progress are retried with a growing pause, for at most STEP_BUDGET_MS; any other
 * answer fails at once. An `idempotencyKey` goes out as the Idempotency-Key header on every attempt.
 */
export async function persist<T>(stats: HttpStats, api: Api, method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string): Promise<Answer<T>> {
  const deadline = Date.now() + STEP_BUDGET_MS;
  const headers: Record<string, string> = idempotencyKey ? { 'idempotency-key': idempotencyKey } : {};
  for (let attempt = 1; ; attempt++) {
    stats.requests++;
    let reason: string;
    try {
      const answer = await api.call<T>(method, path, body, headers);
      if (success(answer.status)) return answer;
      if (!retryable(answer.status, answer.body)) {
        const failure = new HttpFailure(method, path, answer.status, answer.body);
        if (attempt > 1) failure.message = `${failure.message} (attempt ${attempt}, after ${attempt - 1} retried failure(s))`;
        throw failure;
      }
      reason = keyInProgress(answer.status, answer.body) ? '409 (key in progress)' : String(answer.status);
    } catch (err) {
      if (err instanceof HttpFailure) throw err;
      reason = failureReason(err);
    }
    if (Date.now() > deadline) throw new Error(`${method} ${path} still failing after ${attempt} attempts over ${STEP_BUDGET_MS / 1000} s (last: ${reason})`);
    stats.retried(reason, method, path, idempotencyKey !== undefined);
    const pause = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1));
    await new Promise((r) => setTimeout(r, pause / 2 + Math.random() * (pause / 2)));
  }
}
