import { loadConfig, requireDatabaseUrl } from '../config/config.schema.js';
import { connectWithin, createDataSource } from './data-source.js';

/** Runs pending migrations. Used by `npm run migrate`, the dev launcher and the compose `migrate` service. */
export async function runMigrations(url: string, timeoutMs: number, log: (msg: string) => void = () => {}): Promise<string[]> {
  const ds = await connectWithin(createDataSource(url, 2), timeoutMs, log);
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfig();
  runMigrations(requireDatabaseUrl(config), config.database.connectTimeoutMs, (m) => console.error(m))
    .then((ran) => console.log(ran.length ? `applied ${ran.length} migration(s): ${ran.join(', ')}` : 'schema is up to date'))
    .catch((err: Error) => {
      console.error(err.message);
      process.exit(1);
    });
}
