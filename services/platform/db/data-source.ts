import { DataSource, type DataSourceOptions } from 'typeorm';
import { entities } from './entities/index.js';
import { migrations } from './migrations/index.js';
import { retryWithin } from '../retry.js';

/** The one description of our database: entities, migrations, never synchronize. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    migrationsTableName: 'schema_migration',
    extra: { max: poolSize, connectionTimeoutMillis: 5_000 },
    logging: ['error'],
  };
}

export function createDataSource(url: string, poolSize?: number): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}

/**
 * Connects, retrying until `timeoutMs` has passed; then fails with a message that says where it
 * tried to connect (without the password).
 */
export async function connectWithin(dataSource: DataSource, timeoutMs: number, log?: (msg: string) => void): Promise<DataSource> {
  try {
    return await retryWithin(() => dataSource.initialize(), timeoutMs, (err) => log?.(`database not reachable yet (${err.message}); retrying for up to ${timeoutMs} ms`));
  } catch (err) {
    const url = (dataSource.options as { url?: string }).url ?? '';
    throw new Error(`Could not reach PostgreSQL at ${redactUrl(url)} within ${timeoutMs} ms (DATABASE_URL, DB_CONNECT_TIMEOUT_MS): ${(err as Error).message}`, { cause: err });
  }
}

/** A URL with its password replaced, safe for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** The SQL that would bring the database in line with the entities; empty when there is no drift. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}
