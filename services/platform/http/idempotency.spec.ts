import { idempotentRowId, idempotentUpdateId } from './idempotency.js';

describe('ids from an Idempotency-Key', () => {
  it('gives the same row id for the same person, scope and key, and another otherwise', () => {
    const id = idempotentRowId('participation', 'person-1', 'cert-1:key-1');
    expect(idempotentRowId('participation', 'person-1', 'cert-1:key-1')).toBe(id);
    expect(idempotentRowId('participation', 'person-2', 'cert-1:key-1')).not.toBe(id);
    expect(idempotentRowId('report', 'person-1', 'cert-1:key-1')).not.toBe(id);
    expect(idempotentRowId('participation', 'person-1', 'cert-1:key-2')).not.toBe(id);
  });

  it('shapes row ids as RFC 9562 UUIDs (version 8)', () => {
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      expect(idempotentRowId('s', 'p', key)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('gives no update id without a key, and a stable one with it', () => {
    expect(idempotentUpdateId('decide-t1', 'person-1', undefined)).toBeUndefined();
    expect(idempotentUpdateId('decide-t1', 'person-1', 'k')).toBe(idempotentUpdateId('decide-t1', 'person-1', 'k'));
    expect(idempotentUpdateId('decide-t1', 'person-1', 'k')).not.toBe(idempotentUpdateId('decide-t1', 'person-2', 'k'));
    expect(idempotentUpdateId('decide-t1', 'person-1', 'k')).toMatch(/^decide-t1-[0-9a-f]{40}$/);
  });
});
