import { describe, expect, it } from '@jest/globals';
import { auditVerdict } from './dependency-audit.js';

describe('the dependency audit verdict', () => {
  it('fails on a high or critical vulnerability, naming the package', () => {
    const report = {
      vulnerabilities: { 'left-pad': { severity: 'critical' }, minimist: { severity: 'moderate' }, qs: { severity: 'high' } },
      metadata: { vulnerabilities: { info: 0, low: 0, moderate: 1, high: 1, critical: 1, total: 3 } },
    };
    expect(auditVerdict(JSON.stringify(report))).toMatchObject({ outcome: 'vulnerable', packages: ['left-pad (critical)', 'qs (high)'] });
  });

  it('passes with only lower severities, and with none', () => {
    expect(auditVerdict(JSON.stringify({ vulnerabilities: { minimist: { severity: 'moderate' } }, metadata: { vulnerabilities: { moderate: 1 } } })).outcome).toBe('clean');
    expect(auditVerdict(JSON.stringify({ vulnerabilities: {}, metadata: { vulnerabilities: { high: 0, critical: 0 } } })).outcome).toBe('clean');
  });

  it('says the audit could not run when the registry refuses it, rather than passing or failing silently', () => {
    // What npm prints when the registry (here a mirror) does not take audit requests.
    const refused = { message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405, body: '', error: { summary: '', detail: '' } };
    expect(auditVerdict(JSON.stringify(refused))).toMatchObject({ outcome: 'unavailable', reason: expect.stringContaining('405') });
    expect(auditVerdict('')).toMatchObject({ outcome: 'unavailable' });
  });
});
