import { gunzipSync, gzipSync } from 'node:zlib';
import { bitAt, decodeList, encodeList, listOf, pickStatusIndex, statusEntry, statusListNumberOf, STATUS_LIST_SIZE } from './status-list.js';

const ISSUER = 'https://cil.example.org';

describe('Bitstring Status List', () => {
  it('encodes as the specification says: GZIP, multibase base64url, 16 KiB, bit 0 the first byte’s most significant', () => {
    const encoded = encodeList([0, 9, STATUS_LIST_SIZE - 1]);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(bytes.length).toBe(16_384);
    expect([bytes[0], bytes[1], bytes[bytes.length - 1]]).toEqual([0x80, 0x40, 0x01]);
    expect(bytes.subarray(2, bytes.length - 1).every((b) => b === 0)).toBe(true);
  });

  it('reads back exactly the bits that were set', () => {
    const set = [0, 1, 7, 8, 4242, 65_535, STATUS_LIST_SIZE - 1];
    const bits = decodeList(encodeList(set));
    const found: number[] = [];
    for (let p = 0; p < STATUS_LIST_SIZE; p++) if (bitAt(bits, p)) found.push(p);
    expect(found).toEqual(set);
    expect(() => bitAt(bits, STATUS_LIST_SIZE)).toThrow(/outside the list/);
    expect(() => encodeList([-1])).toThrow(/outside the list/);
  });

  it('refuses what is not a list: not multibase, not GZIP, too short', () => {
    expect(() => decodeList('H4sIAAAA')).toThrow(/multibase/);
    expect(() => decodeList('unot-gzip')).toThrow();
    const short = `u${gzipSync(Buffer.alloc(10)).toString('base64url')}`;
    expect(() => decodeList(short)).toThrow(/fewer than the 131072/);
  });

  it('a status index names a list and a position, and the entry a credential carries', () => {
    expect(listOf(0)).toEqual({ list: 1, position: 0 });
    expect(listOf(STATUS_LIST_SIZE + 5)).toEqual({ list: 2, position: 5 });
    expect(statusEntry(ISSUER, STATUS_LIST_SIZE + 5)).toEqual({
      id: `${ISSUER}/credentials/status/2#5`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '5',
      statusListCredential: `${ISSUER}/credentials/status/2`,
    });
    expect(statusListNumberOf(ISSUER, `${ISSUER}/credentials/status/2`)).toBe(2);
    expect(statusListNumberOf(ISSUER, `${ISSUER}/credentials/status/16384`)).toBe(16384);
    for (const other of [`${ISSUER}/credentials/status/16385`, `${ISSUER}/credentials/status/0`, `${ISSUER}/credentials/status/2x`, 'https://elsewhere.example/credentials/status/2', 42]) expect(statusListNumberOf(ISSUER, other)).toBeUndefined();
  });

  it('picks a free position at random in the first list less than half full', async () => {
    const taken = new Set<number>();
    const used = new Map([[1, STATUS_LIST_SIZE / 2]]); // list 1 is half full
    for (let i = 0; i < 200; i++) {
      const index = await pickStatusIndex((list) => Promise.resolve(used.get(list) ?? 0), (n) => Promise.resolve(taken.has(n)));
      expect(listOf(index).list).toBe(2);
      expect(taken.has(index)).toBe(false);
      taken.add(index);
    }
    // Random, not in order of issue.
    const positions = [...taken].map((n) => listOf(n).position);
    expect(positions).not.toEqual([...positions].sort((a, b) => a - b));
  });
});
