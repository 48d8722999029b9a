import { ConfigError, parseConfig, settingNames } from './config.schema.js';

const problemsOf = (env: Record<string, string>, options: { auth?: boolean } = {}) => {
  try {
    parseConfig(env, options);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems.map((p) => p.setting);
  }
};

describe('configuration', () => {
  it('has a default for everything in development', () => {
    const c = parseConfig({});
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.auth.mode).toBe('dev');
    expect(c.temporal.namespace).toBe('default');
    expect(c.temporal.taskQueue).toBe('cil-flow');
    expect(c.dev.dataDir).toMatch(/\.data$/);
  });

  it('names each bad setting', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual(['PORT']);
    expect(problemsOf({ PORT: '70000', LOG_LEVEL: 'loud' }).sort()).toEqual(['LOG_LEVEL', 'PORT']);
    expect(problemsOf({ DATABASE_URL: 'mysql://x' })).toEqual(['DATABASE_URL']);
    expect(problemsOf({ SMTP_URL: 'http://mail' })).toEqual(['SMTP_URL']);
    expect(problemsOf({ HTTP_BODY_LIMIT: 'lots' })).toEqual(['HTTP_BODY_LIMIT']);
  });

  it('refuses dev sign-in in production and asks for what OIDC needs', () => {
    const problems = problemsOf({ NODE_ENV: 'production', AUTH_MODE: 'dev' });
    expect(problems).toContain('AUTH_MODE');
    expect(problemsOf({ NODE_ENV: 'production' }, { auth: true }).sort()).toEqual(['SESSION_SECRET']);
    expect(problemsOf({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }, { auth: true }).sort()).toEqual(['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ISSUER']);
    // The worker signs nobody in: it needs the session secret (task links) but not the OpenID settings.
    expect(problemsOf({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) })).toEqual([]);
  });

  it('accepts a complete production configuration', () => {
    const c = parseConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      OIDC_ISSUER: 'https://auth.dataporten.no',
      OIDC_CLIENT_ID: 'client',
      OIDC_CLIENT_SECRET: 'secret',
      PUBLIC_URL: 'https://cil.example.org/',
    });
    expect(c.auth.mode).toBe('oidc');
    expect(c.publicUrl).toBe('https://cil.example.org');
    expect(c.auth.oidc.redirectUrl).toBe('https://cil.example.org/auth/callback');
  });

  it('wants escalation after the reminder', () => {
    expect(problemsOf({ TASK_REMINDER_WORKING_DAYS: '5', TASK_ESCALATION_WORKING_DAYS: '5' })).toEqual(['TASK_ESCALATION_WORKING_DAYS']);
    expect(parseConfig({}).tasks).toEqual({ reminderWorkingDays: 5, escalationWorkingDays: 10, linkTtlHours: 504 });
  });

  it('treats empty values as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', TEMPORAL_ADDRESS: '' }).database.url).toBeUndefined();
  });

  it('lists its setting names', () => {
    expect(settingNames).toEqual(expect.arrayContaining(['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'SMTP_URL', 'PORT', 'DATA_DIR']));
  });
});
