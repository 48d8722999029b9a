import { describe, expect, it } from '@jest/globals';
import { STEPS_PER_JOURNEY } from '../kit/journeys.js';
import { BenchError, defaultFloorCount, parseOptions, type BenchOptions } from './options.js';

const parsed = (argv: string[]) => parseOptions(argv) as BenchOptions;

describe('the floor phases', () => {
  it('take as many updates as the API phase has steps, within bounds', () => {
    expect(defaultFloorCount(20)).toBe(20 * STEPS_PER_JOURNEY);
    expect(defaultFloorCount(1)).toBe(100);
    expect(defaultFloorCount(10_000)).toBe(5_000);
    expect(parsed(['--n', '30']).floor).toBe(30 * STEPS_PER_JOURNEY);
  });

  it('take --floor when given, and are off with --floor 0 or --n 0', () => {
    expect(parsed(['--n', '10', '--floor', '40']).floor).toBe(40);
    expect(parsed(['--floor', '0']).floor).toBe(0);
    expect(parsed(['--n', '0', '--read-cases', '100']).floor).toBe(0);
    expect(parsed(['--n', '0', '--floor', '50'])).toMatchObject({ n: 0, floor: 50 });
  });

  it('refuse a run of nothing and a count that is not a whole number', () => {
    expect(() => parseOptions(['--n', '0'])).toThrow(BenchError);
    expect(() => parseOptions(['--n', '0', '--floor', '0'])).toThrow(BenchError);
    expect(() => parseOptions(['--floor=-1'])).toThrow(/--floor must be a whole number/);
    expect(() => parseOptions(['--floor', '2.5'])).toThrow(/--floor must be a whole number/);
  });
});

describe('the worker profile', () => {
  it('goes to the folder --worker-cpu-prof names, and only with the embedded stack', () => {
    expect(parsed(['--n', '1']).workerCpuProf).toBeUndefined();
    expect(parsed(['--n', '1', '--worker-cpu-prof', '/tmp/wprof']).workerCpuProf).toBe('/tmp/wprof');
    expect(() => parseOptions(['--api', 'http://127.0.0.1:3000', '--worker-cpu-prof', '/tmp/wprof'])).toThrow(/does not go with --api/);
  });
});
