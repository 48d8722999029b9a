import type { MailActivities } from '../workflows/contracts/mail.contract.js';
import type { MailService } from '../services/platform/mail/mail.service.js';

/** Thin adapter: the workflow's mail activity, delegating to the mail service. */
export function createMailActivities(mail: MailService): MailActivities {
  return {
    deliverMail: (message) => mail.send(message),
  };
}
