import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';
import { CertificateNotifier } from './certificate.notifier.js';
import { CertificateRepository } from './certificate.repository.js';
import { TimelineRepository } from '../timeline/timeline.repository.js';
import { DiplomaService } from '../diplomas/diploma.service.js';
import { runEffects, type CertificateActivities, type CertificateEffect } from '../../../workflows/contracts/certificate.contract.js';
import type { TaskActivities } from '../../../workflows/contracts/tasks.contract.js';
import { TaskRepository } from '../tasks/task.repository.js';
import { taskTiming } from '../rollouts/rollout.activities.js';

type Own = Omit<CertificateActivities, keyof TaskActivities>;

/** Thin adapters from the certificate workflow to the services; each is idempotent. */
@Injectable()
export class CertificateActivitiesImpl implements Own {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly certificates: CertificateRepository,
    private readonly notifier: CertificateNotifier,
    private readonly diplomas: DiplomaService,
    private readonly timeline: TimelineRepository,
    private readonly tasks: TaskRepository,
  ) {}

  /** A step's effects in order, in this one activity (each is idempotent by its key). */
  async certificateStep({ effects }: { effects: CertificateEffect[] }): Promise<void> {
    await runEffects(
      {
        openTask: async (spec) => taskTiming(this.config, (await this.tasks.create(spec, new Date(taskTiming(this.config, new Date()).dueAt))).createdAt),
        closeTask: (close) => this.tasks.close(close),
        notifyCertificate: (input) => this.notifyCertificate(input),
        recordCertificate: (input) => this.recordCertificate(input),
        settleProposal: (input) => this.settleProposal(input),
      },
      effects,
    );
  }

  async resolveCertificateParticipants({ programmeId }: Parameters<Own['resolveCertificateParticipants']>[0]) {
    const group = await this.certificates.localGroup(programmeId);
    // Retryable: once the local group is registered, the certificate goes on by itself.
    if (!group.confirmerId) throw ApplicationFailure.retryable('the programme has no administrative resource or academic coordinator in its local group', 'NoLocalGroup');
    return { confirmerId: group.confirmerId, groupMemberIds: group.memberIds };
  }

  notifyCertificate(input: Parameters<Own['notifyCertificate']>[0]): Promise<void> {
    return this.notifier.notify(input);
  }

  settleProposal(input: Parameters<Own['settleProposal']>[0]): Promise<void> {
    return this.certificates.settleProposal(input.proposalId, input.approved, input.decidedBy);
  }

  certificateClock({ expectedEndOfStudies }: Parameters<Own['certificateClock']>[0]) {
    const end = Date.parse(`${expectedEndOfStudies}T23:59:59Z`);
    return Promise.resolve({ msUntilEnd: Math.max(0, end - Date.now()), graceMs: this.config.certificates.inactivityGraceDays * 86_400_000 });
  }

  async recordCertificate({ certificateId, stage, event, snapshot }: Parameters<Own['recordCertificate']>[0]): Promise<void> {
    if (stage) await this.certificates.setStage(certificateId, stage);
    if (snapshot) await this.certificates.saveSnapshot(certificateId, snapshot);
    if (event) await this.timeline.add({ ...event, caseId: certificateId });
  }

  async issueDiploma({ certificateId, counted }: Parameters<Own['issueDiploma']>[0]) {
    const diploma = await this.diplomas.issue(certificateId, counted);
    return { verificationCode: diploma.verificationCode };
  }
}
