import { devToken } from './system.js';

export interface Person {
  id: string;
  name: string;
  email: string;
  preferredLanguage: 'nb' | 'en';
  roles: { role: string; facultyId: string | null; departmentId: string | null; programmeId: string | null; localGroupRole: string | null }[];
}

/** A small client for the API, acting as one person through a dev sign-in token. */
export class ApiClient {
  private constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  static async as(baseUrl: string, personId: string): Promise<ApiClient> {
    return new ApiClient(baseUrl, await devToken(baseUrl, personId));
  }

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
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
