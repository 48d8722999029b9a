import { randomBytes } from 'node:crypto';
import { DefaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './encryption.codec.js';

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
