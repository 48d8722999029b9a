import { embeddedStackEnv, Stack } from './stack.js';
import type { DevPorts } from './ports.js';

const ports: DevPorts = {
  PORT: 14000,
  DEV_POSTGRES_PORT: 14001,
  DEV_TEMPORAL_PORT: 14002,
  DEV_TEMPORAL_UI_PORT: 14003,
  DEV_TEMPORAL_HTTP_PORT: 14004,
  DEV_TEMPORAL_METRICS_PORT: 14005,
  DEV_SMTP_PORT: 14006,
  DEV_MAILBOX_PORT: 14007,
};
const say = () => undefined;

describe('the stack', () => {
  it('starts its own PostgreSQL, Temporal and SMTP where the settings name none', () => {
    const stack = new Stack({ env: embeddedStackEnv({ NODE_ENV: 'development' }, '/tmp/cil-flow-stack-spec', ports), say });
    expect(stack.dataDir).toBe('/tmp/cil-flow-stack-spec');
    expect(stack.apiUrl).toBe('http://127.0.0.1:14000');
    expect(stack.databaseUrl).toBe('postgres://postgres:postgres@127.0.0.1:14001/cil_flow');
    expect(stack.temporalAddress).toBe('127.0.0.1:14002');
    expect(stack.smtpUrl).toBe('smtp://127.0.0.1:14006');
    expect(stack.temporalUiUrl).toBe('http://127.0.0.1:14003');
    expect(stack.mailboxUrl).toBe('http://127.0.0.1:14007');
    expect(() => [stack.postgres, stack.temporal, stack.mail]).not.toThrow();
  });

  it('uses the services the settings name, and starts none of them', () => {
    const env = {
      ...embeddedStackEnv({ NODE_ENV: 'development' }, '/tmp/cil-flow-stack-spec', ports),
      DATABASE_URL: 'postgres://u:p@db.example.test:5432/cil',
      TEMPORAL_ADDRESS: 'temporal.example.test:7233',
      SMTP_URL: 'smtp://mail.example.test:25',
    };
    const stack = new Stack({ env, say });
    expect([stack.databaseUrl, stack.temporalAddress, stack.smtpUrl]).toEqual([env.DATABASE_URL, env.TEMPORAL_ADDRESS, env.SMTP_URL]);
    expect([stack.temporalUiUrl, stack.mailboxUrl]).toEqual([undefined, undefined]);
    expect(() => stack.postgres).toThrow(/DATABASE_URL names one/);
    expect(() => stack.temporal).toThrow(/TEMPORAL_ADDRESS names one/);
    expect(() => stack.mail).toThrow(/SMTP_URL names one/);
  });
});

describe('the settings of an embedded stack', () => {
  it('drops the services named elsewhere and PUBLIC_URL, and sets the data folder, the ports and no rate limits', () => {
    const env = embeddedStackEnv({ DATABASE_URL: 'x', TEMPORAL_ADDRESS: 'x', SMTP_URL: 'x', PUBLIC_URL: 'x', LOG_LEVEL: 'info' }, '/data', ports);
    expect(env).toEqual({
      LOG_LEVEL: 'info',
      DATA_DIR: '/data',
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000000',
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    });
  });
});
