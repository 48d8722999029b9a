// Static checks of the production topology in docker-compose.yml and the image it builds. Nothing
// here starts a container: it reads the files and checks that they agree with each other and with
// the code (settings schema, search attributes, npm scripts).
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseConfig, settingNames } from '../../services/platform/config/config.schema.js';
import { DEFAULT_TASK_QUEUE, SEARCH_ATTRIBUTES } from '../../workflows/contracts/temporal.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

type Environment = Record<string, string | number | boolean | null> | string[];
interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
}
interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Environment;
  ports?: (string | number | { target: number; published?: string | number; host_ip?: string })[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: Healthcheck;
  restart?: string;
  profiles?: string[];
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const COMPOSE_FILE = 'docker-compose.yml';
// `merge: true` resolves the `<<: *anchor` keys the way Compose does.
const compose = parse(read(COMPOSE_FILE), { merge: true }) as ComposeFile;
const MTLS_FILE = 'infra/temporal/compose.mtls.yml';
const mtls = parse(read(MTLS_FILE), { merge: true }) as ComposeFile;

const APP_SERVICES = ['api', 'worker', 'migrate'] as const;
const ONE_SHOT_JOBS = ['temporal-admin-tools', 'temporal-create-namespace', 'migrate'];
const EXPECTED_SERVICES = [
  'postgresql',
  'temporal-admin-tools',
  'temporal',
  'temporal-create-namespace',
  'temporal-ui',
  'mailpit',
  'migrate',
  'api',
  'worker',
];

function service(name: string, file: ComposeFile = compose): Service {
  const s = file.services?.[name];
  if (!s) throw new Error(`${file === compose ? COMPOSE_FILE : MTLS_FILE} has no service "${name}"`);
  return s;
}

/** A service's environment as a map, whichever of Compose's two forms the file uses. */
function envOf(name: string, file: ComposeFile = compose): Record<string, string> {
  const env = service(name, file).environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** Sample values for the variables the file requires (`${NAME:?message}`). */
const REQUIRED_SAMPLES: Record<string, string> = {
  POSTGRES_PASSWORD: 'superuser-password',
  TEMPORAL_DB_PASSWORD: 'temporal-password',
  CIL_DB_PASSWORD: 'app-password',
  // What the deployment sets; production refuses weak secrets, development keys and http://.
  PUBLIC_URL: 'https://cil.example.org',
  SESSION_SECRET: 'q8Zr1mWx4TnVb7LcPe2YsKd9HjGa5FuRo3NiQw6E',
  SMTP_URL: 'smtps://cil-flow:mail-password@smtp.example.org:465',
  OIDC_ISSUER: 'https://login.example.org',
  OIDC_CLIENT_ID: 'cil-flow',
  OIDC_CLIENT_SECRET: 'client-secret',
  PAYLOAD_ENCRYPTION_KEYS: 'k2027:Vn3q0cXo8mB1ZrT6yLk2Pf9HsEw4JdAa7GuQi5NtCbY=',
  DIPLOMA_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIB1a3dKQ+2pYdJ4b9Yb4y8yLkq0YQmS7u4P1m1rA2B3c\n-----END PRIVATE KEY-----',
};

/**
 * Interpolates like Compose with nothing set in the shell: `${X:-d}` and `${X-d}` give d, and
 * `${X:?msg}` gives the sample value (the deployment must provide one).
 */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
    if (op?.endsWith('-')) return arg ?? '';
    if (op?.endsWith('?')) {
      const sample = REQUIRED_SAMPLES[name];
      if (sample === undefined) throw new Error(`no sample value for the required variable ${name}`);
      return sample;
    }
    return '';
  });
}

const interpolatedEnv = (name: string) =>
  Object.fromEntries(Object.entries(envOf(name)).map(([k, v]) => [k, interpolate(v)]));

function imageOf(name: string): { repository: string; tag: string | undefined } {
  const image = service(name).image;
  if (!image) throw new Error(`service ${name} has no image`);
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  const slash = withoutDigest.lastIndexOf('/');
  if (colon > slash) return { repository: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1) };
  return { repository: withoutDigest, tag: undefined };
}

/** Published container ports with the host address they are bound to ('' for every interface). */
function portBindings(name: string, file: ComposeFile = compose): { hostIp: string; published: string; target: string }[] {
  return (service(name, file).ports ?? []).map((p) => {
    if (typeof p === 'object') return { hostIp: p.host_ip ?? '', published: String(p.published ?? ''), target: String(p.target) };
    const parts = String(p).split('/')[0].split(':');
    const target = parts[parts.length - 1];
    const published = parts.length > 1 ? parts[parts.length - 2] : '';
    return { hostIp: parts.length > 2 ? parts.slice(0, -2).join(':').replace(/^\[|\]$/g, '') : '', published, target };
  });
}

