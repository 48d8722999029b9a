import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { In, type DataSource } from 'typeorm';
import { CentralResourceGroupEntity, PersonEntity, ProgrammeEntity, RoleAssignmentEntity, RolloutCaseEntity, CertificateEntity, DepartmentEntity, TaskEntity, type Language } from '../../../platform/db/entities/index.js';
import type { Role } from '../../auth/roles.js';
import { CertificateRepository } from '../../certificates/certificate.repository.js';
import { layout } from '../../../platform/mail/mail-layout.js';
import { callWorkflow } from '../../../platform/temporal/refusals.js';
import { reassignConfirmerUpdate } from '../../../../workflows/contracts/certificate.contract.js';
import { reassignTaskUpdate } from '../../../../workflows/contracts/rollout.contract.js';
import { certificateWorkflowId } from '../../../../workflows/contracts/ids.js';
import { MailOutbox } from '../../../platform/mail/mail-outbox.js';
import { readImportFiles, validateImport, type OrganisationImport } from './import-format.js';
import { describePlan, planImport, type ImportPlan, type Snapshot } from './import-plan.js';
import { OrganisationImportRepository, type OrphanedTask } from './import.repository.js';

/**
 * Open work whose holder's role ended, moved to the role's new holder: a rollout task (as a manual
 * reassignment, with its notices), or a certificate's confirmations and proposals (`confirmer`:
 * the local group's confirming seat changed hands; `taskId` is then one of the certificate's tasks).
 */
export interface TaskHandover {
  kind: 'task' | 'confirmer';
  taskId: string;
  workflowId: string;
  caseId: string;
  type: string;
  from: string;
  to: string;
  /** Why it could not be moved (it stays with `from`), when it could not. */
  failed?: string;
  /** For `confirmer`: the certificate's tasks that moved. */
  moved?: string[];
}

/** The role a rollout task is its holder's because of, and where that role applies on the case. */
const TASK_ROLE: Record<string, { role: Role; scope: 'programme' | 'department' | 'faculty' }> = {
  anchoring_programme_leader: { role: 'programme_leader', scope: 'programme' },
  anchoring_section_head: { role: 'section_head', scope: 'faculty' },
  final_approval: { role: 'head_of_department', scope: 'department' },
  register_local_group: { role: 'faculty_representative', scope: 'faculty' },
};

export interface ImportOutcome {
  plan: ImportPlan;
  /** Open tasks moved to the new holder of the role that gave them to the old one. */
  handovers: TaskHandover[];
  /** False for a dry run. */
  applied: boolean;
  /** Open tasks whose holder the import deactivated, to be reassigned (their faculty's representative and the central group are told). */
  orphanedTasks: OrphanedTask[];
  /** The plan in words, as printed. */
  lines: string[];
}

export interface ImportOptions {
  dryRun?: boolean;
  /** Who runs it (recorded in the import history). */
  actor: string;
  publicUrl: string;
  progress?: (msg: string) => void;
  /** Add and change only: deactivate nothing, end no role (the demo seed, which runs at every start). */
  additive?: boolean;
  /**
   * Moves an open task to another holder as a manual reassignment does (the rollout workflow's
   * reassignTask update: the timeline and the notices to both). Without it, tasks are not moved.
   */
  handOver?: (task: TaskHandover) => Promise<string[] | void>;
}

/**
 * Imports the organisation from the files named (see import-format.ts): reads and checks all of it
 * first (every problem with file, line and column; nothing is written when anything is wrong),
 * compares it with the database, and unless it is a dry run writes the difference in one
 * transaction (upserts keyed by the university's codes and ids; nothing deleted, what is no longer
 * listed is deactivated). Running it again with the same files changes nothing.
 */
export async function importOrganisation(db: DataSource, paths: string[], options: ImportOptions): Promise<ImportOutcome> {
  const say = options.progress ?? (() => {});
  const repository = new OrganisationImportRepository(db);
  const read = readImportFiles(paths);
  const counts = Object.entries(read.rows).map(([kind, rows]) => `${rows.length} ${kind}`);
  say(`read ${read.sources.length} file(s): ${counts.join(', ') || 'nothing'}`);
  const before = await repository.snapshot();
  const imp = validateImport(read, OrganisationImportRepository.codes(before));
  return applyImport(db, imp, before, options);
}

