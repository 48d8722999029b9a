import { Api } from '../../infra/kit/http.js';

export interface Person {
  id: string;
  name: string;
  email: string;
  preferredLanguage: 'nb' | 'en';
  roles: { role: string; facultyId: string | null; departmentId: string | null; programmeId: string | null; localGroupRole: string | null }[];
}

/**
 * The tests' client for the API, acting as one person through a dev sign-in token: the kit's
 * client (infra/kit/http.ts, which the benchmark and the fault suite use too), answering every
 * status instead of throwing on the unexpected ones, since tests assert on them.
 */
export class ApiClient {
  private constructor(private readonly api: Api) {}

  get baseUrl(): string {
    return this.api.baseUrl;
  }

  get token(): string {
    return this.api.token!;
  }

  static async as(baseUrl: string, personId: string): Promise<ApiClient> {
    return new ApiClient(await Api.signIn(baseUrl, personId));
  }

  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    return this.api.call<T>(method, path, body, headers);
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.call<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.call<T>('POST', path, body, headers);
  }
}

/** Everyone in the seeded organisation, read as a central group member. */
export async function people(baseUrl: string): Promise<Person[]> {
  const page = await (await fetch(`${baseUrl}/auth/dev`)).text();
  for (const [, id] of page.matchAll(/name="personId" value="([0-9a-f-]{36})"/g)) {
    const res = await (await ApiClient.as(baseUrl, id)).get<Person[]>('/api/people');
    if (res.status === 200) return res.body;
  }
  throw new Error('no central group member among the seeded people');
}
