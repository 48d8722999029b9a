import { randomInt } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * W3C Bitstring Status List v1.0 (https://www.w3.org/TR/vc-bitstring-status-list/): each
 * credential names one bit of a list; the issuer serves the list as a signed credential, and a set
 * bit means revoked. A list holds 131,072 entries (16 KiB, the specification's minimum size, so
 * that one credential hides among many); its `encodedList` is the bits GZIP-compressed, as
 * multibase base64url ('u' prefix, no padding). Bit 0 is the most significant bit of the first byte.
 */
export const STATUS_LIST_SIZE = 131_072;

/** How many lists the status index (a PostgreSQL integer) can reach. */
export const MAX_STATUS_LISTS = Math.floor(2 ** 31 / STATUS_LIST_SIZE);

/** Status lists are numbered from 1; a credential's status index is global: list = ⌊index / size⌋ + 1. */
export function listOf(statusIndex: number): { list: number; position: number } {
  return { list: Math.floor(statusIndex / STATUS_LIST_SIZE) + 1, position: statusIndex % STATUS_LIST_SIZE };
}

/** The status list credential's URL (stable: the list's number names it). */
export function statusListUrl(publicUrl: string, list: number): string {
  return `${publicUrl}/credentials/status/${list}`;
}

/** The list named by a status list URL of this issuer; undefined when the URL is not one. */
export function statusListNumberOf(publicUrl: string, url: unknown): number | undefined {
  const prefix = statusListUrl(publicUrl, 0).slice(0, -1);
  if (typeof url !== 'string' || !url.startsWith(prefix)) return undefined;
  const rest = url.slice(prefix.length);
  return /^[1-9]\d{0,4}$/.test(rest) && Number(rest) <= MAX_STATUS_LISTS ? Number(rest) : undefined;
}

/** The `credentialStatus` entry of a credential with this status index. */
export function statusEntry(publicUrl: string, statusIndex: number) {
  const { list, position } = listOf(statusIndex);
  const url = statusListUrl(publicUrl, list);
  return { id: `${url}#${position}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(position), statusListCredential: url };
}

/** A list's `encodedList` with the given positions set. */
export function encodeList(setPositions: Iterable<number>): string {
  const bits = Buffer.alloc(STATUS_LIST_SIZE / 8);
  for (const p of setPositions) {
    if (!Number.isInteger(p) || p < 0 || p >= STATUS_LIST_SIZE) throw new RangeError(`status position ${p} is outside the list`);
    bits[p >> 3] |= 0x80 >> (p & 7);
  }
  return `u${gzipSync(bits).toString('base64url')}`;
}

/** The most a list may inflate to (bytes): a larger one is refused rather than read. */
const MAX_LIST_BYTES = 16 * 1024 * 1024;

/** The bits of an `encodedList` (multibase base64url of GZIP); throws when it is not one. */
export function decodeList(encodedList: string): Buffer {
  if (!encodedList.startsWith('u') || !/^u[A-Za-z0-9_-]+$/.test(encodedList)) throw new Error('encodedList is not multibase base64url');
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'), { maxOutputLength: MAX_LIST_BYTES });
  if (bits.length * 8 < STATUS_LIST_SIZE) throw new Error(`the list has ${bits.length * 8} entries, fewer than the ${STATUS_LIST_SIZE} the specification requires`);
  return bits;
}

/** Whether the bit at `position` of the decoded list is set; throws when the position is outside it. */
export function bitAt(bits: Buffer, position: number): boolean {
  if (!Number.isInteger(position) || position < 0 || position >= bits.length * 8) throw new RangeError(`status position ${position} is outside the list`);
  return (bits[position >> 3] & (0x80 >> (position & 7))) !== 0;
}

/**
 * A status index for a new credential: a random free position in the first list that is less
 * than half full (random, so that a credential's position says nothing about when it was issued).
 * `usedIn(list)` answers how many positions of a list are taken, `taken(index)` whether one is.
 */
export async function pickStatusIndex(usedIn: (list: number) => Promise<number>, taken: (statusIndex: number) => Promise<boolean>): Promise<number> {
  let list = 1;
  while ((await usedIn(list)) >= STATUS_LIST_SIZE / 2) list += 1;
  for (;;) {
    const index = (list - 1) * STATUS_LIST_SIZE + randomInt(STATUS_LIST_SIZE);
    if (!(await taken(index))) return index;
  }
}
