/** The verdict of one check: what was counted, and each problem found (empty when it holds). */
export interface CheckResult {
  name: string;
  pass: boolean;
  counted: string;
  problems: string[];
}

function result(name: string, counted: string, problems: string[]): CheckResult {
  return { name, pass: problems.length === 0, counted, problems };
}

/** One row of the mail outbox. */
export interface OutboxRow {
  idempotencyKey: string;
  messageId: string;
  kind: string;
  caseId: string | null;
  status: string;
}

/** Message-IDs compare without their angle brackets and surrounding space. */
export function normaliseMessageId(id: string): string {
  return id.trim().replace(/^<|>$/g, '');
}

function tally<T>(items: Iterable<T>): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/**
 * E-mail exactly once: every outbox row sent, every outbox Message-ID received, none received
 * twice, none received that the outbox does not know, and one outbox row per Message-ID.
 */
export function checkMail(outbox: readonly OutboxRow[], received: readonly { messageId: string | null; atSeconds?: number }[]): CheckResult[] {
  const idOf = (m: { messageId: string | null }) => (m.messageId ? normaliseMessageId(m.messageId) : '(no Message-ID)');
  const receivedCounts = tally(received.map(idOf));
  const outboxCounts = tally(outbox.map((r) => normaliseMessageId(r.messageId)));
  const rowOf = new Map(outbox.map((r) => [normaliseMessageId(r.messageId), r]));
  const label = (r: OutboxRow) => `${r.kind}, case ${r.caseId ?? 'none'}`;
  const times = (id: string) => {
    const at = received.filter((m) => idOf(m) === id && m.atSeconds !== undefined).map((m) => `+${m.atSeconds!.toFixed(1)} s`);
    return at.length ? ` at ${at.join(', ')}` : '';
  };

  const unsent = outbox.filter((r) => r.status !== 'sent');
  const missing = outbox.filter((r) => !receivedCounts.has(normaliseMessageId(r.messageId)));
  const twice = [...receivedCounts].filter(([, n]) => n > 1);
  const unexpected = [...receivedCounts].filter(([id]) => !outboxCounts.has(id));
  const sharedIds = [...outboxCounts].filter(([, n]) => n > 1);
  return [
    result('mail outbox drained: every row sent', `${outbox.length - unsent.length}/${outbox.length} sent`, unsent.map((r) => `still ${r.status}: ${r.messageId} (${label(r)})`)),
    result(
      'every outbox Message-ID received by SMTP',
      `${outbox.length - missing.length}/${outbox.length} received`,
      missing.map((r) => `never received: ${r.messageId} (${label(r)})${r.status === 'sent' ? ', though marked sent' : ''}`),
    ),
    result(
      'no Message-ID received twice',
      `${receivedCounts.size} distinct of ${received.length} received`,
      twice.map(([id, n]) => `received ${n} times: <${id}>${rowOf.has(id) ? ` (${label(rowOf.get(id)!)})` : ''}${times(id)}`),
    ),
    result('nothing received that is not in the outbox', `${unexpected.length} unknown`, unexpected.map(([id, n]) => `not in the outbox: <${id}>${n > 1 ? ` (×${n})` : ''}${times(id)}`)),
    result('one outbox row per Message-ID', `${outboxCounts.size} distinct of ${outbox.length} rows`, sharedIds.map(([id, n]) => `${n} outbox rows share <${id}>`)),
  ];
}

/** What differs between two multisets, e.g. "missing report_due; extra task_assigned ×2". */
export function multisetDifference(expected: readonly string[], actual: readonly string[]): string | undefined {
  const want = tally(expected);
  const got = tally(actual);
  const parts: string[] = [];
  const missing = [...want].filter(([k, n]) => (got.get(k) ?? 0) < n).map(([k, n]) => `${k}${n - (got.get(k) ?? 0) > 1 ? ` ×${n - (got.get(k) ?? 0)}` : ''}`);
  const extra = [...got].filter(([k, n]) => (want.get(k) ?? 0) < n).map(([k, n]) => `${k}${n - (want.get(k) ?? 0) > 1 ? ` ×${n - (want.get(k) ?? 0)}` : ''}`);
  if (missing.length) parts.push(`missing ${missing.join(', ')}`);
  if (extra.length) parts.push(`extra ${extra.join(', ')}`);
  return parts.length ? parts.join('; ') : undefined;
}

/** Everything the harness found about one journey after the run. */
export interface JourneyFacts {
  label: string;
  /** The HTTP journey's own verdict: undefined when it finished, else its error. */
  error?: string;
  /** The student's certificates (exactly one expected). */
  certificateIds: string[];
  /** The rest describes the journey's certificate, if it has one. */
  stage?: string;
  workflowStatus?: string;
  diplomas: number;
  /** Participation rows in the database. */
  participationIds: string[];
  /** Participations in the workflow's view, with their status. */
  workflowParticipations: { id: string; status: string }[];
  /** Why the workflow's view could not be queried, if it could not. */
  viewError?: string;
  confirmTasks: { status: string }[];
  /** The statuses of the certificate's reflection reports. */
  reports: string[];
  mailKinds: string[];
  eventKinds: string[];
}

