import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { expect, jest } from '@jest/globals';
import { Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { parseConfig } from '../../services/platform/config/config.schema.js';
import { temporalTlsFor } from '../../services/platform/temporal/temporal-connect.js';
import { localTestEnv } from '../support/temporal.js';

jest.setTimeout(60_000);

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The certificates infra/temporal/make-dev-certs.sh makes, used the way the API (Connection) and
 * the worker (NativeConnection) use TEMPORAL_TLS_*, against a Temporal dev server behind a proxy
 * that demands a client certificate signed by the CA, as the server does with
 * TEMPORAL_TLS_REQUIRE_CLIENT_AUTH=true (infra/temporal/compose.mtls.yml).
 */
describe('Temporal over mutual TLS with the development certificates', () => {
  let env: TestWorkflowEnvironment;
  let dir: string;
  let proxy: Server;
  let address: string;
  const clientsSeen: { authorized: boolean; subject?: string }[] = [];
  const certs = (path: string) => join(dir, path);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cil-mtls-'));
    execFileSync('sh', [join(root, 'infra/temporal/make-dev-certs.sh'), dir], { stdio: 'pipe' });
    env = await localTestEnv();
    const [host, port] = [env.address.slice(0, env.address.lastIndexOf(':')), Number(env.address.slice(env.address.lastIndexOf(':') + 1))];
    proxy = createServer(
      {
        key: readFileSync(certs('server/server.key')),
        cert: readFileSync(certs('server/server.crt')),
        ca: readFileSync(certs('server/ca.crt')),
        requestCert: true,
        rejectUnauthorized: true,
        ALPNProtocols: ['h2'],
      },
      (socket: TLSSocket) => {
        const cn = socket.getPeerCertificate()?.subject?.CN;
        clientsSeen.push({ authorized: socket.authorized, subject: Array.isArray(cn) ? cn.join(',') : cn });
        const upstream = netConnect(port, host);
        socket.pipe(upstream).pipe(socket);
        const close = () => {
          socket.destroy();
          upstream.destroy();
        };
        socket.on('error', close);
        upstream.on('error', close);
      },
    );
    proxy.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    address = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => proxy?.close(r));
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  const settings = (extra: Record<string, string> = {}) =>
    parseConfig({
      NODE_ENV: 'test',
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TLS_CA: certs('client/ca.crt'),
      TEMPORAL_TLS_CERT: certs('client/client.crt'),
      TEMPORAL_TLS_KEY: certs('client/client.key'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal',
      ...extra,
    });

  it('connects the API client (Connection) with the client certificate', async () => {
    const connection = await Connection.connect({ address, tls: temporalTlsFor(settings()), connectTimeout: 5_000 });
    try {
      const { namespaceInfo } = await connection.workflowService.describeNamespace({ namespace: 'default' });
      expect(namespaceInfo?.name).toBe('default');
    } finally {
      await connection.close();
    }
    expect(clientsSeen.at(-1)).toEqual({ authorized: true, subject: 'cil-flow' });
  });

  it('connects the worker (NativeConnection) with the client certificate', async () => {
    const connection = await NativeConnection.connect({ address, tls: temporalTlsFor(settings()) });
    try {
      const { namespaceInfo } = await connection.workflowService.describeNamespace({ namespace: 'default' });
      expect(namespaceInfo?.name).toBe('default');
    } finally {
      await connection.close();
    }
    expect(clientsSeen.at(-1)).toEqual({ authorized: true, subject: 'cil-flow' });
  });

  it('is turned away without a client certificate, and without TLS', async () => {
    const caOnly = temporalTlsFor(settings({ TEMPORAL_TLS_CERT: '', TEMPORAL_TLS_KEY: '' }));
    expect(caOnly?.clientCertPair).toBeUndefined();
    await expect(NativeConnection.connect({ address, tls: caOnly })).rejects.toThrow();
    await expect(NativeConnection.connect({ address })).rejects.toThrow();
  });

  it('checks the server certificate against the CA and the server name', async () => {
    await expect(NativeConnection.connect({ address, tls: temporalTlsFor(settings({ TEMPORAL_TLS_SERVER_NAME: 'not-temporal' })) })).rejects.toThrow();
    const otherCa = mkdtempSync(join(tmpdir(), 'cil-mtls-other-'));
    try {
      execFileSync('sh', [join(root, 'infra/temporal/make-dev-certs.sh'), otherCa], { stdio: 'pipe' });
      await expect(NativeConnection.connect({ address, tls: temporalTlsFor(settings({ TEMPORAL_TLS_CA: join(otherCa, 'client/ca.crt') })) })).rejects.toThrow();
    } finally {
      rmSync(otherCa, { recursive: true, force: true });
    }
  });
});
