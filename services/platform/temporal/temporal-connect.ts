import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { AppConfig } from '../config/config.schema.js';
import { retryWithin } from '../retry.js';

/**
 * Retries `connect` until it succeeds or `timeoutMs` has passed, then throws an error that names
 * the address and the settings involved.
 */
export async function connectTemporalWithin<T>(connect: () => Promise<T>, address: string, timeoutMs: number, log?: (msg: string) => void): Promise<T> {
  try {
    return await retryWithin(connect, timeoutMs, () => log?.(`Temporal at ${address} not reachable yet; retrying for up to ${timeoutMs} ms`));
  } catch (err) {
    throw new Error(`Could not reach Temporal at ${address} within ${timeoutMs} ms (TEMPORAL_ADDRESS, TEMPORAL_CONNECT_TIMEOUT_MS): ${(err as Error).message}`, { cause: err });
  }
}

/** A PEM file named by a setting; the error names the setting and the path. */
function readPem(setting: string, path: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (err) {
    throw new Error(`${setting}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  if (!pem.toString('latin1').includes('-----BEGIN ')) throw new Error(`${setting}: ${path} is not a PEM file`);
  return pem;
}

/**
 * The TLS settings of every connection to Temporal (API, worker): TEMPORAL_TLS_CA (the CA that
 * signed the server's certificate; without it the system's trusted CAs), TEMPORAL_TLS_CERT and
 * TEMPORAL_TLS_KEY (the client certificate for mTLS), TEMPORAL_TLS_SERVER_NAME (the name the
 * server's certificate carries, when it is not the host of TEMPORAL_ADDRESS). Undefined (plain
 * gRPC) when neither a CA nor a client certificate is set. Reads the files now, so a missing one
 * stops the process at start with the setting's name.
 */
export function temporalTlsFor(config: Pick<AppConfig, 'temporal'>): TLSConfig | undefined {
  const tls = config.temporal.tls;
  if (!tls) return undefined;
  if (Boolean(tls.certPath) !== Boolean(tls.keyPath)) {
    throw new Error('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (the client certificate and its key)');
  }
  return {
    ...(tls.caPath ? { serverRootCACertificate: readPem('TEMPORAL_TLS_CA', tls.caPath) } : {}),
    ...(tls.certPath && tls.keyPath ? { clientCertPair: { crt: readPem('TEMPORAL_TLS_CERT', tls.certPath), key: readPem('TEMPORAL_TLS_KEY', tls.keyPath) } } : {}),
    ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
  };
}
