/**
 * Raw HTTP against a running system, the operations its OpenAPI document lists, and the one error
 * shape every refusal must have (services/common/errors.ts). Shared by the input and access tests.
 */

export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

export interface Operation {
  /** `POST /api/rollouts/{id}/withdraw`: the method and the path as the document spells it. */
  key: string;
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** The JSON body's schema, resolved, when the operation takes one. */
  body?: JsonSchema;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

/** Every operation in `GET /docs-json`, with $refs resolved. */
export async function documentedOperations(apiUrl: string): Promise<Operation[]> {
  const res = await fetch(`${apiUrl}/docs-json`);
  if (res.status !== 200) throw new Error(`/docs-json answered ${res.status}`);
  const doc = (await res.json()) as OpenApiDocument;
  const schemas = doc.components?.schemas ?? {};
  const resolve = (schema: JsonSchema, depth = 0): JsonSchema => {
    if (depth > 8) return {};
    if (schema.$ref) return resolve(schemas[schema.$ref.split('/').pop()!] ?? {}, depth + 1);
    if (schema.allOf?.length === 1) return resolve(schema.allOf[0], depth + 1);
    const out: JsonSchema = { ...schema };
    if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolve(v, depth + 1)]));
    if (schema.items) out.items = resolve(schema.items, depth + 1);
    return out;
  };
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const params = op.parameters ?? [];
      const schema = op.requestBody?.content?.['application/json']?.schema;
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        body: schema ? resolve(schema) : undefined,
      });
    }
  }
  return operations;
}

/** The path with its `{name}` parameters filled in (URL-encoded). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(values[name]);
  });
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface RequestOptions {
  token?: string;
  /** Sent as is; no body when undefined. */
  body?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  /** A request without an answer by then fails (a hang is a bug too). */
  timeoutMs?: number;
}

export async function send(apiUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.contentType) headers['content-type'] = options.contentType;
  // Bytes go as a Buffer: the DOM typings that JSX brings in take no Uint8Array<ArrayBufferLike>.
  const body = options.body instanceof Uint8Array ? Buffer.from(options.body) : options.body;
  const res = await fetch(`${apiUrl}${path}`, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) }).catch((err: unknown) => {
    throw new Error(`${method} ${path}: ${err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${options.timeoutMs ?? 15_000} ms` : String(err)}`);
  });
  const text = await res.text();
  let json: unknown;
  if (/json/.test(res.headers.get('content-type') ?? '')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, json };
}

const ERROR_KEYS = new Set(['statusCode', 'error', 'message', 'fields', 'details', 'requestId']);

/** What is wrong with a 4xx/5xx reply's body, measured against the one error shape (empty when nothing). */
export function errorShapeProblems(reply: Reply): string[] {
  const body = reply.json;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [`the body is not a JSON object: ${reply.text.slice(0, 200)}`];
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  if (b.statusCode !== reply.status) problems.push(`statusCode ${String(b.statusCode)} is not the HTTP status ${reply.status}`);
  if (typeof b.error !== 'string' || !b.error) problems.push('error is not a non-empty string');
  if (typeof b.message !== 'string' || !b.message) problems.push('message is not a non-empty string');
  if (typeof b.requestId !== 'string' || !b.requestId) problems.push('requestId is not a non-empty string');
  else if (reply.headers.get('x-request-id') !== b.requestId) problems.push(`requestId ${b.requestId} is not the X-Request-Id header ${reply.headers.get('x-request-id')}`);
  const extra = Object.keys(b).filter((k) => !ERROR_KEYS.has(k));
  if (extra.length) problems.push(`unexpected keys: ${extra.join(', ')}`);
  if (b.fields !== undefined) {
    const ok =
      Array.isArray(b.fields) &&
      b.fields.every((f: unknown) => {
        const x = f as { field?: unknown; problems?: unknown };
        return typeof x?.field === 'string' && Array.isArray(x.problems) && x.problems.length > 0 && x.problems.every((p) => typeof p === 'string');
      });
    if (!ok) problems.push(`fields is not a list of { field, problems }: ${JSON.stringify(b.fields).slice(0, 200)}`);
  }
  return problems;
}

/** The `fields` of an error reply (empty when it has none). */
export function fieldsOf(reply: Reply): string[] {
  const fields = (reply.json as { fields?: { field: string }[] } | undefined)?.fields;
  return Array.isArray(fields) ? fields.map((f) => f.field) : [];
}

/** One line that says what came back, for failure messages. */
export function describeReply(reply: Reply): string {
  return `${reply.status} ${reply.text.slice(0, 300)}`;
}
