import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';
import { ActivityProposalEntity, CatalogueActivityEntity, DiplomaEntity, PersonEntity, TaskEntity } from '../../platform/db/entities/index.js';
import { renderCertificateMail } from './certificate.templates.js';
import type { CertificateMailKind } from '../../../workflows/contracts/certificate.contract.js';
import { CertificateRepository } from './certificate.repository.js';
import { certificateTaskSubject } from '../../../workflows/contracts/ids.js';
import { MailOutbox } from '../../platform/mail/mail-outbox.js';
import { TaskLinkService } from '../tasks/task-link.service.js';

/** The certificate's e-mails, per recipient and language, each sent once per step and recipient. */
@Injectable()
export class CertificateNotifier {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly certificates: CertificateRepository,
    private readonly outbox: MailOutbox,
    private readonly links: TaskLinkService,
  ) {}

  async notify(input: { key: string; kind: CertificateMailKind; certificateId: string; to: string[]; taskId?: string; comment?: string }): Promise<void> {
    const certificate = await this.certificates.find(input.certificateId);
    if (!certificate?.programme || !certificate.student) throw new Error(`no certificate ${input.certificateId}`);
    const people = await this.db.getRepository(PersonEntity).findBy({ id: In(input.to) });
    const task = input.taskId ? await this.db.getRepository(TaskEntity).findOneBy({ id: input.taskId }) : null;
    const { participationId, proposalId } = certificateTaskSubject(input.taskId);
    const participation = participationId ? await this.certificates.participation(participationId) : null;
    const activity = participation ? await this.db.getRepository(CatalogueActivityEntity).findOneBy({ id: participation.activityId }) : null;
    const proposal = proposalId ? await this.db.getRepository(ActivityProposalEntity).findOneBy({ id: proposalId }) : null;
    const diploma = input.kind === 'diploma_issued' ? await this.db.getRepository(DiplomaEntity).findOneBy({ certificateId: certificate.id }) : null;
    const decision = (task?.decision ?? {}) as { reason?: string };
    for (const person of people) {
      const taskUrl = task && (input.kind === 'task_assigned' || input.kind === 'proposal_task') && task.assigneeId === person.id ? await this.links.url(task.id, person.id, task.assignment) : undefined;
      const rendered = renderCertificateMail(input.kind, person.preferredLanguage, {
        recipientName: person.name,
        programme: { nb: certificate.programme.nameNb, en: certificate.programme.nameEn },
        certificateUrl: `${this.config.publicUrl}/certificates/${certificate.id}`,
        taskUrl,
        activityName: activity?.name ?? proposal?.name,
        studentName: certificate.student.name,
        comment: input.comment ?? decision.reason,
        verifyUrl: diploma ? `${this.config.publicUrl}/verify/${diploma.verificationCode}` : undefined,
      });
      await this.outbox.queue(
        { key: `${input.key}/${person.id}`, recipient: person.email, kind: input.kind, caseId: certificate.id },
        { ...rendered, attachments: diploma ? [{ filename: `cil-diploma-${diploma.verificationCode}.pdf`, content: diploma.pdf, contentType: 'application/pdf' }] : undefined },
      );
    }
  }
}
