import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { LOCAL_GROUP_ROLES, ROLE_SCOPE, ROLES, type LocalGroupRole, type Role } from '../../auth/roles.js';
import { LANGUAGES, type Language } from '../../../platform/db/entities/index.js';

/**
 * The organisation import's format (README, "The organisation from the university's data"): five
 * kinds of rows, as CSV files named after their kind (faculties.csv, departments.csv,
 * programmes.csv, people.csv, roles.csv: a header line, UTF-8, comma-separated, quotes as RFC 4180)
 * or one JSON file with an array per kind ({ "faculties": [ { "code": …, … } ], … }). The columns
 * are the same in both.
 */
export const KINDS = ['faculties', 'departments', 'programmes', 'people', 'roles'] as const;
export type Kind = (typeof KINDS)[number];

export const COLUMNS: Record<Kind, { name: string; required: boolean; max: number }[]> = {
  faculties: [
    { name: 'code', required: true, max: 32 },
    { name: 'name_nb', required: true, max: 200 },
    { name: 'name_en', required: true, max: 200 },
  ],
  departments: [
    { name: 'code', required: true, max: 32 },
    { name: 'faculty', required: true, max: 32 },
    { name: 'name_nb', required: true, max: 200 },
    { name: 'name_en', required: true, max: 200 },
  ],
  programmes: [
    { name: 'code', required: true, max: 32 },
    { name: 'department', required: true, max: 32 },
    { name: 'name_nb', required: true, max: 200 },
    { name: 'name_en', required: true, max: 200 },
  ],
  people: [
    { name: 'id', required: true, max: 64 },
    { name: 'name', required: true, max: 200 },
    { name: 'email', required: true, max: 320 },
    { name: 'language', required: false, max: 2 },
    { name: 'student_number', required: false, max: 32 },
  ],
  roles: [
    { name: 'person', required: true, max: 64 },
    { name: 'role', required: true, max: 40 },
    { name: 'scope', required: false, max: 32 },
    { name: 'seat', required: false, max: 40 },
  ],
};

/** Where a value came from: file, line and column (1-based), and the column's name. */
export interface Position {
  file: string;
  line: number;
  column: number;
  field: string;
}

/** One thing wrong with the input, said where it is. */
export interface ImportProblem extends Position {
  message: string;
}

export const describeProblem = (p: ImportProblem) => `${p.file}:${p.line}:${p.column} (${p.field}): ${p.message}`;

/** A row as read: its values (trimmed strings), where each is, and the fields already found wrong while reading. */
type Raw = { values: Record<string, string>; at: (field: string) => Position; bad?: Set<string> };

export interface FacultyRow {
  code: string;
  nameNb: string;
  nameEn: string;
}
export interface DepartmentRow extends FacultyRow {
  faculty: string;
}
export interface ProgrammeRow extends FacultyRow {
  department: string;
}
export interface PersonRow {
  id: string;
  name: string;
  /** Lower-cased. */
  email: string;
  language: Language;
  studentNumber: string | null;
  /** Where its e-mail address is, for a problem found when comparing with the database. */
  at?: Position;
}
export interface RoleRow {
  person: string;
  role: Role;
  /** The code of the faculty, department or programme the role applies to; null for a global role. */
  scope: string | null;
  seat: LocalGroupRole | null;
}

/** What the files say, checked; a kind that no file gave is undefined (and left as it is). */
export interface OrganisationImport {
  sources: string[];
  faculties?: FacultyRow[];
  departments?: DepartmentRow[];
  programmes?: ProgrammeRow[];
  people?: PersonRow[];
  roles?: RoleRow[];
}

/** What the database holds today, for the checks that look beyond the files (codes, ids, e-mails). */
export interface CurrentCodes {
  faculties: Set<string>;
  departments: Set<string>;
  programmes: Set<string>;
  people: Set<string>;
}

