import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

const { temporal } = proto; // a CommonJS module: no named exports under Node's ESM loader
import { developmentPayloadKey, type AppConfig } from '../config/config.schema.js';
import { REFUSED_UNENCRYPTED_ENCODING } from '../../../workflows/shared/refused-payload.js';
import { payloadConverterPath } from './workflow-source.js';

const ENCODING = 'binary/encrypted';
const CIPHER = 'AES256GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const enc = (s: string) => encoder.encode(s);
const dec = (b: Uint8Array | null | undefined) => (b ? decoder.decode(b) : '');
/** The metadata values every encrypted payload carries, encoded once (each payload gets a copy). */
const ENCODING_BYTES = enc(ENCODING);
const CIPHER_BYTES = enc(CIPHER);
/** Random bytes for this many IVs are drawn at a time, each IV used once. */
const IVS_PER_DRAW = 256;

const sameBytes = (a: Uint8Array | null | undefined, b: Uint8Array) => !!a && a.length === b.length && a.every((v, i) => v === b[i]);

/** What strict mode leaves of a payload it refuses: the marker encoding, none of the content. */
const refusedPayload = (): Payload => ({ metadata: { encoding: enc(REFUSED_UNENCRYPTED_ENCODING) }, data: new Uint8Array() });

export interface PayloadCodecOptions {
  /**
   * Strict mode (production): a payload that is not encrypted, or that names a known key but does
   * not authenticate with it, is decoded as a refused payload (workflows/shared/refused-payload.ts)
   * instead of being passed on. The worker's interceptors then refuse the update, drop the signal
   * or fail the workflow it came with, without failing a workflow task.
   */
  refuseUnencrypted?: boolean;
}

/**
 * Encrypts every payload that goes to Temporal (inputs, results, signals, updates, memos) with
 * AES-256-GCM. Each payload names its key id, so keys can rotate: new payloads use the current key,
 * old ones are read with the key they name. Search attributes and workflow ids are not payloads:
 * they carry no personal data by design.
 *
 * A payload naming a key id this codec does not have always fails (a worker that lacks a newly
 * added key retries until it has it, rather than losing the payload).
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly refuseUnencrypted: boolean;
  private readonly currentKey: Buffer;
  private readonly currentKeyIdBytes: Uint8Array;
  private ivs = Buffer.alloc(0);
  private nextIv = 0;

  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    currentKeyId: string,
    options: PayloadCodecOptions = {},
  ) {
    this.refuseUnencrypted = options.refuseUnencrypted ?? false;
    const current = keys.get(currentKeyId);
    if (!current) throw new Error(`no payload encryption key with id ${currentKeyId}`);
    for (const [kid, key] of keys) if (key.length !== 32) throw new Error(`payload encryption key ${kid} must be 32 bytes`);
    this.currentKey = current;
    this.currentKeyIdBytes = enc(currentKeyId);
  }

  /** A fresh random 96-bit IV: the next unused slice of a block drawn from the CSPRNG. */
  private iv(): Buffer {
    if (this.nextIv + IV_BYTES > this.ivs.length) {
      this.ivs = randomBytes(IV_BYTES * IVS_PER_DRAW);
      this.nextIv = 0;
    }
    const iv = this.ivs.subarray(this.nextIv, this.nextIv + IV_BYTES);
    this.nextIv += IV_BYTES;
    return iv;
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    // A throw inside the executor rejects the promise.
    return new Promise((resolve) =>
      resolve(payloads.map((payload) => {
        const plain = temporal.api.common.v1.Payload.encode(payload).finish();
        const iv = this.iv();
        const cipher = createCipheriv('aes-256-gcm', this.currentKey, iv);
        const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
        // Copies: no two payloads share a buffer.
        const metadata = { encoding: ENCODING_BYTES.slice(), 'encryption-cipher': CIPHER_BYTES.slice(), 'encryption-key-id': this.currentKeyIdBytes.slice() };
        return { metadata, data };
      })),
    );
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return new Promise((resolve) =>
      resolve(payloads.map((payload) => {
        if (!sameBytes(payload.metadata?.encoding, ENCODING_BYTES)) return this.refuseUnencrypted ? refusedPayload() : payload;
        const kid = dec(payload.metadata?.['encryption-key-id']);
        const key = this.keys.get(kid);
        if (!key) throw new Error(`payload encrypted with unknown key id ${kid}`);
        let plain: Buffer;
        try {
          plain = decrypt(key, Buffer.from(payload.data ?? new Uint8Array()));
        } catch (err) {
          if (this.refuseUnencrypted) return refusedPayload();
          throw err;
        }
        return temporal.api.common.v1.Payload.decode(plain);
      })),
    );
  }
}

/** AES-256-GCM: iv, ciphertext, tag. Throws when the data does not authenticate with the key. */
function decrypt(key: Buffer, data: Buffer): Buffer {
  if (data.length < IV_BYTES + TAG_BYTES) throw new Error('encrypted payload is too short');
  const iv = data.subarray(0, IV_BYTES);
  const tag = data.subarray(data.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
}

/**
 * The codec from settings: PAYLOAD_ENCRYPTION_KEYS, or outside production a key derived from the
 * session secret; strict (refuses unencrypted payloads) in production.
 */
export function payloadCodecFor(config: AppConfig): AesGcmPayloadCodec {
  const keys = new Map<string, Buffer>(Object.entries(config.temporal.encryptionKeys).map(([kid, b64]) => [kid, Buffer.from(b64, 'base64')]));
  if (keys.size === 0) keys.set('dev', developmentPayloadKey(config.auth.sessionSecret));
  return new AesGcmPayloadCodec(keys, config.temporal.encryptionKeyId ?? [...keys.keys()][0], { refuseUnencrypted: config.temporal.refuseUnencrypted });
}

/**
 * The data converter of every CIL Flow client and worker: our payload converter (it reads refused
 * payloads) and the codec. A worker built from a prebuilt bundle must have had the bundle built
 * with the same payloadConverterPath (infra/bundle-workflows.ts).
 */
export function dataConverterFor(config: AppConfig): DataConverter {
  return { payloadConverterPath: payloadConverterPath(), payloadCodecs: [payloadCodecFor(config)] };
}
