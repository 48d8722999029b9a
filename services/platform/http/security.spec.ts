import { depthOf, MAX_JSON_DEPTH } from './security.js';

describe('how deeply a body nests', () => {
  const nested = (levels: number) => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
    return v;
  };

  it('counts objects and arrays, not scalars', () => {
    expect(depthOf(1)).toBe(0);
    expect(depthOf({})).toBe(1);
    expect(depthOf({ a: [1, { b: 2 }] })).toBe(3);
    expect(depthOf(nested(MAX_JSON_DEPTH))).toBe(MAX_JSON_DEPTH);
  });

  it('measures 100,000 levels without recursion, and stops early when asked', () => {
    expect(depthOf(nested(100_000))).toBe(100_000);
    expect(depthOf(nested(100_000), MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
  });
});