export class ImportRejected extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(`${problems.length} problem(s) in the import; nothing was written:\n${problems.map(describeProblem).join('\n')}`);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The rows of one CSV file, with their positions; problems where the file cannot be read as CSV. */
function csvRows(file: string, text: string, kind: Kind, problems: ImportProblem[]): Raw[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''), { info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; column?: number; message: string };
    problems.push({ file, line: e.lines ?? 1, column: (e.column ?? 0) + 1, field: '', message: `not readable as CSV: ${e.message}` });
    return [];
  }
  if (!records.length) {
    problems.push({ file, line: 1, column: 1, field: '', message: 'the file is empty: it needs a header line' });
    return [];
  }
  const header = records[0].record;
  const known = COLUMNS[kind].map((c) => c.name);
  header.forEach((h, i) => {
    if (!known.includes(h)) problems.push({ file, line: records[0].info.lines, column: i + 1, field: h, message: `unknown column "${h}"; ${kind}.csv has ${known.join(', ')}` });
  });
  for (const c of COLUMNS[kind]) if (c.required && !header.includes(c.name)) problems.push({ file, line: records[0].info.lines, column: header.length + 1, field: c.name, message: `the column "${c.name}" is missing` });
  return records.slice(1).map(({ record, info }) => {
    const values: Record<string, string> = {};
    header.forEach((h, i) => (values[h] = record[i] ?? ''));
    if (record.length > header.length) problems.push({ file, line: info.lines, column: header.length + 1, field: '', message: `${record.length} values where the header has ${header.length}` });
    return { values, at: (field) => ({ file, line: info.lines, column: Math.max(1, header.indexOf(field) + 1), field }) };
  });
}

/** The rows of a JSON file, per kind, with each value's line and column. */
function jsonRows(file: string, text: string, problems: ImportProblem[]): Partial<Record<Kind, Raw[]>> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const where = (node: Node | null | undefined, field: string): Position => {
    const pos = lines.linePos(node?.range?.[0] ?? 0);
    return { file, line: pos.line, column: pos.col, field };
  };
  if (doc.errors.length) {
    for (const e of doc.errors) problems.push({ file, line: e.linePos?.[0].line ?? 1, column: e.linePos?.[0].col ?? 1, field: '', message: `not readable as JSON: ${e.message.split('\n')[0]}` });
    return {};
  }
  const out: Partial<Record<Kind, Raw[]>> = {};
  if (!isMap(doc.contents)) {
    problems.push({ ...where(doc.contents, ''), message: `expected an object with ${KINDS.join(', ')}` });
    return out;
  }
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!(KINDS as readonly string[]).includes(key)) {
      problems.push({ ...where(pair.key, key), message: `unknown key "${key}"; an import has ${KINDS.join(', ')}` });
      continue;
    }
    const kind = key as Kind;
    if (!isSeq(pair.value)) {
      problems.push({ ...where(pair.value, kind), message: `${kind} must be an array of objects` });
      continue;
    }
    const known = COLUMNS[kind].map((c) => c.name);
    out[kind] = [];
    for (const item of pair.value.items) {
      if (!isMap(item)) {
        problems.push({ ...where(item, kind), message: `each of ${kind} must be an object` });
        continue;
      }
      const values: Record<string, string> = {};
      const bad = new Set<string>();
      const nodes = new Map<string, Node>();
      for (const p of item.items) {
        const name = isScalar(p.key) ? String(p.key.value) : '';
        const value = p.value as Node | null;
        if (!known.includes(name)) {
          problems.push({ ...where(p.key, name), message: `unknown field "${name}"; ${kind} have ${known.join(', ')}` });
          continue;
        }
        nodes.set(name, value ?? (p.key));
        if (value === null || (isScalar(value) && value.value === null)) values[name] = '';
        else if (isScalar(value) && ['string', 'number'].includes(typeof value.value)) values[name] = String(value.value).trim();
        else {
          bad.add(name);
          problems.push({ ...where(value, name), message: `"${name}" must be a string` });
        }
      }
      out[kind].push({ values, bad, at: (field) => where(nodes.get(field) ?? item, field) });
    }
  }
  return out;
}

