import { ApplicationFailure } from '@temporalio/common';
import type { AppConfig } from '../services/platform/config/config.schema.js';
import type { CertificateNotifier } from '../services/features/certificates/certificate.notifier.js';
import type { CertificateRepository } from '../services/features/certificates/certificate.repository.js';
import type { RolloutRepository } from '../services/features/rollouts/rollout.repository.js';
import type { DiplomaService } from '../services/features/diplomas/diploma.service.js';
import type { CertificateActivities } from '../workflows/contracts/certificate.contract.js';
import type { TaskActivities } from '../workflows/contracts/tasks.contract.js';

export interface CertificateActivityDependencies {
  config: AppConfig;
  certificates: CertificateRepository;
  certificateNotifier: CertificateNotifier;
  diplomas: DiplomaService;
  rollouts: RolloutRepository;
}

/** Thin adapters from the certificate workflow to the services; each is idempotent. */
export function createCertificateActivities(deps: CertificateActivityDependencies): Omit<CertificateActivities, keyof TaskActivities> {
  return {
    async resolveCertificateParticipants({ programmeId }) {
      const group = await deps.certificates.localGroup(programmeId);
      // Retryable: once the local group is registered, the certificate goes on by itself.
      if (!group.confirmerId) throw ApplicationFailure.retryable('the programme has no administrative resource or academic coordinator in its local group', 'NoLocalGroup');
      return { confirmerId: group.confirmerId, groupMemberIds: group.memberIds };
    },
    notifyCertificate: (input) => deps.certificateNotifier.notify(input),
    settleProposal: (input) => deps.certificates.settleProposal(input.proposalId, input.approved, input.decidedBy),
    certificateClock({ expectedEndOfStudies }) {
      const end = Date.parse(`${expectedEndOfStudies}T23:59:59Z`);
      return Promise.resolve({ msUntilEnd: Math.max(0, end - Date.now()), graceMs: deps.config.certificates.inactivityGraceDays * 86_400_000 });
    },
    async recordCertificate({ certificateId, stage, event }) {
      if (stage) await deps.certificates.setStage(certificateId, stage);
      if (event) await deps.rollouts.addEvent({ ...event, caseId: certificateId });
    },
    async issueDiploma({ certificateId, counted }) {
      const diploma = await deps.diplomas.issue(certificateId, counted);
      return { verificationCode: diploma.verificationCode };
    },
  };
}
