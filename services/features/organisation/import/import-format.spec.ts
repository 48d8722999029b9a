import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../../../platform/config/config.schema.js';
import { describeProblem, ImportRejected, readImportFiles, validateImport, type CurrentCodes } from './import-format.js';

const EXAMPLE = join(repoRoot, 'docs', 'organisation');
const empty: CurrentCodes = { faculties: new Set(), departments: new Set(), programmes: new Set(), people: new Set() };

/** A directory with these files. */
function files(contents: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cil-org-'));
  for (const [name, text] of Object.entries(contents)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The problems validating these paths finds, as the command prints them (file names without the directory). */
function problemsOf(paths: string[], current = empty): string[] {
  try {
    validateImport(readImportFiles(paths), current);
    return [];
  } catch (err) {
    if (!(err instanceof ImportRejected)) throw err;
    return err.problems.map((p) => describeProblem({ ...p, file: p.file.replace(/^.*\//, '') }));
  }
}

describe('the organisation import format', () => {
  it('reads the example as CSV files and as JSON alike', () => {
    const csv = validateImport(readImportFiles([join(EXAMPLE, 'example')]), empty);
    const json = validateImport(readImportFiles([join(EXAMPLE, 'example.json')]), empty);
    const withoutPositions = (i: typeof csv) => ({ ...i, sources: [], people: i.people?.map(({ at: _at, ...p }) => p) });
    expect(withoutPositions(json)).toEqual(withoutPositions(csv));
    expect({ faculties: csv.faculties?.length, departments: csv.departments?.length, programmes: csv.programmes?.length, people: csv.people?.length, roles: csv.roles?.length }).toEqual({ faculties: 2, departments: 2, programmes: 3, people: 10, roles: 11 });
    expect(csv.people?.find((p) => p.id === 'S2002')).toMatchObject({ email: 'ida.jensen@example.org', language: 'en', studentNumber: '900002' });
    expect(csv.roles?.find((r) => r.role === 'central_group_member')).toEqual({ person: 'E1007', role: 'central_group_member', scope: null, seat: null });
  });

  it('says what is wrong with each CSV value: file, line, column, field and why', () => {
    const dir = files({
      'faculties.csv': 'code,name_nb,name_en\nHV,Helse,Health\nHV,Igjen,Again\n',
      'departments.csv': 'code,faculty,name_nb,name_en\nHV-SHA,XX,Sykepleie,Nursing\n',
      'people.csv': 'id,name,email,language\nE1,Kari,kari@example.org,se\nE2,,ola@example\nE3,Ola,KARI@example.org,nb\n',
      'roles.csv': 'person,role,scope,seat\nE1,dean,,\nE9,dean,HV,\nE1,boss,HV,\nE1,local_group_member,HV-SHA,\nE1,central_group_member,HV,\n',
    });
    expect(problemsOf([dir])).toEqual([
      'departments.csv:2:2 (faculty): no faculty "XX"',
      'faculties.csv:3:1 (code): faculties: "HV" appears twice (first on line 2)',
      'people.csv:2:4 (language): "se" is not a language: nb or en',
      'people.csv:3:2 (name): "name" is required',
      'people.csv:4:3 (email): people: "KARI@example.org" appears twice (first on line 2)',
      'roles.csv:2:3 (scope): dean needs the code of a faculty',
      'roles.csv:3:1 (person): no person with id "E9"',
      'roles.csv:4:2 (role): "boss" is not a role: programme_leader, section_head, head_of_department, dean, pro_dean, faculty_representative, central_group_member, local_group_member, student',
      'roles.csv:5:3 (scope): no programme "HV-SHA" (local_group_member applies to a programme)',
      'roles.csv:6:3 (scope): central_group_member applies everywhere: leave scope empty',
    ]);
  });

  it('says where in a JSON file, line and column of the value', () => {
    const dir = files({
      'org.json': '{\n  "faculties": [\n    { "code": "HV", "name_nb": "Helse", "name_en": "Health" }\n  ],\n  "people": [\n    { "id": "E1", "name": "Kari", "email": "kari@", "colour": "blue" },\n    { "id": 7, "name": ["x"], "email": "ola@example.org" }\n  ],\n  "teams": []\n}\n',
    });
    expect(problemsOf([join(dir, 'org.json')])).toEqual([
      'org.json:6:44 (email): "kari@" is not an e-mail address',
      'org.json:6:53 (colour): unknown field "colour"; people have id, name, email, language, student_number',
      'org.json:7:24 (name): "name" must be a string',
      'org.json:9:3 (teams): unknown key "teams"; an import has faculties, departments, programmes, people, roles',
    ]);
  });

  it('refuses what is not an import: unreadable files, unknown columns, a kind given twice, no file', () => {
    const dir = files({ 'people.csv': 'id,name,email,phone\nE1,Kari,kari@example.org,123\n', 'broken.json': '{ "people": [ { "id": "E1" ', 'notes.txt': 'hello' });
    mkdirSync(join(dir, 'empty'));
    const found = problemsOf([join(dir, 'people.csv'), join(dir, 'broken.json'), join(dir, 'notes.txt'), join(dir, 'missing.csv'), join(dir, 'empty')]);
    for (const expected of [/^broken\.json:1:\d+ \(\): not readable as JSON/, /^empty:1:1 \(\): the directory holds none of faculties\.csv/, /^missing\.csv:1:1 \(\): no such file or directory/, /^notes\.txt:1:1 \(\): not an import file/, /^people\.csv:1:4 \(phone\): unknown column "phone"/]) {
      expect({ expected: String(expected), found: found.some((p) => expected.test(p)) }).toEqual({ expected: String(expected), found: true });
    }
    const twice = files({ 'people.csv': 'id,name,email\n', 'org.json': '{ "people": [] }' });
    expect(problemsOf([join(twice, 'people.csv'), join(twice, 'org.json')])).toEqual([expect.stringMatching(/^org\.json:1:1 \(\): people are given twice/) as unknown]);
  });

  it('a reference to a kind the import does not give is checked against the database', () => {
    const dir = files({ 'roles.csv': 'person,role,scope,seat\nE1,programme_leader,BSYK,\nE2,programme_leader,BSYK,\n' });
    expect(problemsOf([dir], { ...empty, programmes: new Set(['BSYK']), people: new Set(['E1']) })).toEqual(['roles.csv:3:1 (person): no person with id "E2"']);
  });
});