/** Published container ports as "published:target" strings. */
function publishedPorts(name: string): string[] {
  return (service(name).ports ?? []).map((p) => {
    if (typeof p === 'object') return `${p.published ?? ''}:${p.target}`;
    const parts = String(p).split('/')[0].split(':');
    return parts.length === 1 ? `:${parts[0]}` : `${parts[parts.length - 2]}:${parts[parts.length - 1]}`;
  });
}

function dependencies(name: string, file: ComposeFile = compose): Record<string, string | undefined> {
  const deps = service(name, file).depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([d, v]) => [d, v?.condition]));
}

/** Bind mounts from the repository: [path in the repository, path in the container]. */
function bindMounts(name: string, file: ComposeFile = compose): [string, string][] {
  return (service(name, file).volumes ?? []).flatMap((v): [string, string][] => {
    if (typeof v === 'object') return v.type === 'bind' && v.source ? [[v.source, v.target]] : [];
    const [source, target] = v.split(':');
    return source.startsWith('./') || source.startsWith('../') ? [[source, target]] : [];
  });
}

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean);

/** The container path a file or directory in the repository is mounted at, if it is. */
function mountedAt(name: string, repoPath: string, file: ComposeFile = compose): string | undefined {
  for (const [source, target] of bindMounts(name, file)) {
    const src = posix.normalize(source);
    const wanted = posix.normalize(`./${repoPath}`);
    if (src === wanted) return target;
    if (wanted.startsWith(`${src}/`)) return posix.join(target, wanted.slice(src.length + 1));
  }
  return undefined;
}

