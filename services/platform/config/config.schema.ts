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

/**
 * Every setting the system reads, with its default. The README's settings table and `.env.example`
 * list the same names; a test checks that docker-compose.yml uses no name outside this schema.
 */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: port.default(3000),
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
    PAYLOAD_ENCRYPTION_KEYS: z
      .string()
      .trim()
      .regex(/^$|^[A-Za-z0-9_-]+:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]+:[A-Za-z0-9+/]{43}=)*$/, 'must be keyId:base64 pairs of 32-byte keys, separated by commas (openssl rand -base64 32)')
      .default(''),
    PAYLOAD_ENCRYPTION_KEY_ID: optionalString,
    TEMPORAL_CLI_PATH: optionalString,
    TEMPORAL_TEST_SERVER_PATH: optionalString,

    SMTP_URL: optionalUrl(['smtp:', 'smtps:']),
    MAIL_FROM: z.string().min(3).default('CIL Flow <cil-flow@example.org>'),
    MAIL_RETRY_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),

    AUTH_MODE: z.enum(['dev', 'oidc']).optional(),
    SESSION_SECRET: optionalString,
    SESSION_TTL_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(12),
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
        cliPath: c.TEMPORAL_CLI_PATH,
        testServerPath: c.TEMPORAL_TEST_SERVER_PATH,
        encryptionKeys: namedPairs(c.PAYLOAD_ENCRYPTION_KEYS),
        encryptionKeyId: c.PAYLOAD_ENCRYPTION_KEY_ID,
      },
      mail: { smtpUrl: c.SMTP_URL, from: c.MAIL_FROM, retryMaxSeconds: c.MAIL_RETRY_MAX_SECONDS },
      auth: {
        mode: c.AUTH_MODE ?? (c.NODE_ENV === 'production' ? 'oidc' : 'dev'),
        // Outside production a fixed secret keeps dev sessions alive across restarts.
        sessionSecret: c.SESSION_SECRET ?? 'development-only-session-secret-not-for-production',
        sessionTtlHours: c.SESSION_TTL_HOURS,
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
      diploma: { signingKeyPem: c.DIPLOMA_SIGNING_KEY, issuerName: c.DIPLOMA_ISSUER_NAME },
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
  if (options.temporal && result.data.production && Object.keys(result.data.temporal.encryptionKeys).length === 0) {
    problems.push({ setting: 'PAYLOAD_ENCRYPTION_KEYS', message: 'must be set in production (keyId:base64 of 32 random bytes)' });
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