/** The same, for an import already read and checked (the demo seed builds one in code). */
export async function applyImport(db: DataSource, imp: OrganisationImport, before: Awaited<ReturnType<OrganisationImportRepository['snapshot']>> | undefined, options: ImportOptions): Promise<ImportOutcome> {
  const say = options.progress ?? (() => {});
  const repository = new OrganisationImportRepository(db);
  const plan = planImport(imp, before ?? (await repository.snapshot()), { additive: options.additive });
  const lines = describePlan(plan);
  if (options.dryRun || plan.changes.length === 0) return { plan, applied: false, handovers: [], orphanedTasks: [], lines };
  say(`writing ${plan.changes.length} change(s)`);
  const snapshot = before ?? (await repository.snapshot());
  const deactivatedTasks = await repository.apply(plan, { actor: options.actor, source: imp.sources.join(', ') }, say);
  const endedIds = new Set(plan.roles.end);
  const grantedSeats = [...new Set(plan.roles.grant.filter((g) => g.role === 'local_group_member' && CONFIRMING_SEATS.includes(g.seat ?? '')).map((g) => g.scope!))];
  const seatProgrammes = grantedSeats.length ? (await db.getRepository(ProgrammeEntity).find({ select: { id: true }, where: { code: In(grantedSeats) } })).map((p) => p.id) : [];
  const handovers = await handOverTasksOfEndedRoles(db, snapshot.roles.filter((r) => endedIds.has(r.id)), options.handOver, say, seatProgrammes);
  const moved = new Set(handovers.filter((h) => !h.failed).flatMap((h) => (h.kind === 'task' ? [h.taskId] : (h.moved ?? []))));
  const orphanedTasks = deactivatedTasks.filter((t) => !moved.has(t.taskId));
  if (orphanedTasks.length) await tellAboutOrphanedTasks(db, orphanedTasks, options.publicUrl);
  return { plan, applied: true, handovers, orphanedTasks, lines };
}

/**
 * When a role changes hands (the import ends it for one person and another holds it now), the
 * open rollout tasks the old holder had because of that role, on cases where it applies, move to
 * the new holder. A task someone was given by hand (not because of the role) is not touched.
 */
export async function handOverTasksOfEndedRoles(db: DataSource, endedRoles: Snapshot['roles'], handOver: ImportOptions['handOver'], say: (msg: string) => void = () => {}, grantedSeatProgrammes: string[] = []): Promise<TaskHandover[]> {
  // A confirming seat that ended or was given may change who confirms a programme's certificates.
  const seatProgrammes = endedRoles.filter((r) => r.role === 'local_group_member' && r.programmeId && CONFIRMING_SEATS.includes(r.localGroupRole ?? '')).map((r) => r.programmeId!);
  const handovers = [...(await rolloutHandovers(db, endedRoles)), ...(await confirmerHandovers(db, [...seatProgrammes, ...grantedSeatProgrammes]))];
  for (const h of handovers) {
    if (!handOver) {
      h.failed = 'the import ran without Temporal';
      continue;
    }
    try {
      const moved = await handOver(h);
      if (h.kind === 'confirmer') h.moved = moved ?? [];
      if (h.kind === 'task' || h.moved?.length) say(h.kind === 'task' ? `task ${h.taskId} (${h.type}) moved to the role's new holder` : `the open confirmations of certificate ${h.caseId} moved to the local group's confirmer`);
    } catch (err) {
      h.failed = (err as Error).message;
    }
  }
  // A certificate told who confirms now, with nothing open to move, is not news.
  return handovers.filter((h) => h.kind === 'task' || h.failed || h.moved?.length);
}

/** The seats of a local group that confirm (certificates.localGroup's rule: the administrative resource, else the coordinator). */
const CONFIRMING_SEATS = ['administrative_resource', 'academic_coordinator'];