/** The files named (a directory means the CSV files in it named after a kind), read into rows per kind. */
export function readImportFiles(paths: string[]): { sources: string[]; rows: Partial<Record<Kind, Raw[]>>; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const rows: Partial<Record<Kind, Raw[]>> = {};
  const sources: string[] = [];
  const files = paths.flatMap((path) => {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      problems.push({ file: path, line: 1, column: 1, field: '', message: 'no such file or directory' });
      return [];
    }
    if (!isDir) return [path];
    const inside = readdirSync(path).filter((f) => KINDS.includes(basename(f, '.csv') as Kind) && extname(f) === '.csv');
    if (!inside.length) problems.push({ file: path, line: 1, column: 1, field: '', message: `the directory holds none of ${KINDS.map((k) => `${k}.csv`).join(', ')}` });
    return inside.sort((a, b) => KINDS.indexOf(basename(a, '.csv') as Kind) - KINDS.indexOf(basename(b, '.csv') as Kind)).map((f) => join(path, f));
  });
  const given = new Map<Kind, string>();
  const take = (kind: Kind, file: string, raws: Raw[]) => {
    if (given.has(kind)) problems.push({ file, line: 1, column: 1, field: '', message: `${kind} are given twice (also in ${given.get(kind)})` });
    else {
      given.set(kind, file);
      rows[kind] = raws;
    }
  };
  for (const file of files) {
    sources.push(file);
    const text = readFileSync(file, 'utf8');
    if (extname(file) === '.json') {
      for (const [kind, raws] of Object.entries(jsonRows(file, text, problems)) as [Kind, Raw[]][]) take(kind, file, raws);
    } else if (extname(file) === '.csv' && KINDS.includes(basename(file, '.csv') as Kind)) {
      const kind = basename(file, '.csv') as Kind;
      take(kind, file, csvRows(file, text, kind, problems));
    } else {
      problems.push({ file, line: 1, column: 1, field: '', message: `not an import file: a .json file, or a .csv file named ${KINDS.map((k) => `${k}.csv`).join(', ')}` });
    }
  }
  return { sources, rows, problems };
}

/**
 * Checks every row of every kind (required values, lengths, formats, duplicates, references to
 * faculties, departments, programmes and people, in the import or, for a kind the import does not
 * give, in the database) and answers the import, or throws ImportRejected with every problem.
 */
