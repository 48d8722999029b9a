import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { connectWithin, createDataSource } from '../../services/platform/db/data-source.js';
import { runMigrations } from '../../services/platform/db/migrate.js';
import { importOrganisation } from '../../services/features/organisation/import/organisation-import.js';

export interface OrgImportResult {
  people: number;
  roles: number;
  programmes: number;
  /** The first import into an empty database (seconds). */
  importSeconds: number;
  /** The same files again: nothing to change. */
  reimportSeconds: number;
  /** The same files with 5% of the people changed and 1% gone (deactivated). */
  changedSeconds: number;
  changed: number;
}

const csv = (rows: string[][]) => `${rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\n')}\n`;

/**
 * Writes a generated organisation of `people` people as the import's CSV files: 4 faculties of 8
 * departments of 4 programmes, a tenth of the people staff (faculty, department and programme
 * roles, the central group), the rest students spread over the programmes.
 */
export function writeOrganisation(dir: string, people: number, variant: { changeEvery?: number; dropEvery?: number } = {}): { people: number; roles: number; programmes: number } {
  const faculties = Array.from({ length: 4 }, (_, f) => [`F${f + 1}`, `Fakultet ${f + 1}`, `Faculty ${f + 1}`]);
  const departments = faculties.flatMap(([f], fi) => Array.from({ length: 8 }, (_, d) => [`${f}-D${d + 1}`, f, `Institutt ${fi + 1}.${d + 1}`, `Department ${fi + 1}.${d + 1}`]));
  const programmes = departments.flatMap(([d]) => Array.from({ length: 4 }, (_, p) => [`${d}-P${p + 1}`, d, `Studieprogram ${d}-${p + 1}`, `Programme ${d}-${p + 1}`]));
  const staff = Math.max(1, Math.round(people / 10));
  const personRows: string[][] = [];
  const roleRows: string[][] = [];
  for (let i = 0; i < people; i++) {
    if (variant.dropEvery && i % variant.dropEvery === variant.dropEvery - 1) continue;
    const student = i >= staff;
    const id = student ? `S${100000 + i}` : `E${100000 + i}`;
    const renamed = variant.changeEvery && i % variant.changeEvery === 0 ? ' (endret)' : '';
    personRows.push([id, `Person ${i}${renamed}`, `person.${i}@example.org`, i % 5 === 0 ? 'en' : 'nb', student ? String(500000 + i) : '']);
    if (student) roleRows.push([id, 'student', programmes[i % programmes.length][0], '']);
    else if (i < faculties.length * 4) roleRows.push([id, ['dean', 'pro_dean', 'section_head', 'faculty_representative'][i % 4], faculties[Math.floor(i / 4)][0], '']);
    else if (i < faculties.length * 4 + departments.length) roleRows.push([id, 'head_of_department', departments[i - faculties.length * 4][0], '']);
    else if (i < faculties.length * 4 + departments.length + programmes.length) roleRows.push([id, 'programme_leader', programmes[i - faculties.length * 4 - departments.length][0], '']);
    else if (i % 50 === 0) roleRows.push([id, 'central_group_member', '', '']);
  }
  writeFileSync(join(dir, 'faculties.csv'), csv([['code', 'name_nb', 'name_en'], ...faculties]));
  writeFileSync(join(dir, 'departments.csv'), csv([['code', 'faculty', 'name_nb', 'name_en'], ...departments]));
  writeFileSync(join(dir, 'programmes.csv'), csv([['code', 'department', 'name_nb', 'name_en'], ...programmes]));
  writeFileSync(join(dir, 'people.csv'), csv([['id', 'name', 'email', 'language', 'student_number'], ...personRows]));
  writeFileSync(join(dir, 'roles.csv'), csv([['person', 'role', 'scope', 'seat'], ...roleRows]));
  return { people: personRows.length, roles: roleRows.length, programmes: programmes.length };
}

/**
 * Times the organisation import of a generated organisation in a scratch database on the same
 * PostgreSQL server as the system under test (so its people do not mix with the benchmark's):
 * the first import, the same files again, and the files with some people changed and some gone.
 */
export async function benchOrgImport(serverUrl: string, people: number, runId: string, say: (msg: string) => void): Promise<OrgImportResult> {
  const name = `cil_bench_org_${runId.replace(/[^a-z0-9]/g, '')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(join(tmpdir(), 'cil-bench-org-'));
  try {
    await runMigrations(url.toString(), 20_000);
    const db = await connectWithin(createDataSource(url.toString(), 4), 20_000);
    try {
      const sizes = writeOrganisation(dir, people);
      const options = { actor: 'bench', publicUrl: 'http://bench.invalid', progress: (m: string) => say(`org import: ${m}`) };
      const timed = async () => {
        const t0 = performance.now();
        const outcome = await importOrganisation(db, [dir], options);
        return { seconds: Math.round((performance.now() - t0) / 10) / 100, changes: outcome.plan.changes.length };
      };
      say(`org import: ${sizes.people} people, ${sizes.roles} roles, ${sizes.programmes} programmes into an empty database…`);
      const first = await timed();
      const again = await timed();
      if (again.changes !== 0) throw new Error(`the second import of the same files made ${again.changes} changes`);
      writeOrganisation(dir, people, { changeEvery: 20, dropEvery: 100 });
      const changed = await timed();
      return { ...sizes, importSeconds: first.seconds, reimportSeconds: again.seconds, changedSeconds: changed.seconds, changed: changed.changes };
    } finally {
      await db.destroy();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