/** Open certificates of the programmes whose confirming seat changed: each is told who confirms now (a no-op where nothing changed). */
async function confirmerHandovers(db: DataSource, programmeIds: string[]): Promise<TaskHandover[]> {
  const out: TaskHandover[] = [];
  for (const programmeId of [...new Set(programmeIds)]) {
    // The same rule the certificate workflow resolves its confirmer by.
    const { confirmerId } = await new CertificateRepository(db).localGroup(programmeId);
    if (!confirmerId) continue;
    const open = await db.getRepository(CertificateEntity).find({ select: { id: true }, where: { programmeId, stage: In(['collecting', 'report_due', 'in_review']) } });
    for (const c of open) out.push({ kind: 'confirmer', taskId: '', workflowId: certificateWorkflowId(c.id), caseId: c.id, type: 'confirmer', from: '', to: confirmerId });
  }
  return out;
}

/** Rollout tasks the old holder had because of a role that ended, where someone else holds it now. */
async function rolloutHandovers(db: DataSource, endedRoles: Snapshot['roles']): Promise<TaskHandover[]> {
  const ended = endedRoles.filter((r) => Object.values(TASK_ROLE).some((t) => t.role === r.role));
  if (!ended.length) return [];
  const types = Object.keys(TASK_ROLE);
  const tasks = await db.getRepository(TaskEntity).find({ where: { caseType: 'rollout', status: 'open', type: In(types), assigneeId: In([...new Set(ended.map((r) => r.personId))]) } });
  if (!tasks.length) return [];
  const cases = new Map((await db.getRepository(RolloutCaseEntity).find({ select: { id: true, programmeId: true, facultyId: true }, where: { id: In([...new Set(tasks.map((t) => t.caseId))]) } })).map((c) => [c.id, c]));
  const departments = new Map((await db.getRepository(ProgrammeEntity).find({ select: { id: true, departmentId: true }, where: { id: In([...new Set([...cases.values()].map((c) => c.programmeId))]) } })).map((p) => [p.id, p.departmentId]));
  const holders = await db.getRepository(RoleAssignmentEntity).find({ where: { role: In([...new Set(ended.map((r) => r.role))]) }, order: { createdAt: 'ASC' } });
  const active = new Set((await db.getRepository(PersonEntity).find({ select: { id: true }, where: { id: In([...new Set(holders.map((h) => h.personId))].concat(ended.map((r) => r.personId))), active: true } })).map((p) => p.id));

  const handovers: TaskHandover[] = [];
  for (const task of tasks) {
    const need = TASK_ROLE[task.type];
    const c = cases.get(task.caseId);
    if (!c) continue;
    const scopeId = need.scope === 'programme' ? c.programmeId : need.scope === 'faculty' ? c.facultyId : departments.get(c.programmeId);
    const scopeOf = (r: { facultyId: string | null; departmentId: string | null; programmeId: string | null }) => (need.scope === 'programme' ? r.programmeId : need.scope === 'faculty' ? r.facultyId : r.departmentId);
    // The old holder had the task because of this role here, and no longer holds it.
    if (!ended.some((r) => r.personId === task.assigneeId && r.role === need.role && scopeOf(r) === scopeId)) continue;
    const next = holders.find((h) => h.role === need.role && scopeOf(h) === scopeId && h.personId !== task.assigneeId && active.has(h.personId));
    if (!next) continue;
    handovers.push({ kind: 'task', taskId: task.id, workflowId: task.workflowId, caseId: task.caseId, type: task.type, from: task.assigneeId, to: next.personId });
  }
  return handovers;
}

/** Moves work through the case's workflow, as a manual reassignment does (rollouts) or by the confirmer's change (certificates). */
export function handOverThrough(client: Client): (h: TaskHandover) => Promise<string[] | void> {
  return async (h) => {
    const handle = client.workflow.getHandle(h.workflowId);
    if (h.kind === 'task') {
      await callWorkflow(() => handle.executeUpdate(reassignTaskUpdate, { args: [{ taskId: h.taskId, assigneeId: h.to }] }));
      return [h.taskId];
    }
    return (await callWorkflow(() => handle.executeUpdate(reassignConfirmerUpdate, { args: [{ assigneeId: h.to }] }))).moved;
  };
}

