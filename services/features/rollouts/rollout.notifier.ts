import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';
import type { Language } from '../../platform/db/entities/index.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { MailOutbox } from '../../platform/mail/mail-outbox.js';
import { renderRolloutMail, type RolloutMailContext } from './rollout.templates.js';
import { rolloutWorkflowId } from '../../../workflows/contracts/ids.js';
import type { Notification, Recipient, ResourceAssessment, RolloutTaskType } from '../../../workflows/contracts/rollout.contract.js';
import { RolloutRepository } from './rollout.repository.js';
import { TaskLinkService } from '../tasks/task-link.service.js';
import { TaskRepository } from '../tasks/task.repository.js';

const LINKED_KINDS = new Set(['task_assigned', 'task_reminder', 'task_escalated']);

interface Addressee {
  key: string;
  /** The key this message had before keys named their case (`<step>/<recipient>`), where it differs. */
  legacyKey?: string;
  email: string;
  name: string;
  language: Language;
  personId?: string;
  copy: boolean;
}

/**
 * The step's key, naming its case: the workflow's keys for one-off steps (`submitted`, `declined`,
 * `r1:changes`, …) are the same in every case, so the case's workflow id goes in front unless the
 * key starts with it already (task keys do).
 */
export function caseScopedKey(n: Pick<Notification, 'key' | 'caseId'>): string {
  const workflowId = rolloutWorkflowId(n.caseId);
  return n.key.startsWith(`${workflowId}:`) ? n.key : `${workflowId}:${n.key}`;
}

/**
 * Renders a case notification in each recipient's language and queues it in the mail outbox, one
 * message per recipient. Each (step, recipient) is queued once: a retried activity skips those
 * queued already.
 */
@Injectable()
export class RolloutNotifier {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly organisation: OrganisationRepository,
    private readonly outbox: MailOutbox,
    private readonly rollouts: RolloutRepository,
    private readonly tasks: TaskRepository,
    private readonly links: TaskLinkService,
  ) {}

  async notify(n: Notification): Promise<void> {
    const addressees = await this.addressees(n);
    const done = await this.outbox.queued(addressees.map((a) => a.key));
    // A step queued before keys named their case counts as done only when it was queued for this case.
    const legacy = await this.outbox.queuedForCase(addressees.flatMap((a) => (a.legacyKey ? [a.legacyKey] : [])), n.caseId);
    const pending = addressees.filter((a) => !done.has(a.key) && !(a.legacyKey && legacy.has(a.legacyKey)));
    if (!pending.length) return;
    const context = await this.context(n);
    for (const a of pending) {
      const task = context.task;
      const url =
        task && n.taskId && a.personId && LINKED_KINDS.has(n.kind) && !a.copy && a.personId === context.assigneeId
          ? await this.links.url(n.taskId, a.personId, context.assignment)
          : undefined;
      const rendered = renderRolloutMail(n.kind, a.language, {
        ...context.shared,
        recipientName: a.name,
        copy: a.copy,
        task: task && { ...task, url },
      });
      await this.outbox.queue({ key: a.key, recipient: a.email, kind: n.kind, caseId: n.caseId }, rendered);
    }
  }

  private async addressees(n: Notification): Promise<Addressee[]> {
    const all: { r: Recipient; copy: boolean }[] = [...n.to.map((r) => ({ r, copy: false })), ...(n.cc ?? []).map((r) => ({ r, copy: true }))];
    const ids = all.flatMap(({ r }) => ('personId' in r ? [r.personId] : []));
    const people = await this.organisation.peopleById(ids);
    const step = caseScopedKey(n);
    const legacy = (recipient: string) => (step === n.key ? undefined : `${n.key}/${recipient}`);
    const out: Addressee[] = [];
    for (const { r, copy } of all) {
      if ('personId' in r) {
        const p = people.get(r.personId);
        if (!p) continue;
        out.push({ key: `${step}/${p.id}`, legacyKey: legacy(p.id), email: p.email, name: p.name, language: p.preferredLanguage, personId: p.id, copy });
      } else {
        const group = await this.organisation.centralGroup();
        if (!group) continue;
        out.push({ key: `${step}/central`, legacyKey: legacy('central'), email: group.mailbox, name: group.name, language: 'nb', copy });
      }
    }
    // One message per recipient and step, even when a person is named twice.
    return out.filter((a, i) => out.findIndex((b) => b.key === a.key) === i);
  }

  private async context(n: Notification) {
    const rollout = await this.rollouts.find(n.caseId);
    if (!rollout?.programme) throw new Error(`no rollout case ${n.caseId}`);
    const task = n.taskId ? await this.tasks.find(n.taskId) : null;
    const caseTasks = await this.tasks.forCase(n.caseId);
    const people = await this.organisation.peopleById([rollout.initiatorId, ...(task ? [task.assigneeId] : [])]);
    const names = new Map([...people].map(([id, p]) => [id, p.name]));
    const decision = (task?.decision ?? {}) as { reason?: string; comment?: string };
    const assessments = caseTasks
      .filter((t) => t.type.startsWith('anchoring_') && t.status === 'done' && (t.decision as { outcome?: string } | null)?.outcome === 'approve')
      .map((t) => ({ role: t.type === 'anchoring_programme_leader' ? 'Studieleder / Programme leader' : 'Seksjonssjef / Section head', assessment: (t.decision as { assessment: ResourceAssessment }).assessment }));
    const shared: Omit<RolloutMailContext, 'recipientName' | 'copy' | 'task'> = {
      programme: { nb: rollout.programme.nameNb, en: rollout.programme.nameEn, code: rollout.programme.code },
      initiatorName: names.get(rollout.initiatorId),
      motivation: rollout.motivation,
      reason: decision.reason ?? decision.comment,
      assessments,
      caseUrl: `${this.config.publicUrl}/cases/${rollout.id}`,
    };
    return {
      shared,
      assigneeId: task?.assigneeId,
      assignment: task?.assignment ?? 1,
      task: task ? { type: task.type as RolloutTaskType, dueAt: task.dueAt, assigneeName: names.get(task.assigneeId) ?? '' } : undefined,
    };
  }
}
