import fc from 'fast-check';
import type { JsonSchema } from './http-probe.js';

/**
 * Arbitraries for request bodies that a careless or hostile client sends: arbitrary JSON, values of
 * the wrong type, edge cases of the formats the API accepts (dates, ids, URLs), text that databases
 * and templates choke on, missing and unexpected properties, and long strings under the body limit.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** Strings that look almost right to a validator, or that storage and rendering find hard. */
export const TRICKY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'nul\u0000inside',
  '\ud800',
  'tab\tand\nnewline',
  '💥🎓',
  'Ærlig øl på Ålesund',
  'null',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  '<script>alert(1)</script>',
  "'; DROP TABLE person; --",
  '%00',
  '../../etc/passwd',
  // dates: ISO 8601 shapes beyond YYYY-MM-DD, and days that do not exist
  '2027',
  '2027-05',
  '2027-W05',
  '2027-W05-1',
  '2027-032',
  '20270520',
  '0000-01-01',
  '0001-01-01',
  '+2027-05-20',
  '-2027-05-20',
  '9999-12-31',
  '2027-02-29',
  '2028-02-29',
  '2027-13-01',
  '2027-05-20T24:00',
  '2027-05-20 10:00',
  '2027-05-20T10:00:00.123456789+14:00',
  '2027-05-20T10:00:00-23:59',
  '275760-09-13',
  '1970-01-01T00:00:00Z',
  // ids
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '------------------------------------',
  'not-a-uuid',
  // links and addresses
  'http://',
  'https://localhost',
  'javascript:alert(1)',
  'https://例え.テスト/path',
  `https://example.org/${'a'.repeat(600)}`,
  'a@b',
  'NOBODY@EXAMPLE.ORG',
  '@',
  'CIL-AAAA-BBBB-CCCC',
];

/**
 * One value of each kind that has broken something somewhere: text storage cannot hold (NUL),
 * ISO 8601 shapes a date column or `new Date` cannot take, an id-shaped non-id, wrong types, text
 * that is long. Every declared property gets each of them (a sample might miss one).
 */
export const SWEEP_VALUES: Json[] = [
  'nul\u0000inside',
  '',
  'x'.repeat(6_000),
  '2027',
  '2027-W05-1',
  '2027-032',
  '+2027-05-20',
  '-2027-05-20',
  '2027-05-20T24:00',
  '2027-05-20 10:00',
  '2027-05-20T10:00:00.123456789+14:00',
  '------------------------------------',
  0,
  -1,
  1.5,
  true,
  null,
  [],
  {},
  ['nul\u0000inside'],
];

/** Values for path and query parameters, the same idea. */
export const SWEEP_PARAMS = ['nul\u0000inside', '------------------------------------', '00000000-0000-0000-0000-000000000000', '%', ' ', '2027-W05-1', 'x'.repeat(300), '💥'];

const WRONG_TYPES: Json[] = [0, -1, 1.5, -0.5, 1e308, -1e308, 2 ** 53, 10_001, true, false, null, [], {}, [null], [''], { '': '' }, { nested: { deeper: [1] } }];

/** One value that does not belong where it is put. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...WRONG_TYPES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 60_000 }).map((n) => 'x'.repeat(n)) },
);

/** Keys that no DTO declares; some of them mean something to JavaScript objects. */
const strangeKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', 'id', 'extra'), fc.string({ maxLength: 12 }));

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A copy of `base` with the value at `path` replaced (intermediate objects made as needed). */
export function setAt(base: Record<string, Json>, path: Path, value: Json): Record<string, Json> {
  const out = clone(base);
  let at: Record<string | number, Json> = out;
  path.forEach((segment, i) => {
    if (i === path.length - 1) {
      // A JSON-parsed property, so that `__proto__` stays a plain key.
      Object.assign(at, JSON.parse(`{${JSON.stringify(String(segment))}:${JSON.stringify(value)}}`) as object);
      return;
    }
    const next = at[segment];
    if (typeof next !== 'object' || next === null) at[segment] = typeof path[i + 1] === 'number' ? [] : {};
    at = at[segment] as Record<string | number, Json>;
  });
  return out;
}

