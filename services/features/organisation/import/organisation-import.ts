import { createHash } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { CentralResourceGroupEntity, PersonEntity, ProgrammeEntity, RoleAssignmentEntity, RolloutCaseEntity, CertificateEntity, DepartmentEntity, type Language } from '../../../platform/db/entities/index.js';
import { layout } from '../../../platform/mail/mail-layout.js';
import { MailOutbox } from '../../../platform/mail/mail-outbox.js';
import { readImportFiles, validateImport, type OrganisationImport } from './import-format.js';
import { describePlan, planImport, type ImportPlan } from './import-plan.js';
import { OrganisationImportRepository, type OrphanedTask } from './import.repository.js';

export interface ImportOutcome {
  plan: ImportPlan;
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
  if (options.dryRun || plan.changes.length === 0) return { plan, applied: false, orphanedTasks: [], lines };
  say(`writing ${plan.changes.length} change(s)`);
  const orphanedTasks = await repository.apply(plan, { actor: options.actor, source: imp.sources.join(', ') }, say);
  if (orphanedTasks.length) await tellAboutOrphanedTasks(db, orphanedTasks, options.publicUrl);
  return { plan, applied: true, orphanedTasks, lines };
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