/**
 * Tells the central group (its mailbox) and each faculty's representative which open tasks lost
 * their holder, with a link to each case, where they reassign them. One e-mail per recipient.
 */
async function tellAboutOrphanedTasks(db: DataSource, tasks: OrphanedTask[], publicUrl: string): Promise<void> {
  const caseIds = [...new Set(tasks.map((t) => t.caseId))];
  const rollouts = await db.getRepository(RolloutCaseEntity).find({ select: { id: true, facultyId: true }, where: { id: In(caseIds) } });
  const certificates = await db.getRepository(CertificateEntity).find({ select: { id: true, programmeId: true }, where: { id: In(caseIds) } });
  const programmes = certificates.length ? await db.getRepository(ProgrammeEntity).find({ select: { id: true, departmentId: true }, where: { id: In(certificates.map((c) => c.programmeId)) } }) : [];
  const departments = programmes.length ? await db.getRepository(DepartmentEntity).find({ select: { id: true, facultyId: true }, where: { id: In(programmes.map((p) => p.departmentId)) } }) : [];
  const facultyOfDepartment = new Map(departments.map((d) => [d.id, d.facultyId]));
  const facultyOfProgramme = new Map(programmes.map((p) => [p.id, facultyOfDepartment.get(p.departmentId)]));
  const facultyOfCase = new Map<string, string | undefined>([...rollouts.map((r) => [r.id, r.facultyId] as const), ...certificates.map((c) => [c.id, facultyOfProgramme.get(c.programmeId)] as const)]);
  const holders = new Map((await db.getRepository(PersonEntity).find({ select: { id: true, name: true }, where: { id: In([...new Set(tasks.map((t) => t.assigneeId))]) } })).map((p) => [p.id, p.name]));

  const representatives = await db.getRepository(RoleAssignmentEntity).find({ where: { role: 'faculty_representative' } });
  const people = new Map(
    representatives.length ? (await db.getRepository(PersonEntity).find({ select: { id: true, email: true, preferredLanguage: true, active: true }, where: { id: In(representatives.map((r) => r.personId)) } })).map((p) => [p.id, p]) : [],
  );
  const recipients: { to: string; language: Language; tasks: OrphanedTask[] }[] = [];
  const central = await db.getRepository(CentralResourceGroupEntity).findOne({ where: {} });
  if (central) recipients.push({ to: central.mailbox, language: 'nb', tasks });
  for (const rep of representatives) {
    const person = people.get(rep.personId);
    const theirs = tasks.filter((t) => facultyOfCase.get(t.caseId) === rep.facultyId);
    if (person?.active && theirs.length) recipients.push({ to: person.email, language: person.preferredLanguage, tasks: theirs });
  }
  const outbox = new MailOutbox(db);
  const batch = createHash('sha256').update(tasks.map((t) => t.taskId).sort().join(',')).digest('hex').slice(0, 16);
  for (const r of recipients) {
    const nb = r.language === 'nb';
    const rendered = layout(
      {
        subject: nb ? `CIL: ${r.tasks.length} åpne oppgaver trenger en ny ansvarlig` : `CIL: ${r.tasks.length} open tasks need a new holder`,
        greeting: nb ? 'Hei,' : 'Hello,',
        paragraphs: [
          nb
            ? 'Organisasjonsimporten har deaktivert personer som hadde åpne oppgaver i CIL Flow. Gi oppgavene til noen andre på saksiden (Omfordel).'
            : 'The organisation import deactivated people who held open tasks in CIL Flow. Give the tasks to someone else on the case page (Reassign).',
          ...r.tasks.map((t) => `${t.type} · ${holders.get(t.assigneeId) ?? t.assigneeId} · ${nb ? 'frist' : 'due'} ${t.dueAt.toISOString().slice(0, 10)} · ${publicUrl}/${t.caseType === 'rollout' ? 'cases' : 'certificates'}/${t.caseId}`),
        ],
      },
      r.language,
    );
    await outbox.queue({ key: `organisation-import:${batch}:${r.to}`, recipient: r.to, kind: 'organisation_orphaned_tasks', caseId: null }, rendered);
  }
}
