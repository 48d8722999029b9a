import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { PrincipalService } from '../../services/features/auth/principal.service.js';
import { OrganisationRepository } from '../../services/features/organisation/organisation.repository.js';
import { parseConfig } from '../../services/platform/config/config.schema.js';
import { connectWithin, createDataSource } from '../../services/platform/db/data-source.js';
import { PersonEntity, RoleAssignmentEntity } from '../../services/platform/db/entities/index.js';
import { runMigrations } from '../../services/platform/db/migrate.js';
import { PgListener } from '../../services/platform/db/pg-listener.js';
import { waitFor } from '../../infra/kit/wait.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

jest.setTimeout(60_000);

/** The organisation repository, counting the principal lookups that reach the database. */
class CountingRepository extends OrganisationRepository {
  lookups = 0;
  override personWithGrants(by: Parameters<OrganisationRepository['personWithGrants']>[0]) {
    this.lookups++;
    return super.personWithGrants(by);
  }
}

describe('the principal cache, on a real PostgreSQL', () => {
  let database: TestDatabase;
  let db: DataSource;
  /** Another process's connection: what it writes, the cache learns only through the database. */
  let other: DataSource;
  let listener: PgListener;
  let repository: CountingRepository;
  let principals: PrincipalService;
  let personId: string;
  const soon = <T>(what: string, probe: () => Promise<T | undefined>) => waitFor(what, probe, { everyMs: 20, timeoutMs: 5_000 });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase();
    await runMigrations(database.url, 20_000);
    db = await connectWithin(createDataSource(database.url, 2), 20_000);
    other = await connectWithin(createDataSource(database.url, 1), 20_000);
    listener = new PgListener(parseConfig({ DATABASE_URL: database.url }));
    repository = new CountingRepository(db);
    principals = new PrincipalService(repository, listener);
    personId = (await db.getRepository(PersonEntity).insert({ name: 'Ada Lovelace', email: 'ada@example.org', preferredLanguage: 'en' })).identifiers[0].id as string;
    await soon('the listener to connect', () => Promise.resolve(listener.listening ? true : undefined));
  });
  afterAll(async () => {
    await listener?.beforeApplicationShutdown();
    await other?.destroy();
    await db?.destroy();
    await database?.close();
  });

  it('answers a person asked again from memory', async () => {
    const before = repository.lookups;
    const first = await principals.byPersonId(personId);
    expect(first).toMatchObject({ name: 'Ada Lovelace', grants: [] });
    expect(await principals.byPersonId(personId)).toEqual(first);
    expect(repository.lookups).toBe(before + 1);
  });

  it('forgets a person when another process grants them a role, ends it, or changes them', async () => {
    await principals.byPersonId(personId);
    const roleId = (await other.getRepository(RoleAssignmentEntity).insert({ personId, role: 'central_group_member', scopeKey: 'global' })).identifiers[0].id as string;
    await soon('the grant', async () => ((await principals.byPersonId(personId))?.grants.length === 1 ? true : undefined));
    await other.getRepository(RoleAssignmentEntity).delete({ id: roleId });
    await soon('the role ended', async () => ((await principals.byPersonId(personId))?.grants.length === 0 ? true : undefined));
    await other.getRepository(PersonEntity).update({ id: personId }, { active: false });
    await soon('the deactivation', async () => ((await principals.byPersonId(personId)) === undefined ? true : undefined));
    await other.getRepository(PersonEntity).update({ id: personId }, { active: true });
    await soon('the reactivation', async () => ((await principals.byPersonId(personId)) ? true : undefined));
  });

  it('forgets at once what this process changes, without waiting for the notification', async () => {
    await principals.byPersonId(personId);
    await repository.setPreferredLanguage(personId, 'nb');
    expect((await principals.byPersonId(personId))?.language).toBe('nb');
  });

  it('keeps nothing while it cannot hear the database', async () => {
    await principals.byPersonId(personId);
    const [{ pid }] = await other.query<{ pid: number }[]>(`SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND datname = current_database()`);
    await other.query('SELECT pg_terminate_backend($1)', [pid]);
    await soon('the listener to notice', () => Promise.resolve(listener.listening ? undefined : true));
    const before = repository.lookups;
    await principals.byPersonId(personId);
    await principals.byPersonId(personId);
    expect(repository.lookups).toBe(before + 2);
    await soon('the listener to reconnect', () => Promise.resolve(listener.listening ? true : undefined));
    await principals.byPersonId(personId);
    await principals.byPersonId(personId);
    expect(repository.lookups).toBe(before + 3);
  });
});
