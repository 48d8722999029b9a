import { jest } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { connectWithin, createDataSource, pendingSchemaChanges } from '../../services/platform/db/data-source.js';
import { PersonEntity, ProgrammeEntity, RoleAssignmentEntity } from '../../services/platform/db/entities/index.js';
import { runMigrations } from '../../services/platform/db/migrate.js';
import { seedDemo } from '../../services/features/organisation/seed.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

jest.setTimeout(120_000);

describe('the schema on a real PostgreSQL', () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    const ran = await runMigrations(database.url, 20_000);
    expect(ran.length).toBeGreaterThan(0);
    db = await connectWithin(createDataSource(database.url, 2), 20_000);
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.close();
  });

  it('matches the entities exactly after the migrations (no drift)', async () => {
    expect(await pendingSchemaChanges(db)).toEqual([]);
  });

  it('notices drift when the database and the entities differ', async () => {
    await db.query('ALTER TABLE person DROP COLUMN preferred_language');
    try {
      const pending = await pendingSchemaChanges(db);
      expect(pending.join('\n')).toMatch(/preferred_language/);
    } finally {
      await db.query(`ALTER TABLE person ADD COLUMN preferred_language character varying(2) NOT NULL DEFAULT 'nb'`);
    }
    expect(await pendingSchemaChanges(db)).toEqual([]);
  });

  it('runs no migration twice', async () => {
    expect(await runMigrations(database.url, 20_000)).toEqual([]);
  });

  it('seeds the demo organisation, and a second seed changes nothing', async () => {
    const first = await seedDemo(db);
    const counts = async () => [await db.getRepository(PersonEntity).count(), await db.getRepository(ProgrammeEntity).count(), await db.getRepository(RoleAssignmentEntity).count()];
    const after1 = await counts();
    await seedDemo(db);
    expect(await counts()).toEqual(after1);
    expect(after1[0]).toBe(first.people);
    expect(after1[1]).toBe(8);
  });

  it('refuses a second identical role assignment', async () => {
    const [assignment] = await db.getRepository(RoleAssignmentEntity).find({ take: 1 });
    const { id: _id, createdAt: _c, ...copy } = assignment;
    await expect(db.getRepository(RoleAssignmentEntity).insert(copy)).rejects.toThrow(/uq_role_assignment/);
  });

  it('keeps e-mail addresses unique', async () => {
    const [person] = await db.getRepository(PersonEntity).find({ take: 1 });
    await expect(db.getRepository(PersonEntity).insert({ name: 'Copy', email: person.email, preferredLanguage: 'en' })).rejects.toThrow(/duplicate key/);
  });
});
