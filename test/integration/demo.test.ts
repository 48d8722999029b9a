import { jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startSystem, type RunningSystem } from '../support/system.js';

jest.setTimeout(120_000);

const SOURCE = 'demo-exchange';
const SECRET = 'demo-exchange-secret-0123456789ab';

function runDemo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'infra', 'demo', 'demo.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run demo, against a running system', () => {
  let system: RunningSystem;
  let firstProgramme: string | undefined;
  const programmeOf = (stdout: string) => /initiative for .+ \((\w+)\) submitted/.exec(stdout)?.[1];

  beforeAll(async () => {
    system = await startSystem({ env: { EVENT_SOURCES: `${SOURCE}:${SECRET}` } });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('plays the story from an initiative to a verifiable diploma, step by step', async () => {
    const run = await runDemo(['--api', system.apiUrl, '--mailbox', system.mailboxUrl, '--event-source', `${SOURCE}:${SECRET}`]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    firstProgramme = programmeOf(run.stdout);

    // Every step, numbered and in order; the decisions through the e-mails' links.
    const steps = lines.filter((l) => l.startsWith('✓ '));
    expect(steps.map((l) => /^✓ (\d+)\/(\d+) /.exec(l)?.slice(1).map(Number))).toEqual(steps.map((_, i) => [i + 1, steps.length]));
    const text = steps.join('\n');
    expect(text).toMatch(/initiative for .+ submitted by .+, programme leader/);
    expect(text).toMatch(/programme leader .+ approved \(via the link in the e-mail\)/);
    expect(text).toMatch(/head of department .+ gave the final approval \(via the link in the e-mail\)/);
    expect(text).toMatch(/local group registered by .+ \(via the link in the e-mail\)/);
    expect(text).toMatch(/catalogue published/);
    expect(text).toMatch(/Language café .+ confirmed by .+ \(via the link in the e-mail\)/);
    expect(text).toMatch(/Exchange semester arrived as a signed event from "demo-exchange"/);
    expect(text).toMatch(/career course recorded/);
    expect(text).toMatch(/presentation recorded/);
    expect(text).toMatch(/review meeting scheduled/);
    expect(text).toMatch(/asked for a revision/);
    expect(text).toMatch(/revised report approved .+; diploma CIL-[A-Z0-9-]+ issued/);

    // The PDF on disk, then the verification URL on the very last line.
    const pdfPath = /^Diploma \(PDF\): (.+)$/m.exec(run.stdout)?.[1];
    expect(pdfPath).toBeDefined();
    expect(existsSync(pdfPath!)).toBe(true);
    expect(readFileSync(pdfPath!).subarray(0, 5).toString()).toBe('%PDF-');
    const verifyUrl = lines.at(-1)!;
    expect(verifyUrl).toMatch(/^https?:\/\/\S+\/verify\/CIL-[A-Z0-9-]+$/);
    const verified = (await (await fetch(verifyUrl, { headers: { accept: 'application/json' } })).json()) as { valid: boolean };
    expect(verified).toMatchObject({ valid: true });
  });

  it('takes a fresh programme on a second run, and fails in one line on a wrong secret', async () => {
    const wrong = await runDemo(['--api', system.apiUrl, '--mailbox', system.mailboxUrl, '--event-source', `${SOURCE}:not-the-secret-0123456789`]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/refused events from "demo-exchange"/);
    expect(wrong.stdout).not.toMatch(/✓/); // refused before it created anything

    const again = await runDemo(['--api', system.apiUrl, '--mailbox', system.mailboxUrl]);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
    expect(again.stdout).toMatch(/Exchange semester .+ confirmed by .+ \(via the link in the e-mail\)/);
    expect(programmeOf(again.stdout)).toBeDefined();
    expect(programmeOf(again.stdout)).not.toBe(firstProgramme);
    expect(again.stdout.trimEnd().split('\n').at(-1)).toMatch(/\/verify\/CIL-/);
  });
});
