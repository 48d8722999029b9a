const REQUEST_TIMEOUT_MS = 30_000;

export class HttpFailure extends Error {
  override name = 'HttpFailure';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered ${status}: ${typeof body === 'string' ? body.slice(0, 300) : JSON.stringify(body)?.slice(0, 300)}`);
  }
}

export interface Answer<T> {
  status: number;
  body: T;
}

/** Calls the API as one signed-in person (bearer token from the dev sign-in). */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  static async signIn(baseUrl: string, personId: string): Promise<Api> {
    const res = await new Api(baseUrl).call<{ token: string }>('POST', '/auth/dev/sign-in', { personId }, { accept: 'application/json' });
    if (res.status !== 200 && res.status !== 201) throw new HttpFailure('POST', '/auth/dev/sign-in', res.status, res.body);
    return new Api(baseUrl, res.body.token);
  }

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    let parsed: unknown = text;
    if (text && (res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T };
  }

  /** GET that must answer 200. */
  async get<T>(path: string): Promise<T> {
    const res = await this.call<T>('GET', path);
    if (res.status !== 200) throw new HttpFailure('GET', path, res.status, res.body);
    return res.body;
  }

  /** POST that must answer one of `ok` (200 or 201 by default). */
  async post<T>(path: string, body: unknown = {}, ok: number[] = [200, 201]): Promise<T> {
    const res = await this.call<T>('POST', path, body);
    if (!ok.includes(res.status)) throw new HttpFailure('POST', path, res.status, res.body);
    return res.body;
  }
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function inPool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    }),
  );
  return results;
}