export function validateImport(read: ReturnType<typeof readImportFiles>, current: CurrentCodes): OrganisationImport {
  const problems = [...read.problems];
  const fail = (at: Position, message: string) => problems.push({ ...at, message });
  /** True when `ok`; otherwise the problem is noted. */
  const check = (ok: boolean, at: Position, message: string) => {
    if (!ok) fail(at, message);
    return ok;
  };

  /** Each row's values, after the checks that need only the row itself. */
  const rowsOf = (kind: Kind) =>
    (read.rows[kind] ?? []).filter((raw) => {
      let ok = !raw.bad?.size;
      for (const c of COLUMNS[kind]) {
        const v = raw.values[c.name] ?? '';
        if (raw.bad?.has(c.name)) continue;
        if (c.required && v === '') {
          fail(raw.at(c.name), `"${c.name}" is required`);
          ok = false;
        } else if (v.length > c.max) {
          fail(raw.at(c.name), `"${c.name}" is longer than ${c.max} characters`);
          ok = false;
        }
      }
      return ok;
    });
  const unique = (kind: Kind, raws: Raw[], field: string, norm: (v: string) => string = (v) => v) => {
    const seen = new Map<string, number>();
    return raws.filter((raw) => {
      const key = norm(raw.values[field]);
      const first = seen.get(key);
      if (first !== undefined) {
        fail(raw.at(field), `${kind}: "${raw.values[field]}" appears twice (first on line ${first})`);
        return false;
      }
      seen.set(key, raw.at(field).line);
      return true;
    });
  };
  const codeOk = (raw: Raw, field: string) => {
    if (CODE.test(raw.values[field])) return true;
    fail(raw.at(field), `"${raw.values[field]}" is not a code: letters, digits, '.', '_' and '-'`);
    return false;
  };

  /**
   * The codes (or people's ids) a reference may name: every one the import's rows give, valid or
   * not (a row's own problem is said once, not again at every reference to it), or for a kind the
   * import does not give, the database's.
   */
  const known = (kind: 'faculties' | 'departments' | 'programmes' | 'people') => {
    const raws = read.rows[kind];
    return raws ? new Set(raws.map((r) => r.values[kind === 'people' ? 'id' : 'code']).filter(Boolean)) : current[kind];
  };

  const out: OrganisationImport = { sources: read.sources };
  if (read.rows.faculties) {
    out.faculties = unique('faculties', rowsOf('faculties'), 'code')
      .filter((r) => codeOk(r, 'code'))
      .map((r) => ({ code: r.values.code, nameNb: r.values.name_nb, nameEn: r.values.name_en }));
  }
  const faculties = known('faculties');
  if (read.rows.departments) {
    out.departments = unique('departments', rowsOf('departments'), 'code')
      .filter((r) => codeOk(r, 'code'))
      .filter((r) => check(faculties.has(r.values.faculty), r.at('faculty'), `no faculty "${r.values.faculty}"`))
      .map((r) => ({ code: r.values.code, faculty: r.values.faculty, nameNb: r.values.name_nb, nameEn: r.values.name_en }));
  }
  const departments = known('departments');
  if (read.rows.programmes) {
    out.programmes = unique('programmes', rowsOf('programmes'), 'code')
      .filter((r) => codeOk(r, 'code'))
      .filter((r) => check(departments.has(r.values.department), r.at('department'), `no department "${r.values.department}"`))
      .map((r) => ({ code: r.values.code, department: r.values.department, nameNb: r.values.name_nb, nameEn: r.values.name_en }));
  }
  const programmes = known('programmes');
  if (read.rows.people) {
    out.people = unique('people', unique('people', rowsOf('people'), 'id'), 'email', (v) => v.toLowerCase())
      .filter((r) => check(EMAIL.test(r.values.email), r.at('email'), `"${r.values.email}" is not an e-mail address`))
      .filter((r) => check(!r.values.language || (LANGUAGES as readonly string[]).includes(r.values.language), r.at('language'), `"${r.values.language}" is not a language: nb or en`))
      .map((r) => ({ id: r.values.id, name: r.values.name, email: r.values.email.toLowerCase(), language: (r.values.language || 'nb') as Language, studentNumber: r.values.student_number || null, at: r.at('email') }));
  }
  const people = known('people');
  if (read.rows.roles) {
    const seen = new Map<string, number>();
    out.roles = rowsOf('roles').flatMap((r): RoleRow[] => {
      const reject = (field: string, message: string): RoleRow[] => {
        fail(r.at(field), message);
        return [];
      };
      const { person, role, scope, seat } = r.values;
      if (!people.has(person)) return reject('person', `no person with id "${person}"`);
      if (!(ROLES as readonly string[]).includes(role)) return reject('role', `"${role}" is not a role: ${ROLES.join(', ')}`);
      const needs = ROLE_SCOPE[role as Role];
      if (needs === 'global' && scope) return reject('scope', `${role} applies everywhere: leave scope empty`);
      const scopes = { faculty: faculties, department: departments, programme: programmes, global: undefined }[needs];
      if (scopes && !scope) return reject('scope', `${role} needs the code of a ${needs}`);
      if (scopes && !scopes.has(scope)) return reject('scope', `no ${needs} "${scope}" (${role} applies to a ${needs})`);
      if (role === 'local_group_member' && !(LOCAL_GROUP_ROLES as readonly string[]).includes(seat)) return reject('seat', `local_group_member needs a seat: ${LOCAL_GROUP_ROLES.join(', ')}`);
      if (role !== 'local_group_member' && seat) return reject('seat', `only local_group_member takes a seat`);
      const key = `${person}|${role}|${scope}`;
      if (seen.has(key)) return reject('role', `${person} holds ${role}${scope ? ` at ${scope}` : ''} twice (first on line ${seen.get(key)})`);
      seen.set(key, r.at('role').line);
      return [{ person, role: role as Role, scope: scope || null, seat: (seat || null) as LocalGroupRole | null }];
    });
  }
  if (problems.length) throw new ImportRejected(problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column));
  return out;
}
