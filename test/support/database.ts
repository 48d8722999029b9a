import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedPostgresServer } from '../../infra/stack/embedded-postgres.js';
import { newDataDir } from '../../infra/stack/stack.js';
import { freePort } from './system.js';

export interface TestDatabase {
  /** URL of a new, empty database, used by this test file only. */
  url: string;
  close(): Promise<void>;
}

/**
 * A fresh database on a real PostgreSQL: on TEST_DATABASE_URL's server when that is set, otherwise
 * on an embedded server started for the test.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let embedded: EmbeddedPostgresServer | undefined;
  if (!serverUrl) {
    const dir = newDataDir('cil-flow-db-');
    embedded = new EmbeddedPostgresServer(join(dir, 'postgres'), await freePort());
    serverUrl = await embedded.start();
  }
  const name = `cil_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    close: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await embedded?.stop();
    },
  };
}
