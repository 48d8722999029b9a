import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../config/config.schema.js';
import { temporalTlsFor } from './temporal-connect.js';

const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${Buffer.from(body).toString('base64')}\n-----END ${label}-----\n`;

describe('temporalTlsFor (TEMPORAL_TLS_*)', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cil-tls-'));
    writeFileSync(file('ca.crt'), pem('CERTIFICATE', 'the CA'));
    writeFileSync(file('client.crt'), pem('CERTIFICATE', 'the client'));
    writeFileSync(file('client.key'), pem('PRIVATE KEY', 'the key'));
    writeFileSync(file('not-a-pem.txt'), 'hello');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tlsOf = (env: Record<string, string>) => temporalTlsFor(parseConfig({ NODE_ENV: 'test', ...env }));
  const text = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString() : undefined);

  it('connects without TLS when no CA and no client certificate are set', () => {
    expect(tlsOf({})).toBeUndefined();
  });

  it('gives the SDK the CA, the client certificate pair and the server name (mTLS)', () => {
    const tls = tlsOf({ TEMPORAL_TLS_CA: file('ca.crt'), TEMPORAL_TLS_CERT: file('client.crt'), TEMPORAL_TLS_KEY: file('client.key'), TEMPORAL_TLS_SERVER_NAME: 'temporal' });
    expect(text(tls?.serverRootCACertificate)).toBe(pem('CERTIFICATE', 'the CA'));
    expect(text(tls?.clientCertPair?.crt)).toBe(pem('CERTIFICATE', 'the client'));
    expect(text(tls?.clientCertPair?.key)).toBe(pem('PRIVATE KEY', 'the key'));
    expect(tls?.serverNameOverride).toBe('temporal');
  });

  it('does server-only TLS with just a CA, and mTLS against publicly trusted servers without one', () => {
    const caOnly = tlsOf({ TEMPORAL_TLS_CA: file('ca.crt') });
    expect(Object.keys(caOnly ?? {})).toEqual(['serverRootCACertificate']);
    const certOnly = tlsOf({ TEMPORAL_TLS_CERT: file('client.crt'), TEMPORAL_TLS_KEY: file('client.key') });
    expect(Object.keys(certOnly ?? {})).toEqual(['clientCertPair']);
  });

  it.each([
    ['TEMPORAL_TLS_CA', { TEMPORAL_TLS_CA: 'missing-ca.crt' }],
    ['TEMPORAL_TLS_CERT', { TEMPORAL_TLS_CERT: 'missing-client.crt', TEMPORAL_TLS_KEY: 'client.key' }],
    ['TEMPORAL_TLS_KEY', { TEMPORAL_TLS_CERT: 'client.crt', TEMPORAL_TLS_KEY: 'missing-client.key' }],
  ])('names %s and the path when its file cannot be read', (setting, names: Record<string, string>) => {
    const env = Object.fromEntries(Object.entries(names).map(([k, v]) => [k, file(v)]));
    const missing = Object.values(env).find((p) => p.includes('missing'))!;
    expect(() => tlsOf(env)).toThrow(`${setting}: cannot read ${missing} (ENOENT)`);
  });

  it('refuses a file that is not PEM, naming the setting', () => {
    expect(() => tlsOf({ TEMPORAL_TLS_CA: file('not-a-pem.txt') })).toThrow(`TEMPORAL_TLS_CA: ${file('not-a-pem.txt')} is not a PEM file`);
  });

  it('wants the client certificate and its key together', () => {
    expect(() => temporalTlsFor({ temporal: { tls: { certPath: file('client.crt') } } } as never)).toThrow(/TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together/);
  });
});
