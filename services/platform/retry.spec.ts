import { retryWithin } from './retry.js';

describe('retryWithin', () => {
  it('retries until the attempt succeeds, telling about the first failure once', async () => {
    let calls = 0;
    const told: string[] = [];
    const result = await retryWithin(
      () => (++calls < 3 ? Promise.reject(new Error(`no ${calls}`)) : Promise.resolve('yes')),
      10_000,
      (err) => told.push(err.message),
    );
    expect(result).toBe('yes');
    expect(calls).toBe(3);
    expect(told).toEqual(['no 1']);
  });

  it('gives up with the last error when the time is up', async () => {
    const started = Date.now();
    let calls = 0;
    await expect(retryWithin(() => Promise.reject(new Error(`failure ${++calls}`)), 1_200)).rejects.toThrow(/^failure \d+$/);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(calls).toBeGreaterThan(1);
  });
});
