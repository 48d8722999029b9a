import { describe, expect, it } from '@jest/globals';
import { roleOf } from './processes.js';

describe('roleOf', () => {
  it('knows the API and the worker as the launcher starts them', () => {
    expect(roleOf('/work/node/bin/node --enable-source-maps /work/cil-flow/dist/services/apps/api/main.js')).toBe('api');
    expect(roleOf('/work/node/bin/node --enable-source-maps /work/cil-flow/dist/services/apps/worker/main.js')).toBe('worker');
  });

  it('knows the Temporal dev server and PostgreSQL, and nothing else', () => {
    expect(roleOf('/root/.tools/temporal server start-dev --ip 127.0.0.1 --port 14916 --db-filename /tmp/x/temporal.db')).toBe('temporal');
    expect(roleOf('postgres: postgres cil_flow 127.0.0.1(50122) idle')).toBe('postgres');
    expect(roleOf('node dist/infra/bench/bench.js --n 10')).toBeUndefined();
    expect(roleOf('node dist/infra/dev/start.js')).toBeUndefined();
    expect(roleOf('vim services/apps/api/main.ts')).toBeUndefined();
  });
});
