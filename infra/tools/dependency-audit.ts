import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../services/platform/config/config.schema.js';

/**
 * The dependency audit in `npm test`: `npm audit --omit=dev` against the registry's advisory
 * database. Known vulnerabilities of severity high or critical in what production runs fail the run;
 * lower ones are listed. Where the registry does not answer audit requests (a mirror, no network),
 * the run says so and goes on: run `npm run audit` where the registry answers (see README, "Security").
 */

export type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';
const FAILING: Severity[] = ['high', 'critical'];

export interface AuditVerdict {
  outcome: 'clean' | 'vulnerable' | 'unavailable';
  /** Counts by severity (when the audit ran). */
  counts?: Partial<Record<Severity, number>>;
  /** The packages with a failing severity. */
  packages?: string[];
  reason?: string;
}

/** What `npm audit --json` printed (and whether it ran at all) means for the run. */
export function auditVerdict(stdout: string): AuditVerdict {
  let report: { vulnerabilities?: Record<string, { severity?: Severity }>; metadata?: { vulnerabilities?: Partial<Record<Severity, number>> }; error?: { code?: string; summary?: string }; message?: string; statusCode?: number };
  try {
    report = JSON.parse(stdout) as typeof report;
  } catch {
    return { outcome: 'unavailable', reason: 'npm audit printed no report' };
  }
  if (!report.metadata?.vulnerabilities) {
    const why = report.error?.summary || report.message || (report.statusCode ? `status ${report.statusCode}` : 'no advisory data');
    return { outcome: 'unavailable', reason: `the registry did not answer the audit request (${why})` };
  }
  const counts = report.metadata.vulnerabilities;
  const packages = Object.entries(report.vulnerabilities ?? {})
    .filter(([, v]) => v.severity !== undefined && FAILING.includes(v.severity))
    .map(([name, v]) => `${name} (${v.severity})`)
    .sort();
  return { outcome: packages.length ? 'vulnerable' : 'clean', counts, packages };
}

function runAudit(): Promise<string> {
  return new Promise((resolve) => {
    // npm audit exits non-zero when it finds something, and when it cannot ask: the JSON says which.
    execFile('npm', ['audit', '--omit=dev', '--json'], { cwd: repoRoot, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (_err, stdout) => resolve(stdout));
  });
}

async function main(): Promise<void> {
  const verdict = auditVerdict(await runAudit());
  const counts = verdict.counts ? Object.entries(verdict.counts).map(([k, v]) => `${k} ${v}`).join(', ') : '';
  if (verdict.outcome === 'unavailable') {
    console.log(`dependency audit: skipped: ${verdict.reason}. Run \`npm run audit\` where the npm registry answers audit requests.`);
    return;
  }
  if (verdict.outcome === 'vulnerable') {
    console.error(`dependency audit: FAILED: known high or critical vulnerabilities in production dependencies (${counts}):\n  ${verdict.packages!.join('\n  ')}\nSee \`npm audit --omit=dev\` for the advisories and fixes.`);
    process.exit(1);
  }
  console.log(`dependency audit: no high or critical vulnerabilities in production dependencies (${counts})`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
