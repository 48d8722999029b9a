import { randomBytes } from 'node:crypto';
import { DefaultPayloadConverter, type Payload } from '@temporalio/common';
import { parseConfig } from '../config/config.schema.js';
import { payloadConverter, REFUSED_PAYLOAD, REFUSED_UNENCRYPTED_ENCODING } from '../../../workflows/shared/refused-payload.js';
import { AesGcmPayloadCodec, dataConverterFor, payloadCodecFor } from './encryption.codec.js';

const converter = new DefaultPayloadConverter();
const reflection = 'My reflection about the exchange semester in Lisbon';

describe('payload encryption', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  it('round-trips a payload and leaves no plaintext behind', async () => {
    const codec = new AesGcmPayloadCodec(new Map([['k1', k1]]), 'k1');
    const [encrypted] = await codec.encode([converter.toPayload({ reflection })]);
    expect(Buffer.from(encrypted.data!).toString('latin1')).not.toContain('Lisbon');
    expect(Buffer.from(encrypted.metadata!['encryption-key-id']).toString()).toBe('k1');
    const [decrypted] = await codec.decode([encrypted]);
    expect(converter.fromPayload(decrypted)).toEqual({ reflection });
  });

  it('gives every payload its own random IV and its own metadata, past one draw of random bytes', async () => {
    const codec = new AesGcmPayloadCodec(new Map([['k1', k1]]), 'k1');
    const encrypted = await codec.encode(Array.from({ length: 1000 }, (_, i) => converter.toPayload(i)));
    expect(new Set(encrypted.map((p) => Buffer.from(p.data!.subarray(0, 12)).toString('hex'))).size).toBe(1000);
    expect(encrypted[0].metadata!.encoding).not.toBe(encrypted[1].metadata!.encoding);
    expect(encrypted.every((p) => Buffer.from(p.metadata!.encoding).toString() === 'binary/encrypted' && Buffer.from(p.metadata!['encryption-cipher']).toString() === 'AES256GCM')).toBe(true);
    expect((await codec.decode(encrypted)).map((p) => converter.fromPayload(p))).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('reads payloads written with an older key after a rotation', async () => {
    const old = new AesGcmPayloadCodec(new Map([['k1', k1]]), 'k1');
    const rotated = new AesGcmPayloadCodec(new Map([['k1', k1], ['k2', k2]]), 'k2');
    const [before] = await old.encode([converter.toPayload('before')]);
    const [after] = await rotated.encode([converter.toPayload('after')]);
    expect(Buffer.from(after.metadata!['encryption-key-id']).toString()).toBe('k2');
    expect((await rotated.decode([before, after])).map((p) => converter.fromPayload(p))).toEqual(['before', 'after']);
    await expect(old.decode([after])).rejects.toThrow(/unknown key id k2/);
  });

  it('refuses a tampered payload', async () => {
    const codec = new AesGcmPayloadCodec(new Map([['k1', k1]]), 'k1');
    const [encrypted] = await codec.encode([converter.toPayload('x')]);
    const data = Buffer.from(encrypted.data!);
    data[20] = data[20] ^ 1;
    await expect(codec.decode([{ ...encrypted, data }])).rejects.toThrow();
  });

  it('passes unencrypted payloads through, and checks its keys', async () => {
    const codec = new AesGcmPayloadCodec(new Map([['k1', k1]]), 'k1');
    const plain = converter.toPayload('plain');
    expect(await codec.decode([plain])).toEqual([plain]);
    expect(() => new AesGcmPayloadCodec(new Map([['k1', k1]]), 'k9')).toThrow(/no payload encryption key/);
    expect(() => new AesGcmPayloadCodec(new Map([['short', randomBytes(16)]]), 'short')).toThrow(/32 bytes/);
  });
});

describe('payload encryption in strict mode (production)', () => {
  const k1 = randomBytes(32);
  const strict = new AesGcmPayloadCodec(new Map([['k1', k1]]), 'k1', { refuseUnencrypted: true });
  const encodingOf = (p: Payload) => Buffer.from(p.metadata!.encoding).toString();

  it('turns a payload that is not encrypted into a refused one, content dropped', async () => {
    // What `temporal workflow update execute --input '{...}'` sends: plain JSON.
    const plain = converter.toPayload({ taskId: 't-1', decision: { outcome: 'approve' } });
    const [refused] = await strict.decode([plain]);
    expect(encodingOf(refused)).toBe(REFUSED_UNENCRYPTED_ENCODING);
    expect(Buffer.from(refused.data ?? []).length).toBe(0);
    expect(Object.keys(refused.metadata ?? {})).toEqual(['encoding']);
    // Our converter reads it as the refused marker; no handler ever sees the content.
    expect(payloadConverter.fromPayload(refused)).toBe(REFUSED_PAYLOAD);
  });

  it('refuses every unencrypted encoding, the null payload of an absent argument included', async () => {
    const payloads = [converter.toPayload(undefined), converter.toPayload(new Uint8Array([1, 2])), converter.toPayload('text')];
    expect((await strict.decode(payloads)).map(encodingOf)).toEqual([REFUSED_UNENCRYPTED_ENCODING, REFUSED_UNENCRYPTED_ENCODING, REFUSED_UNENCRYPTED_ENCODING]);
  });

  it('still reads what it encrypted', async () => {
    const [encrypted] = await strict.encode([converter.toPayload({ reflection })]);
    const [decrypted] = await strict.decode([encrypted]);
    expect(payloadConverter.fromPayload(decrypted)).toEqual({ reflection });
  });

  it('refuses a payload that names a known key but does not authenticate with it', async () => {
    const [encrypted] = await strict.encode([converter.toPayload('x')]);
    const data = Buffer.from(encrypted.data!);
    data[20] = data[20] ^ 1;
    expect((await strict.decode([{ ...encrypted, data }])).map(encodingOf)).toEqual([REFUSED_UNENCRYPTED_ENCODING]);
    expect((await strict.decode([{ ...encrypted, data: Buffer.from('short') }])).map(encodingOf)).toEqual([REFUSED_UNENCRYPTED_ENCODING]);
  });

  it('still fails on an unknown key id (a worker that lacks a new key retries until it has it)', async () => {
    const other = new AesGcmPayloadCodec(new Map([['k2', randomBytes(32)]]), 'k2');
    const [encrypted] = await other.encode([converter.toPayload('x')]);
    await expect(strict.decode([encrypted])).rejects.toThrow(/unknown key id k2/);
  });

  it('is on exactly when NODE_ENV=production', async () => {
    const production = parseConfig({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://cil.example.org',
      SESSION_SECRET: randomBytes(36).toString('base64'),
      PAYLOAD_ENCRYPTION_KEYS: `k2027:${randomBytes(32).toString('base64')}`,
    });
    const plain = converter.toPayload('plain');
    expect((await payloadCodecFor(production).decode([plain])).map(encodingOf)).toEqual([REFUSED_UNENCRYPTED_ENCODING]);
    expect(await payloadCodecFor(parseConfig({ NODE_ENV: 'development' })).decode([plain])).toEqual([plain]);
    expect(await payloadCodecFor(parseConfig({ NODE_ENV: 'test' })).decode([plain])).toEqual([plain]);
  });

  it('comes with the payload converter that reads refused payloads, for clients and workers alike', async () => {
    const config = parseConfig({ NODE_ENV: 'test' });
    const { payloadConverterPath, payloadCodecs } = dataConverterFor(config);
    const module = (await import(payloadConverterPath!)) as { payloadConverter?: unknown };
    expect(module.payloadConverter).toBe(payloadConverter);
    expect(payloadCodecs).toHaveLength(1);
    const [encrypted] = await payloadCodecs![0].encode([converter.toPayload('x')]);
    expect(Buffer.from(encrypted.metadata!.encoding).toString()).toBe('binary/encrypted');
  });
});
