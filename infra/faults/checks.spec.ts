import { describe, expect, it } from '@jest/globals';
import { checkJourneys, checkMail, multisetDifference, type JourneyFacts, type OutboxRow } from './checks.js';

const row = (n: number, status = 'sent'): OutboxRow => ({ idempotencyKey: `certificate-c:step-${n}/p`, messageId: `<m${n}@cil-flow>`, kind: `kind-${n}`, caseId: 'c', status });
const byName = (results: ReturnType<typeof checkMail>, name: string) => results.find((r) => r.name.startsWith(name))!;

describe('checkMail', () => {
  it('holds when every outbox message arrived exactly once', () => {
    const results = checkMail([row(1), row(2)], [{ messageId: '<m1@cil-flow>' }, { messageId: ' m2@cil-flow ' }]);
    expect(results.every((r) => r.pass)).toBe(true);
  });

  it('reports a Message-ID received twice, one never received and one the outbox does not know', () => {
    const results = checkMail(
      [row(1), row(2), row(3)],
      [{ messageId: '<m1@cil-flow>', atSeconds: 12.34 }, { messageId: '<m1@cil-flow>', atSeconds: 15 }, { messageId: '<m3@cil-flow>' }, { messageId: '<stranger@elsewhere>' }],
    );

    const twice = byName(results, 'no Message-ID received twice');
    expect(twice.pass).toBe(false);
    expect(twice.problems).toEqual(['received 2 times: <m1@cil-flow> (kind-1, case c) at +12.3 s, +15.0 s']);

    const missing = byName(results, 'every outbox Message-ID received');
    expect(missing.pass).toBe(false);
    expect(missing.problems).toEqual(['never received: <m2@cil-flow> (kind-2, case c), though marked sent']);

    const unexpected = byName(results, 'nothing received that is not in the outbox');
    expect(unexpected.pass).toBe(false);
    expect(unexpected.problems).toEqual(['not in the outbox: <stranger@elsewhere>']);
  });

  it('reports rows not yet sent and two rows with one Message-ID', () => {
    const results = checkMail([row(1, 'pending'), { ...row(2), messageId: '<m1@cil-flow>' }], [{ messageId: '<m1@cil-flow>' }]);
    expect(byName(results, 'mail outbox drained').problems).toEqual(['still pending: <m1@cil-flow> (kind-1, case c)']);
    expect(byName(results, 'one outbox row per Message-ID').problems).toEqual(['2 outbox rows share <m1@cil-flow>']);
  });
});

describe('multisetDifference', () => {
  it('names what is missing and what is extra, with counts', () => {
    expect(multisetDifference(['a', 'b', 'b'], ['b', 'b', 'b', 'c'])).toBe('missing a; extra b, c');
    expect(multisetDifference(['a', 'a', 'a'], ['a'])).toBe('missing a ×2');
    expect(multisetDifference(['a', 'b'], ['b', 'a'])).toBeUndefined();
  });
});

describe('checkJourneys', () => {
  const complete: JourneyFacts = {
    label: 'journey 1',
    certificateIds: ['c'],
    stage: 'completed',
    workflowStatus: 'COMPLETED',
    diplomas: 1,
    participationIds: ['p1', 'p2'],
    workflowParticipations: [
      { id: 'p1', status: 'confirmed' },
      { id: 'p2', status: 'confirmed' },
    ],
    confirmTasks: [{ status: 'done' }, { status: 'done' }],
    reports: ['approved'],
    mailKinds: ['welcome', 'diploma_issued'],
    eventKinds: ['certificate.enrolled'],
  };
  const expected = { participations: 2, mailKinds: ['diploma_issued', 'welcome'], eventKinds: ['certificate.enrolled'] };

  it('holds for a journey that left exactly what the reference left', () => {
    expect(checkJourneys([complete], expected).filter((r) => !r.pass)).toEqual([]);
  });

  it('reports a duplicated participation row the workflow does not know, and a second diploma mail', () => {
    const failed = checkJourneys([{ ...complete, participationIds: ['p1', 'p2', 'p3'], mailKinds: [...complete.mailKinds, 'diploma_issued'] }], expected).filter((r) => !r.pass);
    expect(failed.map((r) => r.problems)).toEqual([['journey 1: 3 participation rows; 1 rows the workflow does not know'], ['journey 1: extra diploma_issued']]);
  });
});
