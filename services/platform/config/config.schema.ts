import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root, whether running from source (`services/platform/config`) or from `dist/services/platform/config`. */
export const repoRoot = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  const up = resolve(here, '..', '..', '..');
  return up.endsWith(`${'/'}dist`) || up.endsWith('\\dist') ? resolve(up, '..') : up;
})();

const port = z.coerce.number().int().min(1).max(65_535);
const positiveMs = z.coerce.number().int().min(100);
const hoursSetting = z.coerce.number().min(0).max(1000);
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const optionalUrl = (protocols: string[]) =>
  optionalString.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

/** `name:value,name:value` (values may contain colons) as a record. */
function namedPairs(list: string): Record<string, string> {
  return Object.fromEntries(
    list
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)]),
  );
}

/** The session secret outside production; published in this repository, so refused in production. */
export const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-not-for-production';

/** The payload key used when PAYLOAD_ENCRYPTION_KEYS is empty (outside production). */
export function developmentPayloadKey(sessionSecret: string): Buffer {
  return createHash('sha256').update(`cil-flow payload key:${sessionSecret}`).digest();
}

/** The 32-byte Ed25519 seed of the diploma key used when DIPLOMA_SIGNING_KEY is empty (outside production). */
export function developmentDiplomaSeed(sessionSecret: string): Buffer {
  return createHash('sha256').update(`cil-flow diploma key:${sessionSecret}`).digest();
}

/** DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The diploma signing key used when DIPLOMA_SIGNING_KEY is empty (outside production), from its seed. */
export function developmentDiplomaKey(sessionSecret: string): KeyObject {
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, developmentDiplomaSeed(sessionSecret)]), format: 'der', type: 'pkcs8' });
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/**
 * The PEM blocks in a setting, in order: `-----BEGIN …-----` to `-----END …-----`, one after
 * another (newlines, or `\n` as .env files write them, between and inside them).
 */
export function pemBlocks(text: string): string[] {
  return [...text.replace(/\\n/g, '\n').matchAll(PEM_BLOCK)].map((m) => `${m[0]}\n`);
}

/** Why a production secret is too weak: too short, too few distinct characters, or the published development value. */
function weakSecretProblem(secret: string): string | undefined {
  if (secret === DEVELOPMENT_SESSION_SECRET) return 'is the published development value; set a random one (openssl rand -base64 48)';
  if (secret.length < 32) return `must be at least 32 characters in production (got ${secret.length}; openssl rand -base64 48)`;
  if (new Set(secret).size < 12) return 'is too predictable (fewer than 12 distinct characters); set a random one (openssl rand -base64 48)';
  return undefined;
}

/** The development keys a production start must refuse: derived from the published development secret. */
const DEVELOPMENT_KEYS = {
  payload: developmentPayloadKey(DEVELOPMENT_SESSION_SECRET).toString('base64'),
  diplomaSeed: developmentDiplomaSeed(DEVELOPMENT_SESSION_SECRET).toString('hex'),
  diplomaPublic: createPublicKey(developmentDiplomaKey(DEVELOPMENT_SESSION_SECRET)).export({ format: 'der', type: 'spki' }).toString('hex'),
};

/** The Ed25519 seed of a PKCS#8 PEM, hex; undefined when it is not one. */
function ed25519SeedOf(pem: string): string | undefined {
  try {
    const der = createPrivateKey(pem.replace(/\\n/g, '\n')).export({ format: 'der', type: 'pkcs8' });
    return der.subarray(der.length - 32).toString('hex');
  } catch {
    return undefined;
  }
}

