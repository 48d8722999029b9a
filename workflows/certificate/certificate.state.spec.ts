import { refusalOf } from '../../test/support/refusals.js';
import type { CertificateActivities, CertificateCarry, CertificateInput, NewParticipation } from '../contracts/certificate.contract.js';
import { CertificateCase, type CertificateSideEffects } from './certificate.state.js';

const input: CertificateInput = { certificateId: 'k1', programmeId: 'p1', studentId: 'student', expectedEndOfStudies: '2027-06-30' };
const workflowId = 'certificate-k1';

/** Side effects that record what the certificate asks for; timers never fire. */
function fakeSideEffects() {
  const calls: [string, unknown][] = [];
  const record = (name: string) => (arg: unknown) => {
    calls.push([name, arg]);
    if (name === 'resolveCertificateParticipants') return Promise.resolve({ confirmerId: 'confirmer', groupMemberIds: ['member'] });
    if (name === 'issueDiploma') return Promise.resolve({ verificationCode: 'CODE' });
    return Promise.resolve();
  };
  const acts = new Proxy({} as CertificateActivities, { get: (_target, name: string) => record(name) });
  const fx: CertificateSideEffects = {
    acts,
    diplomas: { issueDiploma: record('issueDiploma') as CertificateActivities['issueDiploma'] },
    upsertSearchAttributes: (pairs) => calls.push(['upsertSearchAttributes', pairs.map((p) => p.value)]),
    sleep: () => new Promise<void>(() => undefined),
  };
  return { fx, calls, names: () => calls.map(([name]) => name) };
}

function started(carry?: CertificateCarry, batched = false) {
  const fake = fakeSideEffects();
  fake.fx.batched = batched;
  const certificate = new CertificateCase(input, workflowId, fake.fx, carry);
  certificate.lookUpParticipants();
  return { ...fake, certificate };
}

const activity = (participationId: string, category: 'home' | 'abroad'): NewParticipation => ({
  participationId,
  activityId: `activity-${participationId}`,
  category,
  minimumSessions: null,
  minimumSemesters: null,
  sessions: null,
  semesters: null,
});

