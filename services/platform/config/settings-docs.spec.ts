import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, settingNames } from './config.schema.js';

describe('every setting is documented', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const example = readFileSync(join(repoRoot, '.env.example'), 'utf8');
  const readmeRows = new Set([...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));
  const exampleNames = new Set([...example.matchAll(/^#? ?([A-Z][A-Z_]+)=/gm)].map((m) => m[1]));

  it.each(settingNames)('%s is in the README settings table and in .env.example', (name) => {
    expect(readmeRows.has(name)).toBe(true);
    expect(exampleNames.has(name)).toBe(true);
  });

  it('documents no setting that does not exist', () => {
    expect([...readmeRows].filter((n) => !settingNames.includes(n))).toEqual([]);
    expect([...exampleNames].filter((n) => !settingNames.includes(n))).toEqual([]);
  });
});
