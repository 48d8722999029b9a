import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { certificateWorkflowId } from '../../workflows/contracts/ids.js';
import { certificateViewQuery } from '../../workflows/contracts/certificate.contract.js';
import type { certificateWorkflow } from '../../workflows/certificate/certificate.workflow.js';
import type { Db } from '../kit/fixtures.js';
import { inPool } from '../kit/http.js';
import type { JourneyFacts, OutboxRow } from './checks.js';

/** Every row of the mail outbox. */
export async function readOutbox(db: Db): Promise<OutboxRow[]> {
  return (await db.query<OutboxRow>(`SELECT idempotency_key AS "idempotencyKey", message_id AS "messageId", kind, case_id AS "caseId", status FROM mail_outbox ORDER BY idempotency_key`)).rows;
}

/** Waits until no outbox row is pending (at most `timeoutMs`); answers how many still are. */
export async function waitForOutbox(db: Db, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM mail_outbox WHERE status <> 'sent'`)).rows[0].n;
    if (!pending || Date.now() > deadline) return pending;
    await sleep(500);
  }
}


async function workflowStatus(client: Client, certificateId: string): Promise<string> {
  try {
    return (await client.workflow.getHandle(certificateWorkflowId(certificateId)).describe()).status.name;
  } catch (err) {
    return `unreadable (${(err as Error).message.slice(0, 100)})`;
  }
}

/** Waits until every certificate's workflow has closed (at most `timeoutMs`); answers those still running. */
export async function waitForWorkflows(client: Client, certificateIds: readonly string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let open = [...certificateIds];
  for (;;) {
    const statuses = await inPool(open, 8, (id) => workflowStatus(client, id));
    open = open.filter((_, i) => statuses[i] === 'RUNNING' || statuses[i].startsWith('unreadable'));
    if (!open.length || Date.now() > deadline) return open;
    await sleep(1_000);
  }
}

/** Groups rows by a key column. */
function byKey<R, V>(rows: readonly R[], key: (r: R) => string | null, value: (r: R) => V): Map<string, V[]> {
  const map = new Map<string, V[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const list = map.get(k);
    if (list) list.push(value(r));
    else map.set(k, [value(r)]);
  }
  return map;
}

export interface JourneyOutcome {
  label: string;
  studentId: string;
  certificateId?: string;
  error?: string;
}

/** Reads, for each journey, what the database, Temporal and the outbox hold about its certificate. */
export async function gatherFacts(db: Db, client: Client, journeys: readonly JourneyOutcome[], outbox: readonly OutboxRow[]): Promise<JourneyFacts[]> {
  const studentIds = journeys.map((j) => j.studentId);
  const certificates = (await db.query<{ id: string; student_id: string; stage: string }>('SELECT id, student_id, stage FROM certificate WHERE student_id = ANY($1) ORDER BY created_at', [studentIds])).rows;
  const ids = certificates.map((c) => c.id);
  const rowsOf = async <R extends { certificate_id: string }>(sql: string) => (await db.query<R>(sql, [ids])).rows;
  const diplomas = byKey(await rowsOf('SELECT certificate_id FROM diploma WHERE certificate_id = ANY($1)'), (r) => r.certificate_id, () => 1);
  const participations = byKey(await rowsOf<{ certificate_id: string; id: string }>('SELECT certificate_id, id FROM participation WHERE certificate_id = ANY($1)'), (r) => r.certificate_id, (r) => r.id);
  const tasks = byKey(
    await rowsOf<{ certificate_id: string; status: string }>(`SELECT case_id AS certificate_id, status FROM task WHERE case_id = ANY($1) AND type = 'confirm_participation'`),
    (r) => r.certificate_id,
    (r) => ({ status: r.status }),
  );
  const reports = byKey(await rowsOf<{ certificate_id: string; status: string }>('SELECT certificate_id, status FROM reflection_report WHERE certificate_id = ANY($1)'), (r) => r.certificate_id, (r) => r.status);
  const events = byKey(await rowsOf<{ certificate_id: string; kind: string }>('SELECT case_id AS certificate_id, kind FROM case_event WHERE case_id = ANY($1)'), (r) => r.certificate_id, (r) => r.kind);
  const mail = byKey(outbox, (r) => r.caseId, (r) => r.kind);
  const ofStudent = byKey(certificates, (c) => c.student_id, (c) => c);

  return inPool(journeys, 8, async (j): Promise<JourneyFacts> => {
    const mine = ofStudent.get(j.studentId) ?? [];
    const certificate = mine.find((c) => c.id === j.certificateId) ?? mine[0];
    const facts: JourneyFacts = {
      label: j.label,
      error: j.error,
      certificateIds: mine.map((c) => c.id),
      diplomas: 0,
      participationIds: [],
      workflowParticipations: [],
      confirmTasks: [],
      reports: [],
      mailKinds: [],
      eventKinds: [],
    };
    if (!certificate) return facts;
    const id = certificate.id;
    Object.assign(facts, {
      stage: certificate.stage,
      workflowStatus: await workflowStatus(client, id),
      diplomas: diplomas.get(id)?.length ?? 0,
      participationIds: participations.get(id) ?? [],
      confirmTasks: tasks.get(id) ?? [],
      reports: reports.get(id) ?? [],
      mailKinds: mail.get(id) ?? [],
      eventKinds: events.get(id) ?? [],
    });
    try {
      // A completed workflow returns its view: reading the result needs no replay, unlike a query.
      const handle = client.workflow.getHandle<typeof certificateWorkflow>(certificateWorkflowId(id));
      const view = facts.workflowStatus === 'COMPLETED' ? await handle.result() : await handle.query(certificateViewQuery);
      facts.workflowParticipations = view.participations.map((p) => ({ id: p.participationId, status: p.status }));
    } catch (err) {
      facts.viewError = (err as Error).message.slice(0, 200);
    }
    return facts;
  });
}
