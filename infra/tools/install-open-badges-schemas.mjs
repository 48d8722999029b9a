// Prepares 1EdTech's Open Badges 3.0 JSON Schemas under .tools/ob-schemas/, against which the
// diploma's tests check every credential we issue. The files are 1EdTech's, not ours, so they are
// not committed: they come from a pinned PyPI source distribution that carries them verbatim
// (openbadgeslib's test fixtures, taken from https://purl.imsglobal.org/spec/ob/v3p0/schema/json/),
// and each is checked against the sha256 pinned here. Runs on `npm install`; never fails it (the
// schema test then says what is missing and how to get it).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SOURCE = { package: 'openbadgeslib', version: '4.6.3', folder: 'tests/fixtures/ob_schemas' };
export const SCHEMAS = {
  'ob_v3p0_achievementcredential_schema.json': 'b7358e895f492e74055dc6bfc7ffc420d0e497f90c4579fb83d9519b86d393ea',
  'ob_v3p0_profile_schema.json': '6b268f2caa591bf657e2a290e195713c41dc2db4e1c797723cfd00a1a83f8f13',
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const target = join(root, '.tools', 'ob-schemas');
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const ready = () => Object.entries(SCHEMAS).every(([name, hash]) => existsSync(join(target, name)) && sha256(join(target, name)) === hash);

if (process.env.CIL_SKIP_TOOLS_INSTALL === '1' || ready()) process.exit(0);

const spec = `${SOURCE.package}==${SOURCE.version}`;
const work = mkdtempSync(join(tmpdir(), 'cil-ob-schemas-'));
try {
  const python = ['python3', 'python'].find((cmd) => spawnSync(cmd, ['-m', 'pip', '--version'], { stdio: 'ignore' }).status === 0);
  if (!python) throw new Error('pip is not installed');
  console.log(`[cil-flow] preparing the Open Badges 3.0 schemas in .tools/ob-schemas/ (from ${spec})`);
  const download = spawnSync(python, ['-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-deps', '--no-binary', ':all:', '--dest', work, spec], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (download.status !== 0) throw new Error(`pip download ${spec} failed`);
  // The source distribution is a .tar.gz; Python's tarfile reads it wherever pip runs.
  const names = Object.keys(SCHEMAS);
  const extract = spawnSync(
    python,
    [
      '-c',
      'import sys, tarfile, glob, os\n' +
        'src, folder, out = sys.argv[1:4]\n' +
        'with tarfile.open(glob.glob(os.path.join(src, "*.tar.gz"))[0]) as t:\n' +
        '  for name in sys.argv[4:]:\n' +
        '    member = next(m for m in t.getmembers() if m.name.endswith(folder + "/" + name))\n' +
        '    open(os.path.join(out, name), "wb").write(t.extractfile(member).read())\n',
      work,
      SOURCE.folder,
      work,
      ...names,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (extract.status !== 0) throw new Error(`the schemas are not in ${spec}`);
  mkdirSync(target, { recursive: true });
  for (const [name, hash] of Object.entries(SCHEMAS)) {
    const got = sha256(join(work, name));
    if (got !== hash) throw new Error(`${name} from ${spec} has sha256 ${got}, not the pinned ${hash}`);
    writeFileSync(join(target, name), readFileSync(join(work, name)));
  }
  console.log('[cil-flow] .tools/ob-schemas/ is ready');
} catch (err) {
  console.warn(`[cil-flow] could not prepare the Open Badges 3.0 schemas: ${err.message}. The diploma's schema test needs them: run \`node infra/tools/install-open-badges-schemas.mjs\` where PyPI is reachable.`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