describe('docker-compose.yml', () => {
  describe('services', () => {
    it.each(EXPECTED_SERVICES)('defines %s', (name) => {
      expect(compose.services).toHaveProperty([name]);
    });

    it('defines no service nobody planned for (add it to this test, with its checks)', () => {
      expect(Object.keys(compose.services).sort()).toEqual([...EXPECTED_SERVICES].sort());
    });
  });

  describe('images', () => {
    it('runs PostgreSQL 16', () => {
      expect(service('postgresql').image).toBe('postgres:16');
    });

    it('runs a pinned Temporal 1.30.x server and the admin-tools of the same release', () => {
      const server = imageOf('temporal');
      expect(server.repository).toBe('temporalio/server');
      expect(server.tag).toMatch(/^1\.30\.\d+$/);
      for (const job of ['temporal-admin-tools', 'temporal-create-namespace']) {
        expect(imageOf(job)).toEqual({ repository: 'temporalio/admin-tools', tag: server.tag });
      }
    });

    it('pins the Temporal Web UI to a 2.x release', () => {
      expect(imageOf('temporal-ui').repository).toBe('temporalio/ui');
      expect(imageOf('temporal-ui').tag).toMatch(/^2\.\d+\.\d+$/);
    });

    it('pins Mailpit to a release', () => {
      expect(imageOf('mailpit').repository).toBe('axllent/mailpit');
      expect(imageOf('mailpit').tag).toMatch(/^v\d+\.\d+\.\d+$/);
    });

    it('pins every third-party image to a version, never latest', () => {
      const thirdParty = Object.keys(compose.services).filter((name) => !service(name).build);
      expect(thirdParty.length).toBeGreaterThan(0);
      for (const name of thirdParty) {
        const { tag } = imageOf(name);
        expect({ name, tag }).toEqual({ name, tag: expect.stringMatching(/^(?!latest$)\S+$/) as unknown });
      }
    });

    it('does not use the deprecated temporalio/auto-setup image', () => {
      expect(read(COMPOSE_FILE)).not.toMatch(/temporalio\/auto-setup/);
      for (const name of Object.keys(compose.services)) {
        expect(service(name).image ?? '').not.toContain('auto-setup');
      }
    });
  });

  describe('published ports', () => {
    it.each([
      ['api', '3000:3000'],
      ['temporal', '7233:7233'],
      ['temporal-ui', '8080:8080'],
      ['mailpit', '8025:8025'],
    ])('%s publishes %s', (name, port) => {
      expect(publishedPorts(name)).toContain(port);
    });

    it('keeps PostgreSQL off the host network', () => {
      expect(publishedPorts('postgresql')).toEqual([]);
    });

    // The Temporal frontend and its Web UI have no sign-in: whoever reaches them can start,
    // signal, update and terminate workflows. Only the API (which signs people in) faces the network.
    it.each([COMPOSE_FILE, MTLS_FILE])('%s publishes no port but the API on every interface: the others on 127.0.0.1 only', (fileName) => {
      const file = fileName === COMPOSE_FILE ? compose : mtls;
      const exposed = Object.keys(file.services).flatMap((name) =>
        portBindings(name, file)
          .filter((p) => p.published !== '' && p.hostIp !== '127.0.0.1')
          .map((p) => ({ name, ...p })),
      );
      expect(exposed).toEqual(fileName === COMPOSE_FILE ? [{ name: 'api', hostIp: '', published: '3000', target: '3000' }] : []);
    });

    it.each([
      ['temporal', '7233'],
      ['temporal-ui', '8080'],
      ['mailpit', '8025'],
    ])('%s is published on 127.0.0.1:%s only', (name, port) => {
      expect(portBindings(name)).toEqual([{ hostIp: '127.0.0.1', published: port, target: port }]);
    });
  });

  describe('Mailpit, for trying the system out', () => {
    it('runs only with the dev profile (docker compose --profile dev up)', () => {
      expect(service('mailpit').profiles).toEqual(['dev']);
      const profiled = Object.keys(compose.services).filter((name) => name !== 'mailpit' && service(name).profiles?.length);
      expect(profiled).toEqual([]);
    });

    it('is no dependency of any service that runs without the dev profile', () => {
      for (const name of ['api', 'worker']) expect(dependencies(name)).not.toHaveProperty(['mailpit']);
      for (const name of Object.keys(compose.services).filter((n) => !service(n).profiles?.length)) {
        const onProfiled = Object.keys(dependencies(name)).filter((d) => service(d).profiles?.length);
        expect({ name, onProfiled }).toEqual({ name, onProfiled: [] });
      }
    });

    it('is no default: SMTP_URL and PUBLIC_URL must come from the deployment', () => {
      const smtpDefault = /\$\{SMTP_URL:?-[^}]*\}/;
      expect(read(COMPOSE_FILE)).not.toMatch(smtpDefault);
      for (const name of ['api', 'worker']) {
        expect(envOf(name).SMTP_URL).toMatch(/^\$\{SMTP_URL:\?[^}]+\}$/);
      }
      for (const name of APP_SERVICES) {
        expect(envOf(name).PUBLIC_URL).toMatch(/^\$\{PUBLIC_URL:\?[^}]*https:\/\/[^}]*\}$/);
      }
      // Production refuses what the old default was.
      expect(() => parseConfig({ ...interpolatedEnv('migrate'), PUBLIC_URL: 'http://localhost:3000' })).toThrow(/PUBLIC_URL: must be an https:\/\/ URL/);
    });
  });

  describe('health checks and start order', () => {
    const longRunning = () => Object.keys(compose.services).filter((name) => !ONE_SHOT_JOBS.includes(name));

    it('gives every long-running service a health check', () => {
      expect(longRunning()).toEqual(expect.arrayContaining(['postgresql', 'temporal', 'temporal-ui', 'mailpit', 'api', 'worker']));
      for (const name of longRunning()) {
        const check = service(name).healthcheck;
        expect({ name, disabled: check?.disable ?? false, test: asList(check?.test).length > 1 }).toEqual({ name, disabled: false, test: true });
        expect({ name, test: asList(check?.test)[0] }).toEqual({ name, test: expect.stringMatching(/^CMD(-SHELL)?$/) as unknown });
      }
    });

    it('checks PostgreSQL with pg_isready and the API on /ready', () => {
      expect(asList(service('postgresql').healthcheck?.test).join(' ')).toContain('pg_isready');
      expect(asList(service('api').healthcheck?.test).join(' ')).toMatch(/http:\/\/(localhost|127\.0\.0\.1):3000\/ready/);
    });

    it('checks that the worker polls its task queue', () => {
      const test = asList(service('worker').healthcheck?.test).join(' ');
      expect(test).toContain('describeTaskQueue');
      expect(test).toContain('process.env.TEMPORAL_TASK_QUEUE');
    });

    /** Runs the worker's health check script against a stand-in Temporal client; answers its exit code and how it connected. */
    async function workerHealthcheck(env: Record<string, string>, pollers: string[]) {
      const [cmd, node, flag, script] = asList(service('worker').healthcheck?.test);
      expect([cmd, node, flag]).toEqual(['CMD', 'node', '-e']);
      const connects: { address?: string; tls?: { serverRootCACertificate?: Buffer; clientCertPair?: { crt: Buffer; key: Buffer }; serverNameOverride?: string } }[] = [];
      const modules: Record<string, unknown> = {
        '@temporalio/client': {
          Connection: {
            connect: (options: (typeof connects)[number]) => {
              connects.push(options);
              return Promise.resolve({ workflowService: { describeTaskQueue: () => Promise.resolve({ pollers: pollers.map((identity) => ({ identity })) }) } });
            },
          },
        },
        os: { hostname: () => 'worker-container' },
        fs: { readFileSync: (path: string) => readFileSync(path) },
      };
      const fakeRequire = (name: string) => {
        if (!(name in modules)) throw new Error(`the health check requires ${name}`);
        return modules[name];
      };
      const code = await new Promise<number>((done) => {
        // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the script under test, with stand-ins for require and process
        const run = new Function('require', 'process', script) as (r: typeof fakeRequire, p: { env: Record<string, string>; exit: (c: number) => void }) => void;
        run(fakeRequire, { env, exit: done });
      });
      return { code, connects };
    }

    it('connects the worker health check with TLS when TEMPORAL_TLS_* are set, as the worker does', async () => {
      const base = { TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: 'cil-flow' };
      const plain = await workerHealthcheck(base, ['7@worker-container']);
      expect(plain.code).toBe(0);
      expect(plain.connects).toEqual([expect.objectContaining({ address: 'temporal:7233', tls: undefined })]);
      expect((await workerHealthcheck(base, ['7@another-container'])).code).toBe(1);

      const files = {
        TEMPORAL_TLS_CA: join(root, 'infra/docker/compose.spec.ts'),
        TEMPORAL_TLS_CERT: join(root, 'infra/docker/Dockerfile'),
        TEMPORAL_TLS_KEY: join(root, 'docker-compose.yml'),
      };
      const secured = await workerHealthcheck({ ...base, ...files, TEMPORAL_TLS_SERVER_NAME: 'temporal' }, ['7@worker-container']);
      expect(secured.code).toBe(0);
      const tls = secured.connects[0]?.tls;
      expect(tls?.serverRootCACertificate?.toString()).toBe(readFileSync(files.TEMPORAL_TLS_CA, 'utf8'));
      expect(tls?.clientCertPair?.crt.toString()).toBe(readFileSync(files.TEMPORAL_TLS_CERT, 'utf8'));
      expect(tls?.clientCertPair?.key.toString()).toBe(readFileSync(files.TEMPORAL_TLS_KEY, 'utf8'));
      expect(tls?.serverNameOverride).toBe('temporal');
      const caOnly = await workerHealthcheck({ ...base, TEMPORAL_TLS_CA: files.TEMPORAL_TLS_CA }, ['7@worker-container']);
      expect(caOnly.connects[0]?.tls).toEqual({ serverRootCACertificate: expect.any(Buffer) as unknown, clientCertPair: undefined, serverNameOverride: undefined });
    });

    it('does not restart the one-shot jobs forever', () => {
      for (const job of ONE_SHOT_JOBS) {
        expect({ job, restart: service(job).restart ?? 'no' }).toEqual({ job, restart: expect.stringMatching(/^(no|on-failure(:\d+)?)$/) as unknown });
      }
    });

    it.each([
      ['temporal-admin-tools', 'postgresql', 'service_healthy'],
      ['temporal', 'temporal-admin-tools', 'service_completed_successfully'],
      ['temporal-create-namespace', 'temporal', 'service_healthy'],
      ['temporal-ui', 'temporal', 'service_healthy'],
      ['migrate', 'postgresql', 'service_healthy'],
      ['api', 'migrate', 'service_completed_successfully'],
      ['api', 'temporal-create-namespace', 'service_completed_successfully'],
      ['worker', 'migrate', 'service_completed_successfully'],
      ['worker', 'temporal-create-namespace', 'service_completed_successfully'],
    ])('%s waits for %s (%s)', (name, dependency, condition) => {
      expect(dependencies(name)).toHaveProperty([dependency], condition);
    });

    it('waits on jobs for success and on servers for health, and only on services that exist', () => {
      for (const name of Object.keys(compose.services)) {
        for (const [dependency, condition] of Object.entries(dependencies(name))) {
          expect(compose.services).toHaveProperty([dependency]);
          const wanted = ONE_SHOT_JOBS.includes(dependency) ? 'service_completed_successfully' : 'service_healthy';
          expect({ name, dependency, condition }).toEqual({ name, dependency, condition: wanted });
        }
      }
    });
  });

  describe('the CIL Flow image', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

    it.each(APP_SERVICES)('%s is built from infra/docker/Dockerfile with the repository as context', (name) => {
      const build = service(name).build;
      expect(typeof build).toBe('object');
      const { context, dockerfile } = build as { context?: string; dockerfile?: string };
      expect(posix.normalize(context ?? '.')).toBe('.');
      expect(dockerfile).toBe('infra/docker/Dockerfile');
      expect(statSync(join(root, context ?? '.', dockerfile ?? '')).isFile()).toBe(true);
      expect(service(name).image).toBe(service('api').image);
    });

    it.each([
      ['api', 'start:api', 'services/apps/api/main.ts'],
      ['worker', 'start:worker', 'services/apps/worker/main.ts'],
      ['migrate', 'migrate', 'services/platform/db/migrate.ts'],
    ])('%s runs what `npm run %s` runs', (name, script, source) => {
      expect(asList(service(name).command).join(' ')).toBe(scripts[script]);
      expect(existsSync(join(root, source))).toBe(true);
    });
  });

  describe('files mounted from the repository', () => {
    it('mounts only files and folders that exist', () => {
      const mounts = Object.keys(compose.services).flatMap((name) => bindMounts(name));
      expect(mounts.length).toBeGreaterThanOrEqual(4);
      for (const [source] of mounts) {
        expect({ source, exists: existsSync(join(root, source)) }).toEqual({ source, exists: true });
      }
    });

    it('creates the application database and its role when PostgreSQL initialises', () => {
      const target = mountedAt('postgresql', 'infra/docker/postgres-init');
      expect(target).toBe('/docker-entrypoint-initdb.d');
      const scripts = readdirSync(join(root, 'infra/docker/postgres-init')).filter((f) => /\.(sh|sql)$/.test(f));
      const text = scripts.map((f) => read(`infra/docker/postgres-init/${f}`)).join('\n');
      const url = new URL(interpolate(envOf('migrate').DATABASE_URL));
      expect(text).toContain(`CREATE DATABASE ${url.pathname.slice(1)} OWNER ${url.username}`);
      expect(text).toMatch(new RegExp(`CREATE ROLE ${url.username} LOGIN`));
      expect(text).toMatch(/CREATE ROLE temporal LOGIN CREATEDB/);
    });

    it('runs the schema job from infra/temporal/setup-schema.sh', () => {
      const target = mountedAt('temporal-admin-tools', 'infra/temporal/setup-schema.sh');
      expect(target).toBeDefined();
      const job = service('temporal-admin-tools');
      expect([...asList(job.entrypoint), ...asList(job.command)]).toContain(target);
      const script = read('infra/temporal/setup-schema.sh');
      expect(script).toContain('--plugin postgres12');
      expect(script).toContain('SCHEMA_ROOT=/etc/temporal/schema/postgresql/v12');
      expect(script).toContain('setup_database temporal "${SCHEMA_ROOT}/temporal/versioned"');
      expect(script).toContain('setup_database temporal_visibility "${SCHEMA_ROOT}/visibility/versioned"');
      for (const step of ['create', 'setup-schema -v 0.0', 'update-schema -d']) expect(script).toContain(step);
    });

    it('runs the namespace job from infra/temporal/create-namespace.sh', () => {
      const target = mountedAt('temporal-create-namespace', 'infra/temporal/create-namespace.sh');
      expect(target).toBeDefined();
      const job = service('temporal-create-namespace');
      expect([...asList(job.entrypoint), ...asList(job.command)]).toContain(target);
    });

    it('registers exactly the search attributes the workflows use', () => {
      const line = /^SEARCH_ATTRIBUTES="([^"]*)"/m.exec(read('infra/temporal/create-namespace.sh'));
      expect(line).not.toBeNull();
      const registered = (line?.[1] ?? '').split(/\s+/).filter(Boolean).sort();
      const expected = Object.values(SEARCH_ATTRIBUTES).map((a) => `${a.name}:${a.type}`).sort();
      expect(registered).toEqual(expected);
    });

    it('creates the namespace the API and the worker use', () => {
      const job = envOf('temporal-create-namespace');
      expect(job.TEMPORAL_ADDRESS).toBe(envOf('api').TEMPORAL_ADDRESS);
      for (const name of ['api', 'worker']) expect(job.TEMPORAL_NAMESPACE).toBe(envOf(name).TEMPORAL_NAMESPACE);
    });

    it('loads infra/temporal/dynamicconfig/production.yaml into the Temporal server', () => {
      const path = envOf('temporal').DYNAMIC_CONFIG_FILE_PATH;
      const target = mountedAt('temporal', 'infra/temporal/dynamicconfig/production.yaml');
      expect(target).toBeDefined();
      expect(posix.isAbsolute(path) ? path : posix.join('/etc/temporal', path)).toBe(target);
      const config = parse(read('infra/temporal/dynamicconfig/production.yaml')) as Record<string, { value: unknown; constraints?: object }[]>;
      expect(config['frontend.enableExecuteMultiOperation']).toEqual([{ value: true, constraints: {} }]);
      expect(config['system.forceSearchAttributesCacheRefreshOnRead']).toEqual([{ value: true, constraints: {} }]);
    });
  });

  describe('Temporal server', () => {
    it('stores its data in the postgresql service with the postgres12 plugin', () => {
      const env = envOf('temporal');
      expect(env.DB).toBe('postgres12');
      expect(env.POSTGRES_SEEDS).toBe('postgresql');
      expect(env.DB_PORT).toBe('5432');
      expect(env.POSTGRES_USER).toBe('temporal');
      expect(env.POSTGRES_PWD).toMatch(/^\$\{TEMPORAL_DB_PASSWORD:\?/);
      expect(env.BIND_ON_IP).toBe('0.0.0.0');
      expect(env).toHaveProperty('TEMPORAL_BROADCAST_ADDRESS');
      const schemaJob = envOf('temporal-admin-tools');
      expect([schemaJob.POSTGRES_SEEDS, schemaJob.POSTGRES_USER, schemaJob.SQL_PASSWORD]).toEqual([env.POSTGRES_SEEDS, env.POSTGRES_USER, env.POSTGRES_PWD]);
    });
  });

  describe('CIL Flow settings', () => {
    const allowed = new Set(settingNames);

    it.each(APP_SERVICES)('%s uses only settings the config schema defines', (name) => {
      const names = Object.keys(envOf(name));
      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((n) => !allowed.has(n))).toEqual([]);
    });

    it.each(APP_SERVICES)('%s runs with NODE_ENV=production and a configuration that passes validation', (name) => {
      const env = interpolatedEnv(name);
      expect(env.NODE_ENV).toBe('production');
      // Each process with what it needs: the API signs people in and verifies diplomas, the worker issues them.
      const needs = { api: { auth: true, diploma: true, temporal: true }, worker: { diploma: true, temporal: true }, migrate: {} }[name];
      expect(() => parseConfig(env, needs)).not.toThrow();
    });

    it('signs people in with OIDC, with secrets that must come from the deployment', () => {
      const env = envOf('api');
      expect(env.AUTH_MODE).toBe('oidc');
      for (const secret of ['SESSION_SECRET', 'OIDC_CLIENT_SECRET', 'DIPLOMA_SIGNING_KEY', 'PAYLOAD_ENCRYPTION_KEYS']) {
        expect(env[secret]).toMatch(new RegExp(`^\\$\\{${secret}:\\?[^}]*\\}$`));
      }
      expect(parseConfig(interpolatedEnv('api')).auth.mode).toBe('oidc');
    });

    it.each(['api', 'worker', 'migrate'])('%s reaches PostgreSQL through the postgresql service', (name) => {
      const url = new URL(interpolate(envOf(name).DATABASE_URL));
      expect(url.protocol).toMatch(/^postgres(ql)?:$/);
      expect(url.hostname).toBe('postgresql');
      expect(url.port || '5432').toBe('5432');
      expect(url.pathname).toBe('/cil_flow');
      expect(envOf(name).DATABASE_URL).toContain('${CIL_DB_PASSWORD:?');
    });

    it.each(['api', 'worker'])('%s reaches Temporal through its service, and mails through the SMTP server the deployment names', (name) => {
      const env = interpolatedEnv(name);
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(env.TEMPORAL_TASK_QUEUE).toBe(DEFAULT_TASK_QUEUE);
      expect(envOf(name).SMTP_URL).toMatch(/^\$\{SMTP_URL:\?[^}]+\}$/);
      expect(new URL(env.SMTP_URL).protocol).toMatch(/^smtps?:$/);
    });

    it.each(['api', 'worker'])('%s can mail Mailpit when trying the system out (--profile dev, SMTP_URL=smtp://mailpit:1025)', (name) => {
      const env = { ...interpolatedEnv(name), SMTP_URL: 'smtp://mailpit:1025' };
      expect(parseConfig(env).mail.smtpUrl).toBe('smtp://mailpit:1025');
      expect(service('mailpit').profiles).toEqual(['dev']);
      expect(read(COMPOSE_FILE)).toContain('SMTP_URL=smtp://mailpit:1025 docker compose --profile dev up');
    });

    it('lets the worker load the workflow bundle the image builds', () => {
      const dockerfile = read('infra/docker/Dockerfile');
      const workdirs = [...dockerfile.matchAll(/^WORKDIR\s+(\S+)/gm)].map((m) => m[1]);
      expect(envOf('worker').TEMPORAL_WORKFLOW_BUNDLE).toBe(posix.join(workdirs[workdirs.length - 1] ?? '', 'dist/workflow-bundle.js'));
    });
  });
});