describe('a certificate case', () => {
  it('is carried over a continue-as-new as it was given, and its view shows the same data', () => {
    const given: CertificateCarry = {
      stage: 'report_due',
      participations: [{ ...activity('a', 'home'), status: 'confirmed', confirmedBy: 'confirmer' }],
      careerCourse: true,
      presentation: false,
      reportRound: 1,
      reviewMeetingId: undefined,
      seenEvents: ['e1', 'e2'],
      notices: 1,
      proposals: [{ proposalId: 'x', taskId: `${workflowId}:proposal:x`, status: 'open' }],
    };
    const { certificate, fx } = started(given);
    expect(certificate.carry()).toEqual(given);
    expect(new CertificateCase(input, workflowId, fx, certificate.carry()).carry()).toEqual(given);
    const { seenEvents: _seen, notices: _notices, ...shown } = given;
    expect(certificate.view()).toEqual({ certificateId: 'k1', programmeId: 'p1', studentId: 'student', ...shown });
  });

  it('carries the most recent 500 event keys', () => {
    const seenEvents = Array.from({ length: 600 }, (_, i) => `e${i}`);
    const { certificate } = started({ stage: 'collecting', participations: [], careerCourse: false, presentation: false, reportRound: 0, seenEvents, notices: 0 });
    expect(certificate.carry().seenEvents).toEqual(seenEvents.slice(-500));
  });

  it('gives its open confirmations and proposals to a new confirmer, who then decides them (and the old one no longer may)', async () => {
    const { certificate, calls } = started();
    await certificate.recordParticipation({ actorId: 'student', participation: activity('a', 'home') });
    await certificate.recordParticipation({ actorId: 'student', participation: activity('b', 'abroad') });
    await certificate.decide({ taskId: `${workflowId}:confirm:b`, actorId: 'confirmer', decision: { outcome: 'confirm' } });
    await certificate.propose({ actorId: 'student', proposalId: 'x' });
    calls.length = 0;
    const { moved } = await certificate.reassignConfirmer({ assigneeId: 'next' });
    expect(moved).toEqual([`${workflowId}:confirm:a`, `${workflowId}:proposal:x`]); // b is decided already
    expect(calls.filter(([n]) => n === 'reassignTaskRow').map(([, a]) => a)).toEqual(moved.map((taskId) => ({ taskId, assigneeId: 'next' })));
    expect(calls.filter(([n]) => n === 'notifyCertificate').map(([, a]) => (a as { to: string[] }).to)).toEqual([['next'], ['next']]);
    expect(calls.find(([n]) => n === 'recordCertificate')?.[1]).toMatchObject({ event: { kind: 'task.reassigned', data: { from: 'confirmer', to: 'next', tasks: moved } } });
    expect(refusalOf(() => certificate.refuseDecision({ taskId: `${workflowId}:confirm:a`, actorId: 'confirmer', decision: { outcome: 'confirm' } }))).toMatchObject({ kind: 'forbidden' });
    expect(() => certificate.refuseDecision({ taskId: `${workflowId}:confirm:a`, actorId: 'next', decision: { outcome: 'confirm' } })).not.toThrow();
    // New work goes to the new confirmer; the same change again moves nothing.
    calls.length = 0;
    await certificate.recordParticipation({ actorId: 'student', participation: activity('c', 'home') });
    expect(calls.find(([n]) => n === 'openTask')?.[1]).toMatchObject({ assigneeId: 'next' });
    expect((await certificate.reassignConfirmer({ assigneeId: 'next' })).moved).toEqual([]);
    expect(refusalOf(() => certificate.refuseConfirmerChange({ assigneeId: '' }))).toMatchObject({ kind: 'invalid', field: 'assigneeId' });
  });

  it('in a batched run, a step’s side effects are one activity with the same effects in the same order', async () => {
    const one = started();
    const batch = started(undefined, true);
    for (const { certificate } of [one, batch]) {
      await certificate.recordParticipation({ actorId: 'student', participation: activity('a', 'home') });
      await certificate.decide({ taskId: `${workflowId}:confirm:a`, actorId: 'confirmer', decision: { outcome: 'confirm' } });
    }
    expect(one.names()).toEqual(['resolveCertificateParticipants', 'openTask', 'notifyCertificate', 'recordCertificate', 'closeTask', 'notifyCertificate', 'recordCertificate']);
    expect(batch.names()).toEqual(['resolveCertificateParticipants', 'certificateStep', 'certificateStep']);
    const effects = batch.calls.filter(([n]) => n === 'certificateStep').flatMap(([, a]) => (a as { effects: Record<string, unknown>[] }).effects);
    const asCalls = effects.map((e) => {
      const [kind, arg] = Object.entries(e)[0];
      return [{ openTask: 'openTask', closeTask: 'closeTask', notify: 'notifyCertificate', record: 'recordCertificate', settleProposal: 'settleProposal' }[kind], arg];
    });
    expect(asCalls).toEqual(one.calls.slice(1));
  });

  it('records a participation, opens its confirmation task once the confirmer is known, and confirms it', async () => {
    const { certificate, calls } = started();
    const taskId = `${workflowId}:confirm:a`;
    const view = await certificate.recordParticipation({ actorId: 'student', participation: activity('a', 'home') });
    expect(view.participations).toEqual([{ ...activity('a', 'home'), status: 'awaiting_confirmation', taskId }]);
    expect(calls.map(([name]) => name)).toEqual(['resolveCertificateParticipants', 'openTask', 'notifyCertificate', 'recordCertificate']);
    expect(calls[1][1]).toMatchObject({ taskId, assigneeId: 'confirmer', type: 'confirm_participation' });

    expect(refusalOf(() => certificate.refuseDecision({ taskId, actorId: 'student', decision: { outcome: 'confirm' } }))).toMatchObject({ kind: 'forbidden' });
    expect(refusalOf(() => certificate.refuseDecision({ taskId, actorId: 'confirmer', decision: { outcome: 'approve' } }))).toEqual({ kind: 'invalid', field: 'outcome', message: 'outcome must be confirm or reject' });
    expect(refusalOf(() => certificate.refuseDecision({ taskId, actorId: 'confirmer', decision: { outcome: 'reject' } }))).toMatchObject({ kind: 'invalid', field: 'reason' });
    expect(await certificate.decide({ taskId, actorId: 'confirmer', decision: { outcome: 'confirm' } })).toEqual({ taskId, outcome: 'confirm' });
    expect(certificate.view().participations[0]).toMatchObject({ status: 'confirmed', confirmedBy: 'confirmer' });
    expect(refusalOf(() => certificate.refuseDecision({ taskId, actorId: 'confirmer', decision: { outcome: 'confirm' } }))).toEqual({ kind: 'conflict', message: 'this participation is already decided' });
    expect(refusalOf(() => certificate.refuseDecision({ taskId: 'nope', actorId: 'confirmer', decision: { outcome: 'confirm' } }))).toMatchObject({ kind: 'not_found' });
  });

  it('refuses a participation that is not the student’s, a repeat, or one of no known category', async () => {
    const { certificate } = started();
    expect(refusalOf(() => certificate.refuseParticipation({ actorId: 'someone', participation: activity('a', 'home') }))).toMatchObject({ kind: 'forbidden' });
    expect(refusalOf(() => certificate.refuseParticipation({ actorId: 'student', participation: { participationId: 'b', category: 'space' } }))).toMatchObject({ kind: 'invalid', field: 'category' });
    await certificate.recordParticipation({ actorId: 'student', participation: activity('a', 'home') });
    expect(refusalOf(() => certificate.refuseParticipation({ actorId: 'student', participation: activity('a', 'home') }))).toEqual({ kind: 'conflict', message: 'this participation is already recorded' });
  });

  it('takes facts from other systems once, and knows when everything is met', async () => {
    const { certificate } = started();
    for (const [key, category] of [['e1', 'home'], ['e2', 'abroad'], ['e3', 'home']] as const) {
      certificate.externalEvent({ key, source: 'lms', type: 'activity_completed', activityId: key, category });
      certificate.externalEvent({ key, source: 'lms', type: 'activity_completed', activityId: key, category });
    }
    certificate.externalEvent({ key: 'e4', source: 'lms', type: 'career_course_completed' });
    expect(certificate.requirementsMet()).toBe(false);
    await certificate.recordMilestone({ actorId: 'coordinator', kind: 'presentation' });
    expect(certificate.view().participations.map((p) => [p.participationId, p.status])).toEqual([
      ['event-e1', 'confirmed'],
      ['event-e2', 'confirmed'],
      ['event-e3', 'confirmed'],
    ]);
    expect(certificate.carry().seenEvents).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(certificate.requirementsMet()).toBe(true);
    await certificate.askForReport();
    expect(certificate.stage).toBe('report_due');
  });

  it('reviews a report handed in: a revision sends it back, an approval issues the diploma', async () => {
    const { certificate, calls } = started({ stage: 'report_due', participations: [], careerCourse: true, presentation: true, reportRound: 0, seenEvents: [], notices: 0 });
    expect(refusalOf(() => certificate.refuseReport({ actorId: 'someone' }))).toMatchObject({ kind: 'forbidden' });
    await certificate.submitReport({ actorId: 'student', reportId: 'r1', meetingId: 'm1' });
    expect(certificate.view()).toMatchObject({ stage: 'in_review', reportRound: 1, reviewMeetingId: 'm1' });
    expect(refusalOf(() => certificate.refuseReview({ actorId: 'member', meetingId: 'm2', outcome: 'approve' }))).toMatchObject({ kind: 'conflict' });
    expect(refusalOf(() => certificate.refuseReview({ actorId: 'student', meetingId: 'm1', outcome: 'approve' }))).toMatchObject({ kind: 'forbidden' });
    expect(refusalOf(() => certificate.refuseReview({ actorId: 'member', meetingId: 'm1', outcome: 'revise' }))).toMatchObject({ kind: 'invalid', field: 'comment' });

    certificate.requestReview({ actorId: 'member', outcome: 'revise', comment: 'more' });
    expect(certificate.reviewSettled()).toBe(false);
    expect(await certificate.actOnReview()).toBe(false);
    expect(certificate.reviewSettled()).toBe(true);
    expect(certificate.view()).toMatchObject({ stage: 'report_due', reviewMeetingId: undefined });

    await certificate.submitReport({ actorId: 'student', reportId: 'r2', meetingId: 'm2' });
    certificate.requestReview({ actorId: 'member', outcome: 'approve' });
    expect(await certificate.actOnReview()).toBe(true);
    expect(certificate.stage).toBe('completed');
    expect(calls.filter(([name]) => name === 'issueDiploma')).toEqual([['issueDiploma', { certificateId: 'k1', counted: [] }]]);
  });

  it('withdraws at the student’s request: open tasks cancelled', async () => {
    const { certificate, calls } = started();
    await certificate.recordParticipation({ actorId: 'student', participation: activity('a', 'home') });
    expect(refusalOf(() => certificate.refuseWithdrawal({ actorId: 'someone' }))).toMatchObject({ kind: 'forbidden' });
    certificate.requestWithdrawal({ actorId: 'student' });
    expect(refusalOf(() => certificate.refuseWithdrawal({ actorId: 'student' }))).toEqual({ kind: 'conflict', message: 'the certificate is collecting' });
    calls.length = 0;
    await certificate.withdraw();
    expect(certificate.stage).toBe('withdrawn');
    expect(calls.map(([name, arg]) => [name, (arg as { taskId?: string }).taskId])).toEqual([
      ['closeTask', `${workflowId}:confirm:a`],
      ['upsertSearchAttributes', undefined],
      ['recordCertificate', undefined],
      ['notifyCertificate', undefined],
    ]);
  });
});
