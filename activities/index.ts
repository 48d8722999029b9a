import type { MailService } from '../services/platform/mail/mail.service.js';
import { createMailActivities } from './mail.activities.js';
import { createCertificateActivities, type CertificateActivityDependencies } from './certificate.activities.js';
import { createRolloutActivities, type RolloutActivityDependencies } from './rollout.activities.js';

export interface ActivityDependencies extends RolloutActivityDependencies, CertificateActivityDependencies {
  mail: MailService;
}

/** All activities the worker registers, built from the services they call. */
export function createActivities(deps: ActivityDependencies) {
  return {
    ...createMailActivities(deps.mail),
    ...createRolloutActivities(deps),
    ...createCertificateActivities(deps),
  };
}