describe('infra/temporal/compose.mtls.yml (Temporal with mutual TLS)', () => {
  const TLS_SETTINGS = ['TEMPORAL_TLS_CA', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_SERVER_NAME'];
  const CLIENTS = ['api', 'worker', 'temporal-ui', 'temporal-create-namespace'];
  // The TLS variables the temporalio/server image's configuration template reads.
  const SERVER_TEMPLATE_TLS = [
    'TEMPORAL_TLS_SERVER_CA_CERT', 'TEMPORAL_TLS_SERVER_CERT', 'TEMPORAL_TLS_SERVER_KEY', 'TEMPORAL_TLS_REQUIRE_CLIENT_AUTH',
    'TEMPORAL_TLS_FRONTEND_CERT', 'TEMPORAL_TLS_FRONTEND_KEY', 'TEMPORAL_TLS_CLIENT1_CA_CERT', 'TEMPORAL_TLS_CLIENT2_CA_CERT',
    'TEMPORAL_TLS_INTERNODE_SERVER_NAME', 'TEMPORAL_TLS_FRONTEND_SERVER_NAME',
    'TEMPORAL_TLS_INTERNODE_DISABLE_HOST_VERIFICATION', 'TEMPORAL_TLS_FRONTEND_DISABLE_HOST_VERIFICATION',
  ];
  const mergedEnv = (name: string) => ({ ...interpolatedEnv(name), ...envOf(name, mtls) });
  /** The single folder mounted into a service by the override: [source in the repository, target]. */
  const certMount = (name: string) => {
    const mounts = bindMounts(name, mtls);
    expect(mounts).toHaveLength(1);
    return mounts[0];
  };

  it('adds to services docker-compose.yml defines, and publishes nothing', () => {
    for (const name of Object.keys(mtls.services)) {
      expect(compose.services).toHaveProperty([name]);
      expect(mtls.services[name].ports ?? []).toEqual([]);
    }
    expect(Object.keys(mtls.services).sort()).toEqual([...CLIENTS, 'temporal'].sort());
  });

  it.each(['api', 'worker'])('gives %s TEMPORAL_TLS_CA, _CERT, _KEY and _SERVER_NAME, settings the config schema defines', (name) => {
    const names = Object.keys(envOf(name, mtls));
    expect(names.sort()).toEqual([...TLS_SETTINGS].sort());
    expect(names.filter((n) => !settingNames.includes(n))).toEqual([]);
  });

  it.each(['api', 'worker'])('%s passes validation with it and connects with the CA, its certificate and the server name', (name) => {
    const needs = { api: { auth: true, diploma: true, temporal: true }, worker: { diploma: true, temporal: true } }[name];
    const config = parseConfig(mergedEnv(name), needs);
    const target = certMount(name)[1];
    expect(config.temporal.tls).toEqual({ caPath: `${target}/ca.crt`, certPath: `${target}/client.crt`, keyPath: `${target}/client.key`, serverName: 'temporal' });
    // Without the override: plain gRPC on the compose network.
    expect(parseConfig(interpolatedEnv(name), needs).temporal.tls).toBeUndefined();
  });

  it.each(CLIENTS)('mounts the client certificates read-only into %s, where its TLS settings point', (name) => {
    const [source, target] = certMount(name);
    expect(source).toBe('./.data/temporal-certs/client');
    expect(asList((service(name, mtls).volumes ?? []).map(String))).toEqual([`${source}:${target}:ro`]);
    const env = envOf(name, mtls);
    for (const setting of ['TEMPORAL_TLS_CA', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY']) expect(posix.dirname(env[setting])).toBe(target);
    expect(env.TEMPORAL_TLS_SERVER_NAME).toBe('temporal');
  });

  it('makes the server demand a client certificate on the frontend, and use TLS between its roles', () => {
    const env = envOf('temporal', mtls);
    const [source, target] = certMount('temporal');
    expect(source).toBe('./.data/temporal-certs/server');
    expect(Object.keys(env).filter((n) => !SERVER_TEMPLATE_TLS.includes(n))).toEqual([]);
    expect(env.TEMPORAL_TLS_REQUIRE_CLIENT_AUTH).toBe('true');
    for (const setting of ['TEMPORAL_TLS_SERVER_CA_CERT', 'TEMPORAL_TLS_SERVER_CERT', 'TEMPORAL_TLS_SERVER_KEY', 'TEMPORAL_TLS_FRONTEND_CERT', 'TEMPORAL_TLS_FRONTEND_KEY', 'TEMPORAL_TLS_CLIENT1_CA_CERT']) {
      expect({ setting, dir: posix.dirname(env[setting] ?? '') }).toEqual({ setting, dir: target });
    }
    expect(env.TEMPORAL_TLS_FRONTEND_SERVER_NAME).toBe('temporal');
    // The UI checks the server's name too.
    expect(envOf('temporal-ui', mtls).TEMPORAL_TLS_ENABLE_HOST_VERIFICATION).toBe('true');
  });

  it('passes the TLS settings to every Temporal CLI call of the namespace job', () => {
    const script = read('infra/temporal/create-namespace.sh');
    // One function calls the CLI, and adds the flags.
    expect(script).not.toMatch(/\btemporal operator\b/);
    expect(script.match(/^\s*temporal "\$@"/gm)).toHaveLength(1);
    for (const [setting, flag] of [['TEMPORAL_TLS_CA', '--tls-ca-path'], ['TEMPORAL_TLS_CERT', '--tls-cert-path'], ['TEMPORAL_TLS_KEY', '--tls-key-path'], ['TEMPORAL_TLS_SERVER_NAME', '--tls-server-name']]) {
      expect(script).toContain(`\${${setting}:+${flag} "$${setting}"}`);
    }
    expect(script.match(/temporal_cli operator/g)?.length).toBeGreaterThanOrEqual(5);
  });

  describe('with the certificates infra/temporal/make-dev-certs.sh makes', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'cil-dev-certs-'));
      execFileSync('sh', [join(root, 'infra/temporal/make-dev-certs.sh'), dir], { stdio: 'pipe' });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** A container path of a service, as the file the script wrote. */
    const onHost = (name: string, containerPath: string) => {
      const [source, target] = certMount(name);
      expect(source.startsWith('./.data/temporal-certs/')).toBe(true);
      return join(dir, source.slice('./.data/temporal-certs/'.length), posix.relative(target, containerPath));
    };

    it('writes every file a TLS setting of the override names', () => {
      for (const name of [...CLIENTS, 'temporal']) {
        for (const [setting, value] of Object.entries(envOf(name, mtls))) {
          if (!value.startsWith('/')) continue;
          expect({ name, setting, exists: existsSync(onHost(name, value)) }).toEqual({ name, setting, exists: true });
        }
      }
    });

    it('keeps the CA key out of every mounted folder', () => {
      expect(existsSync(join(dir, 'ca/ca.key'))).toBe(true);
      for (const name of [...CLIENTS, 'temporal']) {
        const folder = dirname(onHost(name, `${certMount(name)[1]}/x`));
        expect({ name, files: readdirSync(folder).sort() }).toEqual({ name, files: name === 'temporal' ? ['ca.crt', 'server.crt', 'server.key'] : ['ca.crt', 'client.crt', 'client.key'] });
      }
    });

    it('issues a server certificate for the name the clients check, and a client certificate, both from the CA', () => {
      const ca = new X509Certificate(readFileSync(join(dir, 'ca/ca.crt')));
      const server = new X509Certificate(readFileSync(onHost('temporal', envOf('temporal', mtls).TEMPORAL_TLS_FRONTEND_CERT)));
      const client = new X509Certificate(readFileSync(onHost('api', envOf('api', mtls).TEMPORAL_TLS_CERT)));
      expect(ca.ca).toBe(true);
      for (const cert of [server, client]) {
        expect(cert.verify(ca.publicKey)).toBe(true);
        expect(cert.ca).toBe(false);
      }
      expect(server.checkHost(envOf('api', mtls).TEMPORAL_TLS_SERVER_NAME)).toBe('temporal');
      expect(server.checkHost(envOf('temporal', mtls).TEMPORAL_TLS_INTERNODE_SERVER_NAME)).toBe('temporal');
      // serverAuth for the frontend; clientAuth because the server's roles present it to each other.
      expect(server.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
      expect(client.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    });

    it('never overwrites an existing CA', () => {
      const before = readFileSync(join(dir, 'ca/ca.crt'), 'utf8');
      expect(() => execFileSync('sh', [join(root, 'infra/temporal/make-dev-certs.sh'), dir], { stdio: 'pipe' })).toThrow(/exists; delete/);
      expect(readFileSync(join(dir, 'ca/ca.crt'), 'utf8')).toBe(before);
    });
  });
});

describe('infra/docker/Dockerfile', () => {
  const dockerfile = read('infra/docker/Dockerfile');
  const stages = dockerfile.split(/^(?=FROM\s)/m).filter((s) => s.startsWith('FROM'));
  const runtime = stages[stages.length - 1] ?? '';
  const build = stages[0] ?? '';

  it('builds in one stage and runs from a slim stage of a supported Node LTS line (24)', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
    for (const stage of stages) expect(stage).toMatch(/^FROM \$\{NODE_IMAGE\}/);
  });

  it('installs without lifecycle scripts and builds with npm run build', () => {
    expect(build).toMatch(/npm ci --ignore-scripts/);
    expect(build).toMatch(/CIL_SKIP_TOOLS_INSTALL=1/);
    expect(build).toMatch(/^RUN npm run build$/m);
  });

  it('ships production dependencies and dist/ only, as the node user', () => {
    expect(runtime).toMatch(/npm ci --omit=dev\b[^\n]*--ignore-scripts/);
    expect(runtime).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(runtime).not.toMatch(/^COPY (?!--from)(?!package\.json)/m);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(runtime).toMatch(/^CMD \["node", "dist\/services\/apps\/api\/main\.js"\]$/m);
  });

  it('copies only sources that exist', () => {
    const sources = [...build.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].trim().split(/\s+/));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'services', 'workflows', 'activities']));
    for (const source of sources) expect({ source, exists: existsSync(join(root, source)) }).toEqual({ source, exists: true });
  });

  it('keeps local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.data', '.tools', '.git', 'coverage', 'bench-results', '.env']));
    for (const needed of ['services', 'workflows', 'activities', 'infra', 'package.json', 'package-lock.json']) {
      expect(ignored).not.toContain(needed);
    }
  });
});