/** Every place worth spoiling: the schema's properties (nested ones too) and whatever the base holds. */
export function pathsOf(schema: JsonSchema | undefined, base: Json, prefix: Path = [], depth = 0): Path[] {
  const paths: Path[] = [];
  const seen = new Set<string>();
  const add = (p: Path) => {
    const k = JSON.stringify(p);
    if (!seen.has(k)) {
      seen.add(k);
      paths.push(p);
    }
  };
  if (depth > 3) return paths;
  for (const [name, sub] of Object.entries(schema?.properties ?? {})) {
    add([...prefix, name]);
    const value = typeof base === 'object' && base !== null && !Array.isArray(base) ? base[name] : undefined;
    if (sub.properties) pathsOf(sub, value ?? {}, [...prefix, name], depth + 1).forEach(add);
    if (sub.items?.properties) pathsOf(sub.items, Array.isArray(value) ? (value[0] ?? {}) : {}, [...prefix, name, 0], depth + 1).forEach(add);
  }
  if (Array.isArray(base)) base.forEach((v, i) => pathsOf(schema?.items, v, [...prefix, i], depth + 1).forEach(add));
  else if (typeof base === 'object' && base !== null) {
    for (const [name, v] of Object.entries(base)) {
      add([...prefix, name]);
      if (typeof v === 'object' && v !== null) pathsOf(schema?.properties?.[name], v, [...prefix, name], depth + 1).forEach(add);
    }
  }
  return paths;
}

/** Values that fit the schema's declared types (not necessarily its formats or the data behind them). */
export function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<Json> {
  if (!schema || depth > 3) return fc.constant(null);
  if (schema.enum?.length) return fc.constantFrom(...(schema.enum as Json[]));
  switch (schema.type) {
    case 'string':
      return schema.format === 'uuid' ? fc.uuid() : fc.oneof(fc.string({ maxLength: Math.min(schema.maxLength ?? 60, 60) }), fc.constantFrom(...TRICKY_STRINGS));
    case 'number':
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -5, -1e9), max: Math.min(schema.maximum ?? 1000, 1e9) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fromSchema(schema.items, depth + 1), { maxLength: 4 });
    case 'object':
    case undefined: {
      const props = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromSchema(v, depth + 1)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
    }
    default:
      return fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>;
  }
}

/** A labelled body, so that a failure says which kind of spoiling found it. */
export interface Spoiled {
  how: string;
  body: Json;
}

/**
 * Bodies for an operation: mostly a working body (`base`) spoiled in one place, plus arbitrary
 * JSON, objects with arbitrary keys, bodies built from the schema alone, and long strings.
 */
export function spoiledBodies(schema: JsonSchema | undefined, base: Record<string, Json>): fc.Arbitrary<Spoiled> {
  const paths = pathsOf(schema, base);
  const required = schema?.required ?? [];
  const stringPaths = paths.filter((p) => p.length === 1 && (schema?.properties?.[String(p[0])]?.type === 'string' || typeof base[String(p[0])] === 'string'));
  const arbs: fc.Arbitrary<Spoiled>[] = [
    fc.jsonValue({ maxDepth: 3 }).map((body) => ({ how: 'arbitrary JSON', body: body as Json })),
    fc.dictionary(strangeKey, fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { maxKeys: 6 }).map((body) => ({ how: 'an object with arbitrary keys', body })),
    fromSchema(schema).map((body) => ({ how: 'built from the schema', body })),
    fc.tuple(strangeKey, hostileValue).map(([key, value]) => ({ how: `an extra property ${JSON.stringify(key)}`, body: setAt(base, [key], value) })),
  ];
  if (paths.length) {
    const at = fc.constantFrom(...paths);
    arbs.push(
      fc.tuple(at, hostileValue).map(([path, value]) => ({ how: `${path.join('.')} spoiled`, body: setAt(base, path, value) })),
      fc.tuple(at, hostileValue).map(([path, value]) => ({ how: `${path.join('.')} spoiled`, body: setAt(base, path, value) })),
      fc.tuple(at, hostileValue).map(([path, value]) => ({ how: `${path.join('.')} spoiled`, body: setAt(base, path, value) })),
    );
  }
  if (required.length) {
    arbs.push(
      fc.subarray(required, { minLength: 1 }).map((drop) => ({ how: `without ${drop.join(', ')}`, body: Object.fromEntries(Object.entries(base).filter(([k]) => !drop.includes(k))) })),
    );
  }
  if (stringPaths.length) {
    arbs.push(
      fc.tuple(fc.constantFrom(...stringPaths), fc.integer({ min: 5_000, max: 90_000 })).map(([path, n]) => ({ how: `${path.join('.')} of ${n} characters`, body: setAt(base, path, 'x'.repeat(n)) })),
    );
  }
  return fc.oneof(...arbs);
}

/** A short form of a body for failure messages (long strings cut). */
export function preview(body: unknown): string {
  const text = JSON.stringify(body, (_, v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v)) ?? 'undefined';
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}
