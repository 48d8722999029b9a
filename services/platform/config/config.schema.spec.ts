import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { ConfigError, DEVELOPMENT_SESSION_SECRET, developmentDiplomaKey, developmentDiplomaSeed, developmentPayloadKey, parseConfig, settingNames } from './config.schema.js';

const STRONG = randomBytes(36).toString('base64');
/** What a production start needs besides the OpenID settings. */
const PRODUCTION = { NODE_ENV: 'production', SESSION_SECRET: STRONG, PUBLIC_URL: 'https://cil.example.org' };

const problemsOf = (env: Record<string, string>, options: { auth?: boolean; diploma?: boolean; temporal?: boolean } = {}) => {
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
    expect(problemsOf({ NODE_ENV: 'production', PUBLIC_URL: 'https://cil.example.org' }, { auth: true }).sort()).toEqual(['SESSION_SECRET']);
    expect(problemsOf(PRODUCTION, { auth: true }).sort()).toEqual(['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ISSUER']);
    // The worker signs nobody in: it needs the session secret (task links) but not the OpenID settings.
    expect(problemsOf(PRODUCTION)).toEqual([]);
  });

  it('accepts a complete production configuration', () => {
    const c = parseConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: STRONG,
      OIDC_ISSUER: 'https://auth.dataporten.no',
      OIDC_CLIENT_ID: 'client',
      OIDC_CLIENT_SECRET: 'secret',
      PUBLIC_URL: 'https://cil.example.org/',
    });
    expect(c.auth.mode).toBe('oidc');
    expect(c.publicUrl).toBe('https://cil.example.org');
    expect(c.auth.oidc.redirectUrl).toBe('https://cil.example.org/auth/callback');
  });

  it('refuses weak and published secrets and keys in production, naming the setting', () => {
    expect(problemsOf({ ...PRODUCTION, SESSION_SECRET: 'x' })).toEqual(['SESSION_SECRET']);
    expect(problemsOf({ ...PRODUCTION, SESSION_SECRET: 'x'.repeat(40) })).toEqual(['SESSION_SECRET']);
    expect(problemsOf({ ...PRODUCTION, SESSION_SECRET: DEVELOPMENT_SESSION_SECRET })).toEqual(['SESSION_SECRET']);
    // The development payload key is derived from the published development secret.
    const devPayloadKey = developmentPayloadKey(DEVELOPMENT_SESSION_SECRET).toString('base64');
    expect(problemsOf({ ...PRODUCTION, PAYLOAD_ENCRYPTION_KEYS: `dev:${devPayloadKey}` }, { temporal: true })).toEqual(['PAYLOAD_ENCRYPTION_KEYS']);
    expect(problemsOf({ ...PRODUCTION, PAYLOAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString('base64')}` }, { temporal: true })).toEqual(['PAYLOAD_ENCRYPTION_KEYS']);
    expect(problemsOf({ ...PRODUCTION, PAYLOAD_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}` }, { temporal: true })).toEqual([]);
    const devDiplomaKey = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), developmentDiplomaSeed(DEVELOPMENT_SESSION_SECRET)]);
    const devPem = `-----BEGIN PRIVATE KEY-----\n${devDiplomaKey.toString('base64')}\n-----END PRIVATE KEY-----\n`;
    expect(problemsOf({ ...PRODUCTION, DIPLOMA_SIGNING_KEY: devPem }, { diploma: true })).toEqual(['DIPLOMA_SIGNING_KEY']);
    expect(problemsOf({ ...PRODUCTION, DIPLOMA_SIGNING_KEY: 'not a key' }, { diploma: true })).toEqual(['DIPLOMA_SIGNING_KEY']);
    const realPem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(problemsOf({ ...PRODUCTION, DIPLOMA_SIGNING_KEY: realPem }, { diploma: true })).toEqual([]);
  });

  it('takes earlier diploma keys to verify with (DIPLOMA_VERIFY_KEYS), and refuses the development key among them in production', () => {
    const ed25519Public = () => generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const signing = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const [older, oldest] = [ed25519Public(), ed25519Public()];
    const withKeys = (keys: string, env: Record<string, string> = PRODUCTION) => problemsOf({ ...env, DIPLOMA_SIGNING_KEY: signing, DIPLOMA_VERIFY_KEYS: keys }, { diploma: true });
    expect(withKeys(`${older}${oldest}`)).toEqual([]);
    expect(parseConfig({ DIPLOMA_VERIFY_KEYS: `${older}\n${oldest}` }).diploma.verifyKeyPems).toHaveLength(2);
    expect(parseConfig({ DIPLOMA_VERIFY_KEYS: `${older}${oldest}`.trim().replace(/\n/g, '\\n') }).diploma.verifyKeyPems).toHaveLength(2); // one line, as in .env
    expect(parseConfig({}).diploma.verifyKeyPems).toEqual([]);
    // The development key, as its public or its private half: refused in production, kept elsewhere (a dev system's old credentials).
    const devKey = developmentDiplomaKey(DEVELOPMENT_SESSION_SECRET);
    const devPublic = createPublicKey(devKey).export({ format: 'pem', type: 'spki' }).toString();
    const devPrivate = devKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(withKeys(`${older}${devPublic}`)).toEqual(['DIPLOMA_VERIFY_KEYS']);
    expect(withKeys(devPrivate)).toEqual(['DIPLOMA_VERIFY_KEYS']);
    expect(withKeys(devPublic, {})).toEqual([]);
    // Not keys, or not Ed25519 ones.
    expect(withKeys('not a key')).toEqual(['DIPLOMA_VERIFY_KEYS']);
    expect(withKeys(`${older}, and more ${oldest}`)).toEqual(['DIPLOMA_VERIFY_KEYS']);
    expect(withKeys('-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----')).toEqual(['DIPLOMA_VERIFY_KEYS']);
    expect(withKeys(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }).toString())).toEqual(['DIPLOMA_VERIFY_KEYS']);
  });

  it('wants an https PUBLIC_URL in production (Secure cookies), and says so', () => {
    expect(problemsOf({ ...PRODUCTION, PUBLIC_URL: 'http://cil.example.org' })).toEqual(['PUBLIC_URL']);
    expect(problemsOf({ NODE_ENV: 'production', SESSION_SECRET: STRONG })).toEqual(['PUBLIC_URL']);
    expect(problemsOf({ PUBLIC_URL: 'http://localhost:3000' })).toEqual([]);
  });

  it('listens on this machine only outside production, and has the OpenAPI docs off in production', () => {
    expect(parseConfig({}).host).toBe('127.0.0.1');
    expect(parseConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(parseConfig(PRODUCTION).host).toBe('0.0.0.0');
    expect(parseConfig({}).openApiDocs).toBe(true);
    expect(parseConfig(PRODUCTION).openApiDocs).toBe(false);
    expect(parseConfig({ ...PRODUCTION, OPENAPI_DOCS: 'on' }).openApiDocs).toBe(true);
  });

  it('believes X-Forwarded-For from the proxies TRUST_PROXY names, loopback by default', () => {
    expect(parseConfig({}).trustProxy).toBe('loopback');
    expect(parseConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.5' }).trustProxy).toBe('10.0.0.0/8, 192.168.1.5');
    expect(problemsOf({ TRUST_PROXY: 'everyone' })).toEqual(['TRUST_PROXY']);
  });

  it('takes a Temporal client certificate only with its key', () => {
    expect(problemsOf({ TEMPORAL_TLS_CERT: '/certs/client.pem' })).toEqual(['TEMPORAL_TLS_KEY']);
    expect(parseConfig({ TEMPORAL_TLS_CERT: '/c.pem', TEMPORAL_TLS_KEY: '/k.pem', TEMPORAL_TLS_CA: '/ca.pem' }).temporal.tls).toEqual({ caPath: '/ca.pem', certPath: '/c.pem', keyPath: '/k.pem', serverName: undefined });
    expect(parseConfig({}).temporal.tls).toBeUndefined();
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