/** What one fault-free journey leaves behind: the reference every faulted journey must match. */
export interface JourneyExpectation {
  participations: number;
  mailKinds: string[];
  eventKinds: string[];
}

/** No journey lost, no decision lost, no row duplicated. */
export function checkJourneys(facts: readonly JourneyFacts[], expected: JourneyExpectation): CheckResult[] {
  const n = facts.length;
  const per = (name: string, problem: (f: JourneyFacts) => string | undefined): CheckResult => {
    const problems = facts.flatMap((f) => {
      const p = problem(f);
      return p ? [`${f.label}: ${p}`] : [];
    });
    return result(name, `${n - problems.length}/${n}`, problems);
  };
  const certified = (f: JourneyFacts, check: () => string | undefined) => (f.certificateIds.length ? check() : 'no certificate');
  const k = expected.participations;
  return [
    per('every journey finished over HTTP', (f) => f.error),
    per('one certificate per student', (f) => (f.certificateIds.length === 1 ? undefined : `${f.certificateIds.length} certificates`)),
    per('certificate completed in the read model', (f) => certified(f, () => (f.stage === 'completed' ? undefined : `stage ${f.stage}`))),
    per('certificate workflow COMPLETED in Temporal', (f) => certified(f, () => (f.workflowStatus === 'COMPLETED' ? undefined : `workflow ${f.workflowStatus ?? 'not found'}`))),
    per('one diploma per certificate', (f) => certified(f, () => (f.diplomas === 1 ? undefined : `${f.diplomas} diplomas`))),
    per(`${k} participations per certificate, rows = workflow's, all confirmed`, (f) =>
      certified(f, () => {
        const problems: string[] = [];
        if (f.viewError) problems.push(`the workflow's view could not be queried: ${f.viewError}`);
        if (f.participationIds.length !== k) problems.push(`${f.participationIds.length} participation rows`);
        if (f.workflowParticipations.length !== k) problems.push(`${f.workflowParticipations.length} participations in the workflow`);
        const rows = new Set(f.participationIds);
        const inWorkflow = new Set(f.workflowParticipations.map((p) => p.id));
        const onlyInWorkflow = [...inWorkflow].filter((id) => !rows.has(id)).length;
        const onlyInRows = [...rows].filter((id) => !inWorkflow.has(id)).length;
        if (onlyInWorkflow) problems.push(`${onlyInWorkflow} in the workflow without a row`);
        if (onlyInRows) problems.push(`${onlyInRows} rows the workflow does not know`);
        const unconfirmed = f.workflowParticipations.filter((p) => p.status !== 'confirmed');
        if (unconfirmed.length) problems.push(`${unconfirmed.length} not confirmed (${unconfirmed.map((p) => p.status).join(', ')})`);
        return problems.join('; ') || undefined;
      }),
    ),
    per(`${k} confirmation tasks per certificate, all done`, (f) =>
      certified(f, () => {
        const notDone = f.confirmTasks.filter((t) => t.status !== 'done');
        if (f.confirmTasks.length === k && !notDone.length) return undefined;
        return `${f.confirmTasks.length} tasks${notDone.length ? `, ${notDone.length} not done (${notDone.map((t) => t.status).join(', ')})` : ''}`;
      }),
    ),
    per('one reflection report per certificate, approved', (f) =>
      certified(f, () => (f.reports.length === 1 && f.reports[0] === 'approved' ? undefined : `${f.reports.length} reports (${f.reports.join(', ') || 'none'})`)),
    ),
    per('e-mail kinds per certificate as in the reference journey', (f) => certified(f, () => multisetDifference(expected.mailKinds, f.mailKinds))),
    per('timeline events per certificate as in the reference journey', (f) => certified(f, () => multisetDifference(expected.eventKinds, f.eventKinds))),
  ];
}

/** Every planned fault was injected while journeys were in flight, and its piece came back. */
export function checkFaults(planned: number, injected: readonly { what: string; inFlight: number; error?: string }[]): CheckResult {
  const problems = [
    ...(injected.length < planned ? [`only ${injected.length} of ${planned} planned faults were injected before the journeys ended`] : []),
    ...injected.filter((f) => f.error).map((f) => `${f.what}: ${f.error}`),
    ...injected.filter((f) => f.inFlight === 0).map((f) => `${f.what}: no journey was in flight`),
  ];
  return result('every planned fault injected during the journeys, and recovered from', `${injected.length}/${planned}`, problems);
}

