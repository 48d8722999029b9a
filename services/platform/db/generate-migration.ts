import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, repoRoot, requireDatabaseUrl } from '../config/config.schema.js';
import { connectWithin, createDataSource } from './data-source.js';

/**
 * Writes services/platform/db/migrations/<timestamp>-<name>.ts with the SQL that brings the database at
 * DATABASE_URL (after its migrations) in line with the entities. Register it in migrations/index.ts.
 */
async function main() {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error('usage: npm run migration:generate -- <PascalCaseName>');
    process.exit(2);
  }
  const config = loadConfig();
  const ds = await connectWithin(createDataSource(requireDatabaseUrl(config), 2), config.database.connectTimeoutMs);
  try {
    await ds.runMigrations();
    const sql = await ds.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      console.log('no changes: entities and migrations agree');
      return;
    }
    const ts = Date.now();
    const q = (s: string) => JSON.stringify(s);
    const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${ts} implements MigrationInterface {
  name = '${name}${ts}';

  async up(queryRunner: QueryRunner): Promise<void> {
${sql.upQueries.map((u) => `    await queryRunner.query(${q(u.query)});`).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${sql.downQueries.reverse().map((d) => `    await queryRunner.query(${q(d.query)});`).join('\n')}
  }
}
`;
    const base = `${ts}-${name.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase())}`;
    const file = resolve(repoRoot, 'services/platform/db/migrations', `${base}.ts`);
    writeFileSync(file, body);
    // Register it: import after the last import, and append to the list.
    const indexFile = resolve(repoRoot, 'services/platform/db/migrations/index.ts');
    const index = readFileSync(indexFile, 'utf8');
    const lastImport = index.lastIndexOf('\nimport ') + 1;
    const afterImports = index.indexOf('\n', lastImport) + 1;
    const updated = `${index.slice(0, afterImports)}import { ${name}${ts} } from './${base}.js';\n${index.slice(afterImports)}`.replace(/\];\s*$/, `, ${name}${ts}];\n`);
    writeFileSync(indexFile, updated);
    console.log(`wrote ${file} and registered ${name}${ts} in services/platform/db/migrations/index.ts`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