/** The public half (SPKI DER, hex) of an Ed25519 key given as a public or private PEM; undefined when it is not one. */
function ed25519PublicOf(pem: string): string | undefined {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key.export({ format: 'der', type: 'spki' }).toString('hex') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every setting the system reads, with its default. The README's settings table and `.env.example`
 * list the same names; a test checks that docker-compose.yml uses no name outside this schema.
 */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: port.default(3000),
    HOST: optionalString,
    TRUST_PROXY: z
      .string()
      .trim()
      .regex(/^(loopback|linklocal|uniquelocal|\d{1,2}|[0-9a-fA-F:./]+(,\s*[0-9a-fA-F:./]+)*)$/, 'must be loopback, a number of proxy hops, or addresses/CIDRs separated by commas')
      .default('loopback'),
    OPENAPI_DOCS: z.enum(['on', 'off']).optional(),
    PUBLIC_URL: optionalUrl(['http:', 'https:']),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    HTTP_BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 100kb or 1mb')
      .default('100kb'),

    DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
    DB_CONNECT_TIMEOUT_MS: positiveMs.default(30_000),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),

    TEMPORAL_ADDRESS: optionalString,
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('cil-flow'),
    TEMPORAL_CONNECT_TIMEOUT_MS: positiveMs.default(30_000),
    TEMPORAL_WORKFLOW_BUNDLE: optionalString,
    TEMPORAL_WORKER_METRICS_ADDRESS: z
      .string()
      .trim()
      .regex(/^$|^[\w.-]+:\d{1,5}$/, 'must be host:port, such as 127.0.0.1:9464')
      .optional(),
    PAYLOAD_ENCRYPTION_KEYS: z
      .string()
      .trim()
      .regex(/^$|^[A-Za-z0-9_-]+:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]+:[A-Za-z0-9+/]{43}=)*$/, 'must be keyId:base64 pairs of 32-byte keys, separated by commas (openssl rand -base64 32)')
      .default(''),
    PAYLOAD_ENCRYPTION_KEY_ID: optionalString,
    TEMPORAL_TLS_CA: optionalString,
    TEMPORAL_TLS_CERT: optionalString,
    TEMPORAL_TLS_KEY: optionalString,
    TEMPORAL_TLS_SERVER_NAME: optionalString,
    TEMPORAL_CLI_PATH: optionalString,
    TEMPORAL_TEST_SERVER_PATH: optionalString,

    SMTP_URL: optionalUrl(['smtp:', 'smtps:']),
    MAIL_FROM: z.string().min(3).default('CIL Flow <cil-flow@example.org>'),
    MAIL_RETRY_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),

    AUTH_MODE: z.enum(['dev', 'oidc']).optional(),
    SESSION_SECRET: optionalString,
    SESSION_TTL_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(12),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
    RATE_LIMIT_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
    OIDC_ISSUER: optionalUrl(['http:', 'https:']),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_SCOPES: z.string().min(1).default('openid email profile'),
    OIDC_REDIRECT_URL: optionalUrl(['http:', 'https:']),

    TASK_REMINDER_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
    TASK_ESCALATION_WORKING_DAYS: z.coerce.number().int().min(1).max(120).default(10),
    TASK_LINK_TTL_HOURS: z.coerce.number().min(1).max(24 * 90).default(24 * 21),

    RESOURCE_WORKSHOP_HOURS: hoursSetting.default(4),
    RESOURCE_CALIBRATION_MEETING_HOURS: hoursSetting.default(2),
    RESOURCE_CALIBRATION_MEETINGS: z.coerce.number().int().min(1).max(2).default(2),
    RESOURCE_INFORMATION_WORK_HOURS: hoursSetting.default(15),
    RESOURCE_FOLLOW_UP_HOURS_PER_STUDENT: hoursSetting.default(1),
    RESOURCE_REVIEW_MEETING_HOURS: hoursSetting.default(2),
    RESOURCE_REVIEW_MEETINGS_PER_SEMESTER: z.coerce.number().int().min(1).max(2).default(2),
    RESOURCE_ACTIVITY_ASSESSMENT_HOURS: hoursSetting.default(4),
    RESOURCE_LOCAL_GROUP_SIZE: z.coerce.number().int().min(4).max(10).default(5),

    AGENDA_DAYS_BEFORE: z.coerce.number().min(0).max(400).default(7),
    STUDY_DEFAULT_YEARS: z.coerce.number().min(0.5).max(10).default(3),
    INACTIVITY_GRACE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    REFLECTION_MIN_CHARS: z.coerce.number().int().min(0).max(20_000).default(200),
    REPORT_MIN_CHARS: z.coerce.number().int().min(0).max(100_000).default(1000),
    EVENT_SOURCES: z
      .string()
      .trim()
      .regex(/^$|^[a-z0-9-]+:[^,\s]{16,}(,[a-z0-9-]+:[^,\s]{16,})*$/, 'must be source:secret pairs separated by commas (secrets of 16 characters or more)')
      .default(''),
    EVENT_MAX_SKEW_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
    DIPLOMA_SIGNING_KEY: optionalString,
    DIPLOMA_VERIFY_KEYS: z
      .string()
      .trim()
      .refine((v) => v.replace(/\\n/g, '\n').replace(PEM_BLOCK, '').trim() === '', { message: 'must be PEM keys (Ed25519, public or private) one after another, nothing between them but newlines' })
      .default(''),
    DIPLOMA_ISSUER_NAME: z.string().min(2).default('OsloMet – Oslo Metropolitan University'),

    DATA_DIR: optionalString,
    DEV_POSTGRES_PORT: port.default(54_329),
    DEV_TEMPORAL_PORT: port.default(7233),
    DEV_TEMPORAL_UI_PORT: port.default(8233),
    DEV_TEMPORAL_HTTP_PORT: port.default(7243),
    DEV_TEMPORAL_METRICS_PORT: port.default(8234),
    DEV_SMTP_PORT: port.default(2525),
    DEV_MAILBOX_PORT: port.default(8025),
  })
  .superRefine((c, ctx) => {
    const production = c.NODE_ENV === 'production';
    const mode = c.AUTH_MODE ?? (production ? 'oidc' : 'dev');
    if (production && mode === 'dev') {
      ctx.addIssue({ code: 'custom', path: ['AUTH_MODE'], message: 'dev sign-in is refused when NODE_ENV=production; use oidc' });
    }
    // Sessions and task links are signed with it, by the API and the worker alike.
    if (production && !c.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'must be set (at least 32 characters) in production' });
    } else if (production && c.SESSION_SECRET) {
      const weak = weakSecretProblem(c.SESSION_SECRET);
      if (weak) ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: weak });
    }
    // Without https the session cookie is sent in clear and lacks Secure.
    if (production && c.PUBLIC_URL && !c.PUBLIC_URL.startsWith('https://')) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'must be an https:// URL in production (cookies are Secure only over https)' });
    }
    if (production && !c.PUBLIC_URL) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'must be set in production: the https:// address people open' });
    }
    if (Boolean(c.TEMPORAL_TLS_CERT) !== Boolean(c.TEMPORAL_TLS_KEY)) {
      ctx.addIssue({ code: 'custom', path: [c.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT'], message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (the client certificate and its key)' });
    }
    const kids = Object.keys(namedPairs(c.PAYLOAD_ENCRYPTION_KEYS));
    if (c.PAYLOAD_ENCRYPTION_KEY_ID && !kids.includes(c.PAYLOAD_ENCRYPTION_KEY_ID)) {
      ctx.addIssue({ code: 'custom', path: ['PAYLOAD_ENCRYPTION_KEY_ID'], message: 'must name one of the keys in PAYLOAD_ENCRYPTION_KEYS' });
    }
    if (c.TASK_ESCALATION_WORKING_DAYS <= c.TASK_REMINDER_WORKING_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['TASK_ESCALATION_WORKING_DAYS'], message: 'must be later than TASK_REMINDER_WORKING_DAYS' });
    }
  })
  .transform((c) => {
    const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
    return {
      nodeEnv: c.NODE_ENV,
      production: c.NODE_ENV === 'production',
      port: c.PORT,
      // Outside production only this machine reaches the API (it offers the dev sign-in).
      host: c.HOST ?? (c.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
      // Whose X-Forwarded-For is believed: the client address that rate limits and logs use.
      trustProxy: /^\d+$/.test(c.TRUST_PROXY) ? Number(c.TRUST_PROXY) : c.TRUST_PROXY,
      openApiDocs: (c.OPENAPI_DOCS ?? (c.NODE_ENV === 'production' ? 'off' : 'on')) === 'on',
      publicUrl,
      logLevel: c.LOG_LEVEL,
      httpBodyLimit: c.HTTP_BODY_LIMIT,
      database: { url: c.DATABASE_URL, connectTimeoutMs: c.DB_CONNECT_TIMEOUT_MS, poolSize: c.DB_POOL_SIZE },
      temporal: {
        address: c.TEMPORAL_ADDRESS,
        namespace: c.TEMPORAL_NAMESPACE,
        taskQueue: c.TEMPORAL_TASK_QUEUE,
        connectTimeoutMs: c.TEMPORAL_CONNECT_TIMEOUT_MS,
        workflowBundle: c.TEMPORAL_WORKFLOW_BUNDLE,
        workerMetricsAddress: c.TEMPORAL_WORKER_METRICS_ADDRESS || undefined,
        cliPath: c.TEMPORAL_CLI_PATH,
        testServerPath: c.TEMPORAL_TEST_SERVER_PATH,
        encryptionKeys: namedPairs(c.PAYLOAD_ENCRYPTION_KEYS),
        encryptionKeyId: c.PAYLOAD_ENCRYPTION_KEY_ID,
        // In production only payloads encrypted with a known key are accepted (see encryption.codec.ts).
        refuseUnencrypted: c.NODE_ENV === 'production',
        tls:
          c.TEMPORAL_TLS_CA || c.TEMPORAL_TLS_CERT
            ? { caPath: c.TEMPORAL_TLS_CA, certPath: c.TEMPORAL_TLS_CERT, keyPath: c.TEMPORAL_TLS_KEY, serverName: c.TEMPORAL_TLS_SERVER_NAME }
            : undefined,
      },
      mail: { smtpUrl: c.SMTP_URL, from: c.MAIL_FROM, retryMaxSeconds: c.MAIL_RETRY_MAX_SECONDS },
      auth: {
        mode: c.AUTH_MODE ?? (c.NODE_ENV === 'production' ? 'oidc' : 'dev'),
        // Outside production a fixed secret keeps dev sessions alive across restarts.
        sessionSecret: c.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
        sessionTtlHours: c.SESSION_TTL_HOURS,
        rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
        signInRateLimitPerMinute: c.RATE_LIMIT_SIGN_IN_PER_MINUTE,
        oidc: {
          issuer: c.OIDC_ISSUER,
          clientId: c.OIDC_CLIENT_ID,
          clientSecret: c.OIDC_CLIENT_SECRET,
          scopes: c.OIDC_SCOPES,
          redirectUrl: c.OIDC_REDIRECT_URL ?? `${publicUrl}/auth/callback`,
        },
      },
      tasks: {
        reminderWorkingDays: c.TASK_REMINDER_WORKING_DAYS,
        escalationWorkingDays: c.TASK_ESCALATION_WORKING_DAYS,
        linkTtlHours: c.TASK_LINK_TTL_HOURS,
      },
      resourceModel: {
        workshopHours: c.RESOURCE_WORKSHOP_HOURS,
        calibrationMeetingHours: c.RESOURCE_CALIBRATION_MEETING_HOURS,
        calibrationMeetings: c.RESOURCE_CALIBRATION_MEETINGS,
        informationWorkHours: c.RESOURCE_INFORMATION_WORK_HOURS,
        followUpHoursPerStudentPerSemester: c.RESOURCE_FOLLOW_UP_HOURS_PER_STUDENT,
        reviewMeetingHours: c.RESOURCE_REVIEW_MEETING_HOURS,
        reviewMeetingsPerSemester: c.RESOURCE_REVIEW_MEETINGS_PER_SEMESTER,
        activityAssessmentHoursPerSemester: c.RESOURCE_ACTIVITY_ASSESSMENT_HOURS,
        localGroupSize: c.RESOURCE_LOCAL_GROUP_SIZE,
      },
      certificates: {
        agendaDaysBefore: c.AGENDA_DAYS_BEFORE,
        studyDefaultYears: c.STUDY_DEFAULT_YEARS,
        inactivityGraceDays: c.INACTIVITY_GRACE_DAYS,
        reflectionMinChars: c.REFLECTION_MIN_CHARS,
        reportMinChars: c.REPORT_MIN_CHARS,
      },
      events: {
        sources: namedPairs(c.EVENT_SOURCES),
        maxSkewSeconds: c.EVENT_MAX_SKEW_SECONDS,
      },
      // Signs new credentials; DIPLOMA_VERIFY_KEYS are the older (or coming) keys that credentials also verify with.
      diploma: { signingKeyPem: c.DIPLOMA_SIGNING_KEY, verifyKeyPems: pemBlocks(c.DIPLOMA_VERIFY_KEYS), issuerName: c.DIPLOMA_ISSUER_NAME },
      dev: {
        dataDir: resolve(c.DATA_DIR ?? resolve(repoRoot, '.data')),
        postgresPort: c.DEV_POSTGRES_PORT,
        temporalPort: c.DEV_TEMPORAL_PORT,
        temporalUiPort: c.DEV_TEMPORAL_UI_PORT,
        temporalHttpPort: c.DEV_TEMPORAL_HTTP_PORT,
        temporalMetricsPort: c.DEV_TEMPORAL_METRICS_PORT,
        smtpPort: c.DEV_SMTP_PORT,
        mailboxPort: c.DEV_MAILBOX_PORT,
      },
    } as const;
  });

export type AppConfig = z.output<typeof configSchema>;
export type AuthMode = AppConfig['auth']['mode'];

/** The names of every setting, for documentation checks. */
export const settingNames: string[] = Object.keys(configSchema.in.shape);

export class ConfigError extends Error {
  constructor(readonly problems: { setting: string; message: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p.setting}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * What the API needs to sign people in: the OpenID provider in oidc mode, and a real session
 * secret in production. Checked by the API only; the worker and migrations sign nobody in.
 */
export function authProblems(c: AppConfig): { setting: string; message: string }[] {
  const problems: { setting: string; message: string }[] = [];
  if (c.auth.mode === 'oidc') {
    const { issuer, clientId, clientSecret } = c.auth.oidc;
    if (!issuer) problems.push({ setting: 'OIDC_ISSUER', message: 'is required when AUTH_MODE=oidc' });
    if (!clientId) problems.push({ setting: 'OIDC_CLIENT_ID', message: 'is required when AUTH_MODE=oidc' });
    if (!clientSecret) problems.push({ setting: 'OIDC_CLIENT_SECRET', message: 'is required when AUTH_MODE=oidc' });
  }
  return problems;
}

/** Parses settings from an environment; throws a ConfigError naming each bad setting. */
export interface ConfigNeeds {
  /** The API signs people in. */
  auth?: boolean;
  /** The API verifies and the worker issues diplomas. */
  diploma?: boolean;
  /** The API and the worker exchange payloads with Temporal (encrypted). */
  temporal?: boolean;
}

export function parseConfig(env: Record<string, string | undefined>, options: ConfigNeeds = {}): AppConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => ({ setting: String(i.path[0] ?? '(settings)'), message: i.message })));
  }
  const problems = options.auth ? authProblems(result.data) : [];
  if (options.diploma && result.data.production && !result.data.diploma.signingKeyPem) {
    problems.push({ setting: 'DIPLOMA_SIGNING_KEY', message: 'must be set in production (an Ed25519 private key, PKCS#8 PEM)' });
  }
  if (options.diploma && result.data.production && result.data.diploma.signingKeyPem) {
    const seed = ed25519SeedOf(result.data.diploma.signingKeyPem);
    if (seed === undefined) problems.push({ setting: 'DIPLOMA_SIGNING_KEY', message: 'is not a PKCS#8 PEM private key (openssl genpkey -algorithm ed25519)' });
    else if (seed === DEVELOPMENT_KEYS.diplomaSeed) problems.push({ setting: 'DIPLOMA_SIGNING_KEY', message: 'is the development key; generate one (openssl genpkey -algorithm ed25519)' });
  }
  // Every key a credential verifies with is checked as the signing key is: a production system
  // that accepted the (published) development key would accept credentials anyone can sign.
  if (options.diploma) {
    result.data.diploma.verifyKeyPems.forEach((pem, i) => {
      const publicKey = ed25519PublicOf(pem);
      if (publicKey === undefined) problems.push({ setting: 'DIPLOMA_VERIFY_KEYS', message: `key ${i + 1} is not an Ed25519 key in PEM (public or private; openssl pkey -in old.pem -pubout)` });
      else if (result.data.production && publicKey === DEVELOPMENT_KEYS.diplomaPublic) problems.push({ setting: 'DIPLOMA_VERIFY_KEYS', message: `key ${i + 1} is the development key; a production system must not accept credentials it signed` });
    });
  }
  if (options.temporal && result.data.production && Object.keys(result.data.temporal.encryptionKeys).length === 0) {
    problems.push({ setting: 'PAYLOAD_ENCRYPTION_KEYS', message: 'must be set in production (keyId:base64 of 32 random bytes)' });
  }
  if (options.temporal && result.data.production) {
    for (const [kid, key] of Object.entries(result.data.temporal.encryptionKeys)) {
      if (key === DEVELOPMENT_KEYS.payload) problems.push({ setting: 'PAYLOAD_ENCRYPTION_KEYS', message: `key ${kid} is the development key; generate one (openssl rand -base64 32)` });
      else if (new Set(Buffer.from(key, 'base64')).size < 8) problems.push({ setting: 'PAYLOAD_ENCRYPTION_KEYS', message: `key ${kid} is not random (openssl rand -base64 32)` });
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return result.data;
}

/** Like parseConfig, but a bad setting stops the process with a message that names it. */
export function loadConfig(env: Record<string, string | undefined> = process.env, options: ConfigNeeds = {}): AppConfig {
  try {
    return parseConfig(env, options);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee README.md, "Settings", for every setting and its default.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

/** The database URL, or a clear error naming the setting when it is missing. */
export function requireDatabaseUrl(config: AppConfig): string {
  if (!config.database.url) {
    throw new ConfigError([{ setting: 'DATABASE_URL', message: 'is required for this process (npm start provides an embedded one)' }]);
  }
  return config.database.url;
}

export function requireTemporalAddress(config: AppConfig): string {
  return config.temporal.address ?? 'localhost:7233';
}
