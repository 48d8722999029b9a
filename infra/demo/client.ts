import { signEvent } from '../../services/features/certificates/events.service.js';
import { waitFor } from '../kit/wait.js';
import { DemoError, type EventSource } from './options.js';

const REQUEST_TIMEOUT_MS = 30_000;

export interface Grant {
  role: string;
  facultyId: string | null;
  departmentId: string | null;
  programmeId: string | null;
  localGroupRole: string | null;
}

export interface Person {
  id: string;
  name: string;
  email: string;
  preferredLanguage: 'nb' | 'en';
  roles: Grant[];
}

/** Network failures as one readable line (fetch only says "fetch failed"). */
async function request(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new DemoError(`${init.method ?? 'GET'} ${url} failed: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
}

/** The API's error body (`message`, and `fields` for validation) as one line. */
function problemOf(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; fields?: { field: string; problems: string[] }[] };
    if (body.fields?.length) return body.fields.map((f) => `${f.field}: ${f.problems.join(', ')}`).join('; ');
    if (typeof body.message === 'string') return body.message;
    if (Array.isArray(body.message)) return body.message.join('; ');
  } catch {
    // not JSON: the text itself says it
  }
  return text.slice(0, 300);
}

/** The API, acting as seeded people through the dev sign-in. */
export class Api {
  private readonly tokens = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  async token(personId: string): Promise<string> {
    let token = this.tokens.get(personId);
    if (!token) {
      const res = await request(this.url('/auth/dev/sign-in'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ personId }),
      });
      if (!res.ok) throw new DemoError(`dev sign-in as ${personId} answered ${res.status}: ${problemOf(await res.text())}`);
      token = ((await res.json()) as { token: string }).token;
      this.tokens.set(personId, token);
    }
    return token;
  }

  /** A JSON call as `as`; anything but 2xx throws with the API's own explanation. */
  async call<T>(as: Person | string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.send(as, method, path, body);
    const text = await res.text();
    if (!res.ok) throw new DemoError(`${method} ${path} answered ${res.status}: ${problemOf(text)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(as: Person | string, path: string): Promise<T> {
    return this.call<T>(as, 'GET', path);
  }

  post<T>(as: Person | string, path: string, body: unknown = {}): Promise<T> {
    return this.call<T>(as, 'POST', path, body);
  }

  /** The raw response, for callers that look at the status themselves. */
  async send(as: Person | string, method: string, path: string, body?: unknown, accept = 'application/json'): Promise<Response> {
    const token = await this.token(typeof as === 'string' ? as : as.id);
    return request(this.url(path), {
      method,
      headers: { authorization: `Bearer ${token}`, accept, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** Everyone in the organisation, read as a central group member found on the dev sign-in page. */
  async people(): Promise<Person[]> {
    const res = await request(this.url('/auth/dev'));
    if (res.status === 404) throw new DemoError(`${this.baseUrl} has no dev sign-in (AUTH_MODE=oidc or production); the demo signs in as the seeded people and needs AUTH_MODE=dev`);
    if (!res.ok) throw new DemoError(`GET /auth/dev answered ${res.status}`);
    const page = await res.text();
    const rows = [...page.matchAll(/<tr><td>[\s\S]*?<\/tr>/g)].map(([row]) => ({ row, id: /name="personId" value="([0-9a-f-]{36})"/.exec(row)?.[1] }));
    const ordered = [...rows.filter((r) => r.row.includes('central_group_member')), ...rows.filter((r) => !r.row.includes('central_group_member'))];
    for (const { id } of ordered) {
      if (!id) continue;
      const answer = await this.send(id, 'GET', '/api/people');
      if (answer.ok) return (await answer.json()) as Person[];
    }
    throw new DemoError('nobody on the dev sign-in page may list people (no central group member); is the demo organisation seeded?');
  }
}

export interface CapturedMail {
  id: string;
  envelopeTo: string[];
  subject: string;
  text: string;
  attachments: { filename: string | null; contentType: string; size: number }[];
}

export interface TaskLink {
  taskId: string;
  token: string;
  url: string;
  mail: CapturedMail;
}

const TASK_LINK = /https?:\/\/[^\s<>"']+?\/tasks\/([^\s?<>"'/]+)\?t=([\w.-]+)/g;

/** Every task link in a message's text. */
export function taskLinksIn(mail: CapturedMail): TaskLink[] {
  return [...mail.text.matchAll(TASK_LINK)].map(([url, id, token]) => ({ taskId: decodeURIComponent(id), token, url, mail }));
}

/** The dev mailbox's JSON: `/api/messages`, newest last. */
export class Mailbox {
  constructor(readonly baseUrl: string) {}

  async messages(): Promise<CapturedMail[]> {
    const res = await request(`${this.baseUrl}/api/messages`);
    if (!res.ok) throw new DemoError(`the mailbox at ${this.baseUrl} answered ${res.status}`);
    const body: unknown = await res.json().catch(() => undefined);
    if (!Array.isArray(body)) throw new DemoError(`${this.baseUrl}/api/messages is not the dev mailbox (no list of messages)`);
    return body as CapturedMail[];
  }

  async waitFor(what: string, match: (mail: CapturedMail) => boolean, timeoutMs = 30_000): Promise<CapturedMail> {
    return waitFor(what, async () => (await this.messages()).find(match), { timeoutMs });
  }

  /** Waits for an e-mail to `email` with a link to a task that `isTask` recognises. */
  async taskLink(email: string, what: string, isTask: (taskId: string) => boolean): Promise<TaskLink> {
    return waitFor(`the e-mail to ${email} with a link to ${what}`, async () => {
      for (const mail of await this.messages()) {
        if (!mail.envelopeTo.includes(email)) continue;
        const link = taskLinksIn(mail).find((l) => isTask(l.taskId));
        if (link) return link;
      }
      return undefined;
    });
  }
}

const textOf = (html: string, pattern: RegExp) =>
  pattern
    .exec(html)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();

/**
 * Opens a task link the way a person does (the page is served by the API, whatever host the
 * e-mail names) and submits its form: the hidden `t` token and the fields, form-encoded. The
 * fields may be worked out from the page (to take the estimate it shows, say). Answers the page.
 */
export async function decideThroughLink(api: Api, link: TaskLink, fields: Record<string, string> | ((page: string) => Record<string, string>)): Promise<string> {
  const path = `/tasks/${encodeURIComponent(link.taskId)}`;
  const opened = await request(api.url(`${path}?t=${encodeURIComponent(link.token)}`), { headers: { accept: 'text/html', 'accept-language': 'en' } });
  const page = await opened.text();
  if (!opened.ok) throw new DemoError(`the task link answered ${opened.status}: ${textOf(page, /<h1>([\s\S]*?)<\/h1>/) ?? page.slice(0, 200)}`);
  const token = /<input\b[^>]*\bname="t"[^>]*\bvalue="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new DemoError(`the task page for ${link.taskId} has no form to decide with`);
  const decided = await request(api.url(path), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', 'accept-language': 'en' },
    body: new URLSearchParams({ t: token, ...(typeof fields === 'function' ? fields(page) : fields) }).toString(),
  });
  const answer = await decided.text();
  if (!decided.ok) {
    const why = textOf(answer, /<p class="error" role="alert">([\s\S]*?)<\/p>/) ?? textOf(answer, /<h1>([\s\S]*?)<\/h1>/) ?? answer.slice(0, 200);
    throw new DemoError(`deciding ${link.taskId} through its link answered ${decided.status}: ${why}`);
  }
  return page;
}

/** Sends one event as another system would, signed with its source's secret. */
export async function sendEvent(api: Api, source: EventSource, event: Record<string, unknown>): Promise<{ status: number; body: { status?: string; certificateId?: string; message?: string } }> {
  const raw = JSON.stringify(event);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const res = await request(api.url('/api/events'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cil-source': source.name, 'x-cil-timestamp': timestamp, 'x-cil-signature': signEvent(source.secret, timestamp, raw) },
    body: raw,
  });
  const text = await res.text();
  if (res.status === 401) throw new DemoError(`the API refused events from "${source.name}": ${problemOf(text)} (is "${source.name}" with this secret in its EVENT_SOURCES?)`);
  if (res.status !== 200 && res.status !== 422) throw new DemoError(`POST /api/events answered ${res.status}: ${problemOf(text)}`);
  return { status: res.status, body: JSON.parse(text) as { status?: string; certificateId?: string; message?: string } };
}

/**
 * Checks that the API knows the source and its secret, before the demo creates anything. The
 * check is an event for nobody, under one fixed key: the API keeps it once as rejected, and
 * answers every later check as a duplicate without keeping anything more.
 */
export async function checkEventSource(api: Api, source: EventSource): Promise<void> {
  await sendEvent(api, source, {
    idempotencyKey: 'cil-flow-demo-source-check',
    type: 'career_course_completed',
    studentEmail: 'nobody@example.org',
    programmeCode: 'NONE',
    occurredAt: new Date().toISOString(),
  });
}
